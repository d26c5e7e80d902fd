package dev.dendrite.nn;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.autograd.Var;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.loss.SquaredError;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gradient checks of every layer's parameters through a loss, one row per layer.
 * Tolerances as in {@link GradCheck.Options#defaults()}.
 */
class LayerGradCheckTest {

    private record Case(String name, Layer layer, Supplier<Var> loss) {
    }

    private static Stream<Case> cases() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.uniform(rng, -1f, 1f, 5, 4);
        Tensor y = Tensor.uniform(rng, -1f, 1f, 5, 3);
        Tensor labels = Tensor.vector(0, 2, 1, 1, 0);
        Dense dense = new Dense(4, 3, Init.XAVIER_UNIFORM, rng);
        Dense noBias = new Dense(4, 3, false, Init.HE_NORMAL, rng);
        Sequential tanhNet = new Sequential(new Dense(4, 6, Init.XAVIER_NORMAL, rng), Activation.tanh(),
                new Dense(6, 3, Init.XAVIER_UNIFORM, rng));
        Sequential sigmoidNet = new Sequential(new Dense(4, 6, Init.UNIFORM, rng), Activation.sigmoid(),
                new Dense(6, 3, Init.UNIFORM, rng), Activation.softmax());
        // biases start at 0.3 so no pre-activation sits at relu's kink
        Sequential reluNet = new Sequential(new Dense(Tensor.uniform(rng, -1f, 1f, 4, 6), Tensor.full(0.3f, 6)),
                Activation.relu(), new Dense(6, 3, Init.HE_UNIFORM, rng));
        Sequential leakyNet = new Sequential(new Dense(Tensor.uniform(rng, -1f, 1f, 4, 6), Tensor.full(0.3f, 6)),
                Activation.leakyRelu(0.1f), new Dense(6, 3, Init.HE_UNIFORM, rng));
        Sequential dropoutNet = new Sequential(new Dense(4, 6, Init.XAVIER_UNIFORM, rng), new Dropout(0.3f),
                new Dense(6, 3, Init.XAVIER_UNIFORM, rng));
        Tensor img = Tensor.uniform(rng, -1f, 1f, 2, 4, 6, 5);
        Tensor imgY = Tensor.uniform(rng, -1f, 1f, 2, 3);
        Tensor imgLabels = Tensor.vector(2, 0);
        Sequential convNet = new Sequential(new Conv2d(6, 3).stride(2).padding(2).groups(2), new Flatten(),
                new Dense(3)).build(dev.dendrite.tensor.Shape.of(4, 6, 5), rng);
        Sequential poolNet = new Sequential(new Conv2d(3, 3).dilation(2, 1).paddingSame().noBias(),
                new MaxPool2d(new int[] {3, 2}, new int[] {2, 2}, new int[] {1, 1}), new Flatten(), new Dense(3))
                .build(dev.dendrite.tensor.Shape.of(4, 6, 5), rng);
        Sequential avgNet = new Sequential(new Conv2d(5, 1), new AvgPool2d(2), new Conv2d(4, 1).groups(1),
                new GlobalAvgPool2d(), new Dense(3)).build(dev.dendrite.tensor.Shape.of(4, 6, 5), rng);
        // layer norm over one axis between dense layers, and over [C, H, W] after a convolution; gamma and
        // beta start away from 1 and 0 so their gradients are not a special case
        Sequential lnNet = new Sequential(new Dense(4, 6, Init.XAVIER_UNIFORM, rng), new LayerNorm(6),
                new Dense(6, 3, Init.XAVIER_UNIFORM, rng));
        Sequential convLnNet = new Sequential(new Conv2d(3, 3).padding(1), new LayerNorm(), new Flatten(),
                new Dense(3)).build(dev.dendrite.tensor.Shape.of(4, 6, 5), rng);
        for (Sequential net : java.util.List.of(lnNet, convLnNet)) {
            LayerNorm ln = (LayerNorm) net.layers().get(1);
            Tensor g = ln.parameters().get("weight").value();
            ln.parameters().get("weight").update(Tensor.uniform(rng, 0.5f, 1.5f, g.shape().dims()));
            ln.parameters().get("bias").update(Tensor.uniform(rng, -0.5f, 0.5f, g.shape().dims()));
        }
        return Stream.of(
                new Case("layer norm over features", lnNet, () -> SquaredError.mean().apply(
                        lnNet.forward(Var.constant(x), Mode.EVAL), y)),
                new Case("layer norm over channels and pixels", convLnNet, () -> new CrossEntropy().apply(
                        convLnNet.forward(Var.constant(img), Mode.EVAL), imgLabels)),
                new Case("conv2d stride 2, padding 2, groups 2", convNet, () -> SquaredError.mean().apply(
                        convNet.forward(Var.constant(img), Mode.EVAL), imgY)),
                new Case("conv2d dilated same padding, max pool, cross-entropy", poolNet, () -> new CrossEntropy()
                        .apply(poolNet.forward(Var.constant(img), Mode.EVAL), imgLabels)),
                new Case("conv 1x1, avg pool, global avg pool", avgNet, () -> SquaredError.mean().apply(
                        avgNet.forward(Var.constant(img), Mode.EVAL), imgY)),
                new Case("dense", dense, () -> SquaredError.mean().apply(dense.forward(Var.constant(x), Mode.EVAL), y)),
                new Case("dense without bias", noBias, () -> SquaredError.sum().apply(noBias.forward(Var.constant(x), Mode.EVAL), y)),
                new Case("dense-tanh-dense", tanhNet, () -> SquaredError.mean().apply(tanhNet.forward(Var.constant(x), Mode.EVAL), y)),
                new Case("sigmoid + softmax output", sigmoidNet, () -> SquaredError.mean().apply(sigmoidNet.forward(Var.constant(x), Mode.EVAL), y)),
                new Case("relu net, cross-entropy", reluNet, () -> new CrossEntropy().apply(reluNet.forward(Var.constant(x), Mode.EVAL), labels)),
                new Case("leaky relu net, cross-entropy", leakyNet, () -> new CrossEntropy().apply(leakyNet.forward(Var.constant(x), Mode.EVAL), labels)),
                // the same seed for every evaluation gives the same dropout mask, so the loss is a fixed function
                new Case("dropout (fixed mask)", dropoutNet, () -> SquaredError.mean().apply(
                        dropoutNet.forward(Var.constant(x), Mode.train(new Rng(99))), y)));
    }

    @TestFactory
    Stream<DynamicTest> everyLayerAgreesWithFiniteDifferences() {
        return cases().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            GradCheck.Report r = GradCheck.checkParameters(c.loss(), c.layer().parameters().values(),
                    GradCheck.Options.defaults());
            assertThat(r.passed()).as(c.name() + ": " + r.worst()).isTrue();
        }));
    }
}
