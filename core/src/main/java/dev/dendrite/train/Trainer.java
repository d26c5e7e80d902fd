package dev.dendrite.train;

import dev.dendrite.autograd.Gradients;
import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.loss.Loss;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Mode;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.Schedule;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop: for each epoch, set the learning rate from the schedule,
 * then for each mini-batch run forward, loss, backward, (clip), and step; after
 * each epoch evaluate on the validation set and apply the stopping rules
 * (epoch and step limits, a target training loss, early stopping on validation
 * loss with patience, restoring the best weights). NaN or Inf in the loss or a
 * gradient stops training before the bad update, with a {@link DivergenceException}.
 *
 * <p>With cross-entropy the target is the batch's class indices; with any other
 * loss it is {@link Batch#y()} (one-hot rows for classification). All randomness
 * (data order, dropout) comes from the seed, and the whole loop state is a
 * {@link TrainingState} value, so a run can be checkpointed and resumed exactly.
 */
public final class Trainer {
    private final Layer model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final TrainOptions options;
    private final Map<String, Parameter> params;
    private final List<TrainingListener> listeners = new ArrayList<>();

    public Trainer(Layer model, Loss loss, Optimizer optimizer, TrainOptions options) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.options = options;
        this.params = model.parameters();
    }

    public Trainer listen(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    /** The state of a fresh run: epoch 0, batch 0, the seed's random source. */
    public TrainingState initialState() {
        return TrainingState.fresh(options.seed());
    }

    /** Trains from scratch. */
    public Result fit(DataLoader train, Dataset validation) {
        return fit(train, validation, initialState());
    }

    /** What training produced: the history, why it stopped, and the final state. */
    public record Result(History history, String stopReason, TrainingState state) {
    }

    /** Trains from {@code state} (a fresh one or one restored from a checkpoint). */
    public Result fit(DataLoader train, Dataset validation, TrainingState state) {
        if (state.finished()) {
            return new Result(state.history(), "already finished", state);
        }
        int batches = train.batchesPerEpoch();
        TrainingState s = state;
        for (TrainingListener l : listeners) {
            l.onStart(options.epochs(), batches, s.epoch() + 1, s.batch());
        }
        Schedule schedule = options.schedule() != null ? options.schedule() : Schedule.constant(optimizer.learningRate());
        String reason = null;
        while (reason == null) {
            int epoch = s.epoch();
            optimizer.learningRate(schedule.rate(epoch, options.epochs()));
            long started = System.nanoTime() - (long) (s.epochSeconds() * 1e9);
            Rng rng = Rng.restore(s.rngState());
            double lossSum = s.lossSum();
            long correct = s.correct();
            long seen = s.seen();
            long step = s.step();
            int b = s.batch();
            for (Batch batch : train.epoch(epoch, b)) {
                Var out = model.forward(Var.constant(batch.x()), Mode.train(rng));
                Var l = loss.apply(out, target(batch));
                double value = l.item();
                if (!Double.isFinite(value)) {
                    throw new DivergenceException(epoch + 1, step + 1, "the loss is " + value, null);
                }
                Gradients g = l.backward();
                String bad = g.firstNonFinite(params);
                if (bad != null) {
                    throw new DivergenceException(epoch + 1, step + 1, "a gradient is NaN or infinite", bad);
                }
                if (options.clipNorm() > 0) {
                    g = g.clipByNorm(options.clipNorm());
                }
                if (options.clipValue() > 0) {
                    g = g.clipByValue((float) options.clipValue());
                }
                optimizer.step(g);
                // the gradients are dead now: their arrays become the next step's GEMM outputs
                g.recycle();
                step++;
                b++;
                lossSum += value * batch.size();
                seen += batch.size();
                if (batch.isClassification() && out.shape().rank() == 2) {
                    correct += countCorrect(out.value(), batch.labels());
                }
                for (TrainingListener li : listeners) {
                    li.onBatch(epoch + 1, b - 1, step, value);
                }
                s = s.midEpoch(b, step, rng.state(), lossSum, correct, seen, (System.nanoTime() - started) / 1e9);
                if (options.maxSteps() > 0 && step >= options.maxSteps()) {
                    break;
                }
                if (options.checkpointer() != null && options.checkpointEvery() > 0
                        && step % options.checkpointEvery() == 0 && b < batches) {
                    options.checkpointer().save(s);
                }
            }
            double trainLoss = seen == 0 ? Double.NaN : lossSum / seen;
            double trainAcc = seen == 0 || !train.dataset().isClassification() ? Double.NaN : correct / (double) seen;
            Evaluation val = validation == null ? null : evaluate(model, loss, validation);
            double seconds = (System.nanoTime() - started) / 1e9;
            History.Epoch record = new History.Epoch(epoch + 1, trainLoss, trainAcc,
                    val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(),
                    optimizer.learningRate(), seconds);
            s = s.endEpoch(record, step, rng.state());
            for (TrainingListener l : listeners) {
                l.onEpoch(record);
            }
            // early stopping on validation loss
            if (val != null && options.patience() > 0) {
                if (val.loss() < s.bestLoss() - options.minDelta()) {
                    s = s.withBest(val.loss(), epoch + 1, snapshot());
                } else if (s.epoch() - s.bestEpoch() >= options.patience()) {
                    reason = "early stopping: validation loss has not improved for " + options.patience()
                            + " epochs (best " + fmt(s.bestLoss()) + " at epoch " + s.bestEpoch() + ")";
                    if (options.restoreBest() && s.bestWeights() != null) {
                        restore(s.bestWeights());
                        reason += "; restored the weights of epoch " + s.bestEpoch();
                    }
                }
            }
            if (reason == null && trainLoss < options.targetLoss()) {
                reason = "training loss " + fmt(trainLoss) + " < target " + options.targetLoss();
            }
            if (reason == null && options.maxSteps() > 0 && step >= options.maxSteps()) {
                reason = "reached the step limit " + options.maxSteps();
            }
            if (reason == null && s.epoch() >= options.epochs()) {
                reason = "completed " + options.epochs() + " epochs";
            }
            if (options.checkpointer() != null) {
                options.checkpointer().save(reason == null ? s : s.finish());
            }
        }
        s = s.finish();
        for (TrainingListener l : listeners) {
            l.onEnd(s.history(), reason);
        }
        return new Result(s.history(), reason, s);
    }

    private Tensor target(Batch batch) {
        return target(loss, batch.labels(), batch::y);
    }

    /**
     * What the loss compares with: class indices for cross-entropy on labelled
     * data, otherwise the one-hot rows or regression targets that {@code y} gives.
     */
    private static Tensor target(Loss loss, int[] labels, java.util.function.Supplier<Tensor> y) {
        return loss instanceof CrossEntropy && labels != null ? labelsAsFloats(labels) : y.get();
    }

    private static long countCorrect(Tensor logits, int[] labels) {
        int[] p = logits.argmaxRows();
        long c = 0;
        for (int i = 0; i < p.length; i++) {
            c += p[i] == labels[i] ? 1 : 0;
        }
        return c;
    }

    /** The current parameter values by dotted name (tensors are immutable, so this is cheap). */
    public Map<String, Tensor> snapshot() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        params.forEach((k, p) -> m.put(k, p.value()));
        return m;
    }

    /** Puts back values taken by {@link #snapshot()}. */
    public void restore(Map<String, Tensor> values) {
        params.forEach((k, p) -> {
            Tensor v = values.get(k);
            if (v == null) {
                throw new IllegalArgumentException("restore: no value for parameter " + k);
            }
            p.update(v);
        });
    }

    /** Loss and accuracy on a data set, in evaluation mode. */
    public record Evaluation(double loss, double accuracy) {
    }

    /** Evaluates in chunks of 1,024 rows (accuracy is NaN for regression). */
    public static Evaluation evaluate(Layer model, Loss loss, Dataset data) {
        int n = data.size();
        double sum = 0;
        long correct = 0;
        int chunk = 1024;
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            int[] rows = new int[to - from];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = from + i;
            }
            Dataset part = data.subset(rows);
            Var out = model.forward(Var.constant(part.features()), Mode.EVAL);
            Tensor target = target(loss, part.isClassification() ? part.labels() : null,
                    () -> part.isClassification() ? part.oneHot() : part.targets());
            sum += loss.apply(out, target).item() * rows.length;
            if (part.isClassification()) {
                correct += countCorrect(out.value(), part.labels());
            }
        }
        return new Evaluation(sum / n, data.isClassification() ? correct / (double) n : Double.NaN);
    }

    private static Tensor labelsAsFloats(int[] labels) {
        float[] v = new float[labels.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = labels[i];
        }
        return Tensor.vector(v);
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.6f", v);
    }
}
