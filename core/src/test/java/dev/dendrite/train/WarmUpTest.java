package dev.dendrite.train;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class WarmUpTest {
    /** Trains a small network for a few steps and returns its weights by name. */
    private static Map<String, float[]> train() {
        Rng rng = new Rng(3);
        int n = 64;
        float[] x = new float[n * 20];
        int[] y = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextFloat();
        }
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(3);
        }
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            names.add("f" + i);
        }
        Dataset data = Dataset.classification(Tensor.wrap(x, Shape.of(n, 20)), names, y, List.of("a", "b", "c"));
        Layer net = new Sequential(new Dense(20, 16, Init.HE_UNIFORM, rng), Activation.relu(),
                new Dense(16, 3, Init.XAVIER_UNIFORM, rng));
        TrainStep step = new TrainStep(net, new CrossEntropy());
        Adam adam = new Adam(step.parameters(), 1e-2);
        for (int epoch = 0; epoch < 5; epoch++) {
            for (Batch b : new DataLoader(data, 16, 1).epoch(epoch)) {
                step.computeThen(b, rng, r -> adam.step(r.gradients()));
            }
        }
        Map<String, float[]> out = new TreeMap<>();
        for (Map.Entry<String, Parameter> e : step.parameters().entrySet()) {
            out.put(e.getKey(), e.getValue().value().buffer().clone());
        }
        return out;
    }

    @Test
    void aRunBesideTheWarmUpEndsWithTheSameWeightsAsOneAlone() throws Exception {
        Map<String, float[]> alone = train();
        WarmUp w = WarmUp.start(5_000);
        Map<String, float[]> beside = train();
        w.join();
        assertThat(beside.keySet()).isEqualTo(alone.keySet());
        for (String k : alone.keySet()) {
            assertThat(beside.get(k)).as(k).containsExactly(alone.get(k));
        }
    }

    @Test
    void closeStopsItLongBeforeItsTimeLimit() throws Exception {
        WarmUp w = WarmUp.start(60_000);
        long t0 = System.nanoTime();
        w.close();
        w.join();
        // one step of the small network at most, even interpreted; far from the minute allowed
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(20);
    }

    @Test
    void aZeroLimitStartsNothing() throws Exception {
        long before = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("dendrite-warm-up")).count();
        WarmUp w = WarmUp.start(0);
        long during = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("dendrite-warm-up")).count();
        w.join();
        assertThat(during).isEqualTo(before);
    }

    @Test
    void itsFirstStepsRunATileDeeperThanOnePackedBlock() {
        // VectorGemm cuts the depth into blocks of at most KC = 256: depth 300 is two
        // blocks of 150, the second added into C; 4 rows (MR) by 32 columns are whole
        // tiles with either vector width (NR = 16 or 32), so the full-tile branch runs
        assertThat(WarmUp.DEEP[1]).isGreaterThan(256);
        assertThat(WarmUp.DEEP[0]).isEqualTo(4);
        assertThat(WarmUp.DEEP[2] % 32).isZero();
        // from the first step on, well before the large network's first step
        assertThat(WarmUp.DEEP_STEPS).isGreaterThanOrEqualTo(WarmUp.LARGE_EVERY);
    }

    @Test
    void itsShapesTakeEveryPathOfTheMatrixProduct() {
        // the thresholds of VectorGemm: depth block KC = 256, row block MC = 128,
        // split across threads from 2e6 flops, and the narrow path for outputs of 10
        boolean deepForward = false;
        boolean tallWeightGradient = false;
        boolean parallel = false;
        boolean serial = false;
        boolean narrow = false;
        boolean edgeTiles = false;
        for (int[] net : WarmUp.NETWORKS) {
            int batch = net[net.length - 1];
            for (int i = 1; i < net.length - 1; i++) {
                int in = net[i - 1];
                int out = net[i];
                deepForward |= in > 256;
                tallWeightGradient |= in > 128;
                double flops = 2.0 * batch * in * out;
                parallel |= flops > 2e6;
                serial |= flops < 2e6;
                narrow |= out == 10;
                edgeTiles |= out % 16 != 0 && out > 16;
            }
        }
        assertThat(new boolean[] {deepForward, tallWeightGradient, parallel, serial, narrow, edgeTiles})
                .containsOnly(true);
    }
}
