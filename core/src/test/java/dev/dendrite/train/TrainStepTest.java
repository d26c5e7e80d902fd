package dev.dendrite.train;

import dev.dendrite.autograd.Gradients;
import dev.dendrite.autograd.Var;
import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.loss.Loss;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.BatchNorm;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Graph;
import dev.dendrite.nn.Init;

import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.Sgd;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The step separated from the loop, the loss contract, Java-API checkpoints and listener control. */
class TrainStepTest {
    @TempDir
    Path dir;

    /** Three separable blobs in 2-D. */
    private static Dataset blobs(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            x[2 * i] = (float) (Math.cos(c * 2.1) * 2 + 0.3 * rng.nextGaussian());
            x[2 * i + 1] = (float) (Math.sin(c * 2.1) * 2 + 0.3 * rng.nextGaussian());
            y[i] = c;
        }
        return Dataset.classification(Tensor.of(x, n, 2), List.of("a", "b"), y, List.of("r", "g", "b"));
    }

    private static Sequential net(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Dense(2, 16, Init.HE_UNIFORM, rng), Activation.relu(),
                new Dense(16, 3, Init.XAVIER_UNIFORM, rng));
    }

    @Test
    void aStepComputesGradientsAndChangesNothing() {
        Sequential m = net(1);
        Dataset d = blobs(30, 2);
        Batch batch = new DataLoader(d, 10, 3).epoch(0).iterator().next();
        Map<String, Tensor> before = new java.util.LinkedHashMap<>();
        m.parameters().forEach((k, p) -> before.put(k, p.value()));
        TrainStep step = new TrainStep(m, new CrossEntropy());
        TrainStep.Result r = step.compute(batch, new Rng(5));
        m.parameters().forEach((k, p) -> assertThat(p.value().toArray()).containsExactly(before.get(k).toArray()));
        assertThat(r.byName().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
        // the same as building the graph by hand
        Var out = m.forward(Var.constant(batch.x()), dev.dendrite.nn.Mode.EVAL);
        Gradients g = new CrossEntropy().apply(out, batch.labelTensor()).backward();
        assertThat(r.byName().get("2.weight").toArray()).containsExactly(g.get(m.parameters().get("2.weight")).toArray());
        // flat vectors for transport round-trip
        float[] flat = r.gradients().flatten(m.parameters());
        assertThat(flat).hasSize(2 * 16 + 16 + 16 * 3 + 3);
        Gradients back = Gradients.unflatten(m.parameters(), flat);
        m.parameters().forEach((k, p) -> assertThat(back.get(p).toArray()).containsExactly(r.byName().get(k).toArray()));
    }

    /** Label smoothing written by a user: it declares that it wants one-hot rows. */
    private static final class SmoothedCrossEntropy implements Loss {
        @Override
        public Var apply(Var logits, Tensor target) {
            int c = logits.shape().dim(1);
            Tensor smooth = target.mul(0.9f).add(0.1f / c);
            return logits.softmaxCrossEntropy(smooth);
        }
    }

    @Test
    void aUserLossGetsTheTargetItDeclares() {
        List<Tensor> seen = new ArrayList<>();
        Loss recording = new Loss() {
            @Override
            public Var apply(Var prediction, Tensor target) {
                seen.add(target);
                return new SmoothedCrossEntropy().apply(prediction, target);
            }
        };
        Sequential m = net(3);
        Dataset train = blobs(90, 4);
        new Trainer(m, recording, new Adam(m.parameters(), 0.05), TrainOptions.defaults().withEpochs(20))
                .fit(new DataLoader(train, 16, 1), null);
        assertThat(seen.get(0).shape()).isEqualTo(Shape.of(16, 3));
        assertThat(Trainer.evaluate(m, new CrossEntropy(), blobs(90, 5)).accuracy()).isGreaterThan(0.95);

        Loss indices = new Loss() {
            @Override
            public Var apply(Var prediction, Tensor target) {
                seen.add(target);
                return new CrossEntropy().apply(prediction, target);
            }

            @Override
            public Target target() {
                return Target.CLASS_INDICES;
            }
        };
        seen.clear();
        new Trainer(m, indices, new Adam(m.parameters(), 0.05), TrainOptions.defaults().withEpochs(1))
                .fit(new DataLoader(train, 16, 1), null);
        assertThat(seen.get(0).shape()).isEqualTo(Shape.of(16));
    }

    @Test
    void aCheckpointFromTheJavaApiResumesBitIdentically() {
        Dataset train = blobs(60, 7);
        Dataset val = blobs(30, 8);
        Sequential full = new Sequential(new Dense(2, 8, Init.HE_UNIFORM, new Rng(2)), new BatchNorm(8),
                Activation.relu(), new Dense(8, 3, Init.XAVIER_UNIFORM, new Rng(3)));
        new Trainer(full, new CrossEntropy(), new Adam(full.parameters(), 0.01),
                TrainOptions.defaults().withEpochs(4))
                .fit(new DataLoader(train, 7, 1), val);

        Path ckpt = dir.resolve("run.ckpt");
        Sequential first = new Sequential(new Dense(2, 8, Init.HE_UNIFORM, new Rng(2)), new BatchNorm(8),
                Activation.relu(), new Dense(8, 3, Init.XAVIER_UNIFORM, new Rng(3)));
        // "killed" after 13 steps: the last checkpoint is from step 12
        assertThatThrownBy(() -> new Trainer(first, new CrossEntropy(), new Adam(first.parameters(), 0.01),
                TrainOptions.defaults().withEpochs(4).withCheckpointFile(ckpt, 3))
                .listen(new TrainingListener() {
                    @Override
                    public void onBatch(int epoch, int batch, long step, double loss) {
                        if (step == 13) {
                            throw new IllegalStateException("killed");
                        }
                    }
                }).fit(new DataLoader(train, 7, 1), val)).hasMessage("killed");
        assertThat(Files.exists(ckpt)).isTrue();

        Sequential resumed = new Sequential(new Dense(2, 8, Init.ZEROS, new Rng(0)), new BatchNorm(8),
                Activation.relu(), new Dense(8, 3, Init.ZEROS, new Rng(0)));
        Trainer.Result r = new Trainer(resumed, new CrossEntropy(), new Adam(resumed.parameters(), 0.01),
                TrainOptions.defaults().withEpochs(4).withCheckpointFile(ckpt, 3))
                .resume(ckpt, new DataLoader(train, 7, 1), val);
        assertThat(r.stopReason()).isEqualTo("completed 4 epochs");
        full.parameters().forEach((k, p) -> assertThat(resumed.parameters().get(k).value().toArray())
                .as(k).containsExactly(p.value().toArray()));
        full.buffers().forEach((k, b) -> assertThat(resumed.buffers().get(k).value().toArray())
                .as(k).containsExactly(b.value().toArray()));
    }

    @Test
    void aListenerCanStopTrainingAndChangeTheLearningRate() {
        Sequential m = net(4);
        Sgd sgd = new Sgd(m.parameters(), 0.1);
        Trainer trainer = new Trainer(m, new CrossEntropy(), sgd, TrainOptions.defaults().withEpochs(50));
        List<Double> rates = new ArrayList<>();
        trainer.listen(new TrainingListener() {
            @Override
            public void onEpoch(History.Epoch e) {
                rates.add(e.learningRate());
                sgd.learningRate(sgd.learningRate() / 2);
                if (e.epoch() == 3) {
                    trainer.stop("enough for this test");
                }
            }
        });
        Trainer.Result r = trainer.fit(new DataLoader(blobs(30, 1), 10, 1), null);
        assertThat(r.stopReason()).isEqualTo("enough for this test");
        assertThat(r.history().size()).isEqualTo(3);
        assertThat(rates).containsExactly(0.1, 0.05, 0.025);
    }

    @Test
    void anExplodingLossStopsTrainingEvenWhileItIsFinite() {
        Sequential m = net(5);
        Trainer trainer = new Trainer(m, new CrossEntropy(), new Sgd(m.parameters(), 1e9),
                TrainOptions.defaults().withEpochs(100));
        assertThatThrownBy(() -> trainer.fit(new DataLoader(blobs(60, 2), 10, 1), null))
                .isInstanceOf(DivergenceException.class)
                .hasMessageContaining("training diverged at epoch 1, step ");
    }

    @Test
    void aGraphWithIndexInputsTrainsFromBatchIds() {
        // y = 1 exactly for even user ids: a per-user embedding learns it
        Rng rng = new Rng(12);
        Graph.Builder b = Graph.builder();
        Graph.Node user = b.indexInput("user");
        Graph.Node e = b.apply("user_vec", new Embedding(8, 4, 0.5f, rng), user);
        Graph g = b.build(rng, b.apply("logits", new Dense(2), e));
        int[] users = {0, 1, 2, 3, 4, 5, 6, 7};
        int[] labels = {1, 0, 1, 0, 1, 0, 1, 0};
        Batch batch = new Batch(null, labels, Dataset.oneHot(labels, 2), users, Map.of("user", users));
        TrainStep step = new TrainStep(g, new CrossEntropy());
        Adam adam = new Adam(g.parameters(), 0.1);
        double first = 0;
        double last = 0;
        for (int i = 0; i < 60; i++) {
            double l = step.computeThen(batch, rng, r -> {
                assertThat(r.gradients().sparse(g.parameters().get("user_vec.weight"))).isNotNull();
                adam.step(r.gradients());
            }).loss();
            first = i == 0 ? l : first;
            last = l;
        }
        assertThat(last).isLessThan(first / 20);
        assertThatThrownBy(() -> step.compute(new Batch(null, labels, Dataset.oneHot(labels, 2), users, Map.of()), rng))
                .hasMessageContaining("the model's input 'user' takes ids, but the batch has none by that name");
    }
}
