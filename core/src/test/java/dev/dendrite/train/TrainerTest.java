package dev.dendrite.train;

import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.loss.SquaredError;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.Sgd;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainerTest {

    /** Two noisy blobs; labels of {@code flip} share of the rows are swapped at random. */
    private static Dataset blobs(long seed, int n, double flip) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            x[2 * i] = (float) ((c == 0 ? -1 : 1) + 0.8 * rng.nextGaussian());
            x[2 * i + 1] = (float) (0.8 * rng.nextGaussian());
            y[i] = rng.nextDouble() < flip ? 1 - c : c;
        }
        return Dataset.classification(Tensor.of(x, n, 2), List.of("x1", "x2"), y, List.of("a", "b"));
    }

    private static Sequential wideNet(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Dense(2, 64, Init.HE_UNIFORM, rng), Activation.relu(),
                new Dense(64, 64, Init.HE_UNIFORM, rng), Activation.relu(), new Dense(64, 2, Init.XAVIER_UNIFORM, rng));
    }

    @Test
    void earlyStoppingRestoresTheBestWeights() {
        // a big net on a small noisy training set overfits: validation loss rises after a while
        Dataset train = blobs(1, 40, 0.3);
        Dataset validation = blobs(2, 400, 0.0);
        Sequential net = wideNet(3);
        Trainer trainer = new Trainer(net, new CrossEntropy(), new Adam(net.parameters(), 0.01),
                TrainOptions.defaults().withEpochs(300).withEarlyStopping(5, 0, true));
        Trainer.Result r = trainer.fit(new DataLoader(train, 8, 4), validation);
        assertThat(r.stopReason()).startsWith("early stopping").contains("restored the weights of epoch");
        History.Epoch best = r.history().best();
        assertThat(r.history().size()).isEqualTo(best.epoch() + 5);
        double now = Trainer.evaluate(net, new CrossEntropy(), validation).loss();
        assertThat(now).isEqualTo(best.validationLoss());
        assertThat(r.history().last().validationLoss()).isGreaterThan(best.validationLoss());
    }

    @Test
    void stopsAtTheTargetLossOrTheStepLimit() {
        Dataset data = blobs(5, 200, 0);
        Sequential net = wideNet(6);
        Trainer.Result r = new Trainer(net, new CrossEntropy(), new Adam(net.parameters(), 0.01),
                TrainOptions.defaults().withEpochs(100).withTargetLoss(0.35)).fit(new DataLoader(data, 20, 1), null);
        assertThat(r.stopReason()).startsWith("training loss");
        assertThat(r.history().last().trainLoss()).isLessThan(0.35);
        assertThat(r.history().size()).isLessThan(100);

        Sequential net2 = wideNet(6);
        Trainer.Result r2 = new Trainer(net2, new CrossEntropy(), new Adam(net2.parameters(), 0.01),
                TrainOptions.defaults().withEpochs(100).withMaxSteps(25)).fit(new DataLoader(data, 20, 1), null);
        assertThat(r2.stopReason()).isEqualTo("reached the step limit 25");
        assertThat(r2.state().step()).isEqualTo(25);
        assertThat(r2.history().size()).isEqualTo(3);
    }

    @Test
    void divergenceStopsBeforeTheBadUpdateAndNamesTheStep() {
        Dataset data = blobs(5, 64, 0);
        Sequential net = wideNet(7);
        Trainer t = new Trainer(net, SquaredError.mean(), new Sgd(net.parameters(), 1e6),
                TrainOptions.defaults().withEpochs(50));
        List<Map<String, Tensor>> seen = new ArrayList<>();
        t.listen(new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, long step, double loss) {
                seen.add(t.snapshot());
            }
        });
        assertThatThrownBy(() -> t.fit(new DataLoader(data, 16, 1), null))
                .isInstanceOf(DivergenceException.class)
                .hasMessageMatching("training diverged at epoch \\d+, step \\d+: .*; try a lower learning rate, "
                        + "normalised inputs, or gradient clipping \\(--clip-norm\\)");
        // the weights are those of the last good step: all finite
        t.snapshot().values().forEach(v -> assertThat(v.hasNonFinite()).isFalse());
        assertThat(seen).isNotEmpty();
    }

    @Test
    void clippingBoundsTheUpdate() {
        Dataset data = blobs(5, 64, 0);
        Sequential net = wideNet(8);
        Map<String, Tensor> before = new Trainer(net, new CrossEntropy(), new Sgd(net.parameters(), 1.0),
                TrainOptions.defaults()).snapshot();
        Trainer t = new Trainer(net, new CrossEntropy(), new Sgd(net.parameters(), 1.0),
                TrainOptions.defaults().withEpochs(1).withMaxSteps(1).withClipping(0.01, 0));
        t.fit(new DataLoader(data, 64, 1), null);
        double moved = 0;
        for (Map.Entry<String, Tensor> e : t.snapshot().entrySet()) {
            float[] a = e.getValue().toArray();
            float[] b = before.get(e.getKey()).toArray();
            for (int i = 0; i < a.length; i++) {
                moved += (double) (a[i] - b[i]) * (a[i] - b[i]);
            }
        }
        // one SGD step with lr 1 moves the weights by exactly the clipped gradient: norm <= 0.01
        assertThat(Math.sqrt(moved)).isLessThanOrEqualTo(0.01 + 1e-6).isGreaterThan(0.009);
    }

    @Test
    void sameSeedSameWeights() {
        Dataset data = blobs(9, 100, 0.1);
        Map<String, Tensor> a = run(data);
        Map<String, Tensor> b = run(data);
        a.forEach((k, v) -> assertThat(b.get(k).toArray()).containsExactly(v.toArray()));
    }

    private static Map<String, Tensor> run(Dataset data) {
        Sequential net = wideNet(10);
        Trainer t = new Trainer(net, new CrossEntropy(), new Adam(net.parameters(), 0.01),
                TrainOptions.defaults().withEpochs(3).withSeed(77));
        t.fit(new DataLoader(data, 10, 77), null);
        return t.snapshot();
    }
}
