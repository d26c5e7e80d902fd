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
        return Stream.of(
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
