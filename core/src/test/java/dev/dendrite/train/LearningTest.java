package dev.dendrite.train;

import dev.dendrite.autograd.Var;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.loss.SquaredError;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Mode;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.Sgd;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Small problems that a correct engine must learn. */
class LearningTest {

    @Test
    void seedExampleWalksWToFour() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4}, 5, 1);
        Tensor y = Tensor.of(new float[] {0, 4, 8, 12, 16}, 5, 1);
        Dense model = new Dense(Tensor.of(new float[] {2}, 1, 1), null);
        Sgd sgd = new Sgd(model.parameters(), 0.01);
        StopRule stop = StopRule.lossBelow(0.000001).or(StopRule.maxSteps(1000));
        long steps = 0;
        double loss;
        while (true) {
            Var l = SquaredError.sum().apply(model.forward(Var.constant(x), Mode.EVAL), y);
            loss = l.item();
            if (stop.shouldStop(steps, loss)) {
                break;
            }
            sgd.step(l.backward());
            steps++;
        }
        assertThat(loss).isLessThan(0.000001);
        assertThat(stop.reason(steps, loss)).startsWith("loss");
        assertThat(model.weight().value().item()).isCloseTo(4f, within(2e-4f));
        // (4 - w) shrinks by 1 - 0.01 * 60 = 0.4 per step; 30 (2 * 0.4^n)^2 < 1e-6 needs
        // 0.4^n < sqrt(1e-6 / 120) = 9.1e-5, first at n = 11
        assertThat(steps).isEqualTo(11);
    }

    @Test
    void xorWithTwoFourOneReachesFullAccuracy() {
        Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        Rng rng = new Rng(1);
        Sequential net = new Sequential(new Dense(2, 4, Init.XAVIER_UNIFORM, rng), Activation.tanh(),
                new Dense(4, 1, Init.XAVIER_UNIFORM, rng), Activation.sigmoid());
        Sgd sgd = new Sgd(net.parameters(), 0.5, 0.9, false, 0);
        for (int step = 0; step < 2000; step++) {
            sgd.step(SquaredError.mean().apply(net.forward(Var.constant(x), Mode.EVAL), y).backward());
        }
        float[] p = net.forward(Var.constant(x), Mode.EVAL).value().toArray();
        float[] truth = y.toArray();
        for (int i = 0; i < 4; i++) {
            assertThat(p[i] > 0.5f ? 1f : 0f).as("row " + i + " predicted " + p[i]).isEqualTo(truth[i]);
        }
    }

    @Test
    void softmaxNetFitsThreeGaussianBlobs() {
        Rng rng = new Rng(5);
        int perClass = 50;
        float[][] centres = {{0, 2}, {2, -1}, {-2, -1}};
        float[] xs = new float[3 * perClass * 2];
        float[] labels = new float[3 * perClass];
        for (int c = 0, i = 0; c < 3; c++) {
            for (int k = 0; k < perClass; k++, i++) {
                xs[2 * i] = centres[c][0] + (float) (0.5 * rng.nextGaussian());
                xs[2 * i + 1] = centres[c][1] + (float) (0.5 * rng.nextGaussian());
                labels[i] = c;
            }
        }
        Tensor x = Tensor.of(xs, 3 * perClass, 2);
        Tensor y = Tensor.vector(labels);
        Dense net = new Dense(2, 3, Init.XAVIER_UNIFORM, rng);
        Adam adam = new Adam(net.parameters(), 0.05);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 200; step++) {
            Var loss = new CrossEntropy().apply(net.forward(Var.constant(x), Mode.EVAL), y);
            if (step == 0) {
                first = loss.item();
            }
            last = loss.item();
            adam.step(loss.backward());
        }
        assertThat(last).isLessThan(first / 5);
        int[] predicted = net.forward(Var.constant(x), Mode.EVAL).softmax(1).value().argmaxRows();
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == (int) labels[i] ? 1 : 0;
        }
        assertThat(correct / (double) predicted.length).isGreaterThan(0.95);
    }

    @Test
    void crossEntropyStaysFiniteForHugeLogits() {
        Var logits = Var.variable(Tensor.of(new float[] {1000, -1000, 0, -1000, 1000, 0}, 2, 3));
        Var loss = new CrossEntropy().apply(logits, Tensor.vector(1, 1));
        // row 0: the true class is 2000 below the best, so the loss is 2000; row 1 is right: 0
        assertThat(loss.item()).isCloseTo(1000f, within(1e-3f));
        Tensor g = loss.backward().get(logits);
        assertThat(g.hasNonFinite()).isFalse();
        // d/dlogits = (softmax - onehot) / N
        assertThat(g.toArray()).containsExactly(new float[] {0.5f, -0.5f, 0, 0, 0, 0}, within(1e-6f));
    }
}
