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
import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.Sgd;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 10, "a Java API people already know": early stopping on any metric in
 * either direction, learning rates set per step (warm-up, cosine,
 * reduce-on-plateau), optimizers built by named options, and the core's
 * progress printer.
 */
class FamiliarApiTest {

    /** Two well separated blobs: every reasonable step lowers the loss. */
    private static Dataset blobs(long seed, int n) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            x[2 * i] = (float) ((c == 0 ? -2 : 2) + 0.5 * rng.nextGaussian());
            x[2 * i + 1] = (float) (0.5 * rng.nextGaussian());
            y[i] = c;
        }
        return Dataset.classification(Tensor.of(x, n, 2), List.of("x1", "x2"), y, List.of("a", "b"));
    }

    private static Sequential net(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Dense(2, 8, Init.HE_UNIFORM, rng), Activation.relu(),
                new Dense(8, 2, Init.XAVIER_UNIFORM, rng));
    }

    @Test
    void earlyStoppingWatchesTheNamedMetricInTheNamedDirection() {
        Dataset train = blobs(1, 200);
        Dataset validation = blobs(2, 100);
        // falling validation loss: minimising never stalls in 8 epochs ...
        Sequential a = net(3);
        Trainer.Result min = new Trainer(a, new CrossEntropy(), new Sgd(a.parameters(), 0.05),
                TrainOptions.defaults().withEpochs(8).withEarlyStopping("val_loss", false, 2))
                .fit(new DataLoader(train, 20, 4), validation);
        assertThat(min.stopReason()).isEqualTo("completed 8 epochs");
        for (int i = 1; i < 8; i++) {
            assertThat(min.history().epochs().get(i).validationLoss())
                    .isLessThan(min.history().epochs().get(i - 1).validationLoss());
        }
        // ... while maximising it, epoch 1 stays the best, so training stops after epoch 1 + 2
        Sequential b = net(3);
        Trainer.Result max = new Trainer(b, new CrossEntropy(), new Sgd(b.parameters(), 0.05),
                TrainOptions.defaults().withEpochs(8).withEarlyStopping("val_loss", true, 2))
                .fit(new DataLoader(train, 20, 4), validation);
        assertThat(max.history().size()).isEqualTo(3);
        assertThat(max.stopReason()).startsWith("early stopping: validation loss has not improved for 2 epochs")
                .contains("at epoch 1").contains("restored the weights of epoch 1");
        double restored = Trainer.evaluate(b, new CrossEntropy(), validation).loss();
        assertThat(restored).isEqualTo(max.history().epochs().get(0).validationLoss());
    }

    @Test
    void maximisingEarlyStoppingAndAStepScheduleResumeFromACheckpointExactly(@TempDir Path dir) {
        Dataset train = blobs(1, 200);
        Dataset validation = blobs(2, 100);
        TrainOptions options = TrainOptions.defaults().withEpochs(8).withEarlyStopping("val_loss", true, 2)
                .withStepSchedule(StepSchedule.warmup(15, StepSchedule.constant(0.05)));
        Sequential whole = net(3);
        Trainer.Result expected = new Trainer(whole, new CrossEntropy(), new Sgd(whole.parameters(), 0.05), options)
                .fit(new DataLoader(train, 20, 4), validation);

        Path ckpt = dir.resolve("run.ckpt");
        Sequential first = net(3);
        // killed in epoch 3 (10 steps per epoch): the checkpoint is from the end of epoch 2
        assertThatThrownBy(() -> new Trainer(first, new CrossEntropy(), new Sgd(first.parameters(), 0.05),
                options.withCheckpointFile(ckpt, 0)).listen(new TrainingListener() {
                    @Override
                    public void onBatch(int epoch, int batch, long step, double loss) {
                        if (step == 25) {
                            throw new IllegalStateException("killed");
                        }
                    }
                }).fit(new DataLoader(train, 20, 4), validation)).hasMessage("killed");
        Sequential resumed = net(99);
        Trainer.Result r = new Trainer(resumed, new CrossEntropy(), new Sgd(resumed.parameters(), 0.05),
                options.withCheckpointFile(ckpt, 0)).resume(ckpt, new DataLoader(train, 20, 4), validation);
        assertThat(r.stopReason()).isEqualTo(expected.stopReason()).contains("restored the weights of epoch 1");
        whole.parameters().forEach((k, p) -> assertThat(resumed.parameters().get(k).value().toArray())
                .as(k).containsExactly(p.value().toArray()));
    }

    @Test
    void earlyStoppingOnTrainingLossWithAFrozenLearningRate() {
        // a rate of 0 leaves the weights as they are, so the training loss changes only by float rounding (about 1e-8), never by 1e-5
        Dataset train = blobs(5, 60);
        Sequential m = net(6);
        Trainer.Result r = new Trainer(m, new CrossEntropy(), new Adam(m.parameters(), 0.01),
                TrainOptions.defaults().withEpochs(10).withStepSchedule(StepSchedule.constant(0))
                        .withEarlyStopping("loss", false, 3, 1e-5, false)).fit(new DataLoader(train, 20, 7), null);
        assertThat(r.history().size()).as(r.history().toCsv()).isEqualTo(4);
        assertThat(r.stopReason()).startsWith("early stopping: training loss has not improved for 3 epochs");
    }

    @Test
    void earlyStoppingRefusesMetricsTheRunCannotHave() {
        assertThatThrownBy(() -> TrainOptions.defaults().withEarlyStopping("val_acc", true, 3))
                .hasMessageContaining("unknown metric 'val_acc'").hasMessageContaining("val_accuracy");
        float[] x = {0, 1, 2, 3};
        Dataset regression = Dataset.regression(Tensor.of(x, 4, 1), List.of("x"), Tensor.of(x, 4, 1));
        Dense d = new Dense(1, 1, Init.XAVIER_UNIFORM, new Rng(1));
        Trainer t = new Trainer(d, SquaredError.mean(), new Sgd(d.parameters(), 0.01),
                TrainOptions.defaults().withEarlyStopping("val_accuracy", true, 3));
        assertThatThrownBy(() -> t.fit(new DataLoader(regression, 2, 1), regression))
                .hasMessageContaining("regression has no accuracy");
        Sequential m = net(1);
        Trainer noValidation = new Trainer(m, new CrossEntropy(), new Sgd(m.parameters(), 0.01),
                TrainOptions.defaults().withEarlyStopping("val_accuracy", true, 3));
        assertThatThrownBy(() -> noValidation.fit(new DataLoader(blobs(1, 20), 10, 1), null))
                .hasMessageContaining("needs a validation set");
    }

    /** The learning rate the optimizer had at each step. */
    private static List<Double> ratesPerStep(StepSchedule schedule, int epochs) {
        Dataset train = blobs(7, 40);
        Sequential m = net(8);
        Optimizer opt = new Sgd(m.parameters(), 0.5);
        List<Double> rates = new ArrayList<>();
        Trainer t = new Trainer(m, new CrossEntropy(), opt,
                TrainOptions.defaults().withEpochs(epochs).withStepSchedule(schedule));
        t.listen(new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, long step, double loss) {
                rates.add(opt.learningRate());
            }
        });
        t.fit(new DataLoader(train, 10, 1), null); // 4 steps per epoch
        return rates;
    }

    @Test
    void warmUpRampsLinearlyThenHandsOver() {
        List<Double> r = ratesPerStep(StepSchedule.warmup(4, StepSchedule.constant(0.1)), 2);
        assertThat(r).hasSize(8);
        double[] expected = {0.025, 0.05, 0.075, 0.1, 0.1, 0.1, 0.1, 0.1};
        for (int i = 0; i < expected.length; i++) {
            assertThat(r.get(i)).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void cosineRunsOverEveryStepOfTheRun() {
        // 3 epochs of 4 steps: step s has 0.01 + 0.045 (1 + cos(pi s / 12))
        List<Double> r = ratesPerStep(StepSchedule.cosine(0.1, 0.01), 3);
        assertThat(r.get(0)).isCloseTo(0.1, within(1e-12));
        assertThat(r.get(6)).isCloseTo(0.055, within(1e-12));
        assertThat(r.get(11)).isCloseTo(0.01 + 0.045 * (1 + Math.cos(Math.PI * 11 / 12)), within(1e-12));
    }

    @Test
    void reduceOnPlateauFollowsTheMetric() {
        ReduceOnPlateau p = StepSchedule.reduceOnPlateau(1.0, "val_loss", false, 0.5, 1);
        double[] losses = {1.0, 0.9, 0.95, 0.95, 0.95, 0.8, 0.85, 0.85};
        // bad epochs: 3 (1 of 1 allowed), 4 (2 > 1: halve, count restarts), 5 (1), 6 improves, 7 (1), 8 (2: halve)
        double[] after = {1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25};
        for (int i = 0; i < losses.length; i++) {
            p.epochEnded(new History.Epoch(i + 1, 0.5, 0.5, losses[i], Double.NaN, p.rate(), 0));
            assertThat(p.rate()).as("after epoch " + (i + 1)).isEqualTo(after[i]);
        }
        ReduceOnPlateau up = StepSchedule.reduceOnPlateau(1.0, "val_accuracy", true, 0.1, 0);
        up.epochEnded(new History.Epoch(1, 0, 0, 0, 0.8, 1, 0));
        up.epochEnded(new History.Epoch(2, 0, 0, 0, 0.9, 1, 0));
        assertThat(up.rate()).isEqualTo(1.0);
        up.epochEnded(new History.Epoch(3, 0, 0, 0, 0.85, 1, 0));
        assertThat(up.rate()).isCloseTo(0.1, within(1e-15));
    }

    @Test
    void plateauInsideTheTrainerLowersTheRateBetweenEpochs() {
        // the trainer must feed each epoch's numbers to the schedule and use the lowered rate from the next step
        Dataset train = blobs(9, 40);
        Dataset validation = blobs(10, 40);
        Sequential m = net(11);
        Optimizer opt = new Sgd(m.parameters(), 0.1);
        ReduceOnPlateau plateau = StepSchedule.reduceOnPlateau(0.1, "val_loss", true, 0.5, 0);
        Trainer.Result r = new Trainer(m, new CrossEntropy(), opt,
                TrainOptions.defaults().withEpochs(4).withStepSchedule(plateau)).fit(new DataLoader(train, 10, 2),
                validation);
        // maximising a falling validation loss: epochs 2, 3 and 4 are bad, each halves the rate (patience 0)
        List<History.Epoch> h = r.history().epochs();
        assertThat(h.get(1).validationLoss()).isLessThan(h.get(0).validationLoss());
        assertThat(h.get(0).learningRate()).isEqualTo(0.1);
        assertThat(h.get(1).learningRate()).isEqualTo(0.1);
        assertThat(h.get(2).learningRate()).isEqualTo(0.05);
        assertThat(plateau.rate()).isLessThanOrEqualTo(0.025);
    }

    @Test
    void epochAndStepSchedulesAreExclusive() {
        assertThatThrownBy(() -> new TrainOptions(1, 0, 0, 0, 0, true, 0, 0, 1,
                dev.dendrite.optim.Schedule.constant(0.1), 0, null, null, "val_loss", false, StepSchedule.constant(0.1)))
                .hasMessageContaining("not both");
        TrainOptions o = TrainOptions.defaults().withSchedule(dev.dendrite.optim.Schedule.constant(0.1))
                .withStepSchedule(StepSchedule.constant(0.2));
        assertThat(o.schedule()).isNull();
        assertThat(o.stepSchedule()).isNotNull();
    }

    @Test
    void buildersGiveTheSameOptimizerAsThePositionalConstructors() {
        Sequential a = net(20);
        Sequential b = net(20);
        @SuppressWarnings("deprecation")
        Optimizer old = new Sgd(a.parameters(), 0.1, 0.9, true, 0.01);
        Optimizer named = Sgd.builder(b.parameters()).learningRate(0.1).momentum(0.9).nesterov(true)
                .weightDecay(0.01).build();
        assertThat(named.describe()).isEqualTo(old.describe());
        Dataset data = blobs(21, 40);
        new Trainer(a, new CrossEntropy(), old, TrainOptions.defaults().withEpochs(2)).fit(new DataLoader(data, 10, 3), null);
        new Trainer(b, new CrossEntropy(), named, TrainOptions.defaults().withEpochs(2)).fit(new DataLoader(data, 10, 3), null);
        assertThat(b.parameters().get("0.weight").value().toArray())
                .isEqualTo(a.parameters().get("0.weight").value().toArray());

        Adam adamW = Adam.builder(a.parameters()).learningRate(0.003).weightDecay(0.02).decoupled(true).build();
        assertThat(adamW.describe()).isEqualTo("adamw(lr=0.003, weight_decay=0.02)");
        assertThat(Adam.builder(a.parameters()).build().describe()).isEqualTo("adam(lr=0.001)");
        assertThat(Sgd.builder(a.parameters()).build().describe()).isEqualTo("sgd(lr=0.01)");
        assertThatThrownBy(() -> Adam.builder(a.parameters()).beta1(1.0).build()).hasMessageContaining("betas");
        assertThatThrownBy(() -> Sgd.builder(a.parameters()).nesterov(true).build()).hasMessageContaining("Nesterov");
    }

    @Test
    void progressPrinterWritesOneLinePerEpochAndTheReason() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Sequential m = net(30);
        new Trainer(m, new CrossEntropy(), new Adam(m.parameters(), 0.01), TrainOptions.defaults().withEpochs(3))
                .listen(new ProgressPrinter(out)).fit(new DataLoader(blobs(31, 40), 10, 1), blobs(32, 20));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("epoch 1/3  loss ").contains("  accuracy ").contains("  val_loss ")
                .contains("  val_accuracy ").contains("  lr 0.0100");
        assertThat(lines[2]).startsWith("epoch 3/3");
        assertThat(lines[3]).isEqualTo("stopped: completed 3 epochs");
    }

    @Test
    void historyNamesItsMetricsAsKerasDoes() {
        History.Epoch e = new History.Epoch(1, 0.5, 0.75, 0.6, 0.7, 0.01, 1);
        assertThat(Map.of("loss", e.metric("loss"), "accuracy", e.metric("accuracy"), "val_loss",
                e.metric("val_loss"), "val_accuracy", e.metric("val_accuracy")))
                .isEqualTo(Map.of("loss", 0.5, "accuracy", 0.75, "val_loss", 0.6, "val_accuracy", 0.7));
    }
}
