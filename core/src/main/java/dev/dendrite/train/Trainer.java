package dev.dendrite.train;

import dev.dendrite.autograd.Gradients;
import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.io.ModelFileException;
import dev.dendrite.loss.Loss;
import dev.dendrite.nn.Buffer;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Mode;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop: for each epoch, set the learning rate from the epoch
 * schedule (when one is given), then for each mini-batch set it from the step
 * schedule (when one is given), run a {@link TrainStep} (forward, loss,
 * backward), clip, and apply the optimizer; after each epoch evaluate on the
 * validation set and apply the stopping rules (epoch and step limits, a target
 * training loss, early stopping with patience on any {@link History.Epoch#metric}
 * in either direction, restoring the best weights, or a listener calling
 * {@link #stop}).
 *
 * <p>Training that diverges stops before the bad update with a
 * {@link DivergenceException}: NaN or Inf in the loss or a gradient, or a loss
 * that has exploded to more than {@link #EXPLODED} times the first step's
 * (a first loss below 1e-3 is compared as 1e-3). Without a schedule the trainer
 * never sets the learning rate, so a listener's change to it stays. The targets
 * come from the loss's {@link dev.dendrite.loss.Loss contract}. All randomness
 * (data order, dropout) comes from the seed, and the whole loop state is a
 * {@link TrainingState} value, so a run can be checkpointed and resumed exactly.
 */
public final class Trainer {
    /** How many times the first step's loss counts as exploded. */
    public static final double EXPLODED = 1e4;

    private final Layer model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final TrainOptions options;
    private final Map<String, Parameter> params;
    private final Map<String, Buffer> buffers;
    private final TrainStep step;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private volatile String stopRequest;

    public Trainer(Layer model, Loss loss, Optimizer optimizer, TrainOptions options) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.options = options;
        this.params = model.parameters();
        this.buffers = model.buffers();
        this.step = new TrainStep(model, loss);
    }

    public Trainer listen(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    /**
     * Asks training to stop after the current step; for listeners. The run then
     * ends normally, with this reason, and its history and weights are kept.
     */
    public void stop(String reason) {
        stopRequest = reason == null ? "stopped by a listener" : reason;
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

    /**
     * Trains on from the checkpoint at {@code file} (written by a run with
     * {@link TrainOptions#withCheckpointFile}): the weights, layer state,
     * optimizer state and loop state are restored, and the run ends exactly as one
     * that was never interrupted would.
     */
    public Result resume(Path file, DataLoader train, Dataset validation) {
        CheckpointFile.Contents c = CheckpointFile.load(file);
        restoreCheckpoint(c, file.toString());
        return fit(train, validation, c.state());
    }

    /** Puts a checkpoint's weights, layer state and optimizer state into this trainer's model and optimizer. */
    public void restoreCheckpoint(CheckpointFile.Contents c, String source) {
        Map<String, Tensor> w = new LinkedHashMap<>(c.weights());
        params.forEach((k, p) -> p.update(checkpointTensor(w, k, p.shape(), source)));
        buffers.forEach((k, b) -> b.update(checkpointTensor(w, k, b.shape(), source)));
        if (!w.isEmpty()) {
            throw new ModelFileException(source, "the checkpoint holds weight '" + w.keySet().iterator().next()
                    + "', which this model does not have");
        }
        try {
            optimizer.loadState(c.optimizerState());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, e.getMessage());
        }
    }

    private static Tensor checkpointTensor(Map<String, Tensor> w, String name, dev.dendrite.tensor.Shape shape,
                                           String source) {
        Tensor t = w.remove(name);
        if (t == null) {
            throw new ModelFileException(source, "the checkpoint has no weight '" + name + "'");
        }
        if (!t.shape().equals(shape)) {
            throw new ModelFileException(source, "weight '" + name + "' has shape " + t.shape() + ", the model needs "
                    + shape);
        }
        return t;
    }

    /** Trains from {@code state} (a fresh one or one restored from a checkpoint). */
    public Result fit(DataLoader train, Dataset validation, TrainingState state) {
        if (state.finished()) {
            return new Result(state.history(), "already finished", state);
        }
        int batches = train.batchesPerEpoch();
        checkMonitor(train, validation);
        StepSchedule perStep = options.stepSchedule();
        TrainingState s = state;
        for (TrainingListener l : listeners) {
            l.onStart(options.epochs(), batches, s.epoch() + 1, s.batch());
        }
        Checkpointer checkpointer = checkpointer();
        String reason = null;
        double[] firstLoss = {Double.NaN};
        while (reason == null) {
            int epoch = s.epoch();
            if (options.schedule() != null) {
                optimizer.learningRate(options.schedule().rate(epoch, options.epochs()));
            }
            long started = System.nanoTime() - (long) (s.epochSeconds() * 1e9);
            Rng rng = Rng.restore(s.rngState());
            double lossSum = s.lossSum();
            long correct = s.correct();
            long seen = s.seen();
            long stepCount = s.step();
            int b = s.batch();
            // each batch is done with before the next is taken, so they can share one features buffer
            for (Batch batch : train.recycledEpoch(epoch, b)) {
                int ep = epoch + 1;
                long at = stepCount + 1;
                if (perStep != null) {
                    optimizer.learningRate(perStep.rate(stepCount, epoch, batches, options.epochs()));
                }
                TrainStep.Result r = step.computeThen(batch, rng, res -> apply(res, ep, at, firstLoss[0]));
                double value = r.loss();
                if (Double.isNaN(firstLoss[0])) {
                    firstLoss[0] = value;
                }
                stepCount++;
                b++;
                lossSum += value * batch.size();
                seen += batch.size();
                correct += r.correct();
                for (TrainingListener li : listeners) {
                    li.onBatch(epoch + 1, b - 1, stepCount, value);
                }
                s = s.midEpoch(b, stepCount, rng.state(), lossSum, correct, seen, (System.nanoTime() - started) / 1e9);
                if ((options.maxSteps() > 0 && stepCount >= options.maxSteps()) || stopRequest != null) {
                    break;
                }
                if (checkpointer != null && options.checkpointEvery() > 0
                        && stepCount % options.checkpointEvery() == 0 && b < batches) {
                    checkpointer.save(s);
                }
            }
            double trainLoss = seen == 0 ? Double.NaN : lossSum / seen;
            double trainAcc = seen == 0 || !train.dataset().isClassification() ? Double.NaN : correct / (double) seen;
            Evaluation val = validation == null ? null : evaluate(model, loss, validation);
            double seconds = (System.nanoTime() - started) / 1e9;
            History.Epoch record = new History.Epoch(epoch + 1, trainLoss, trainAcc,
                    val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(),
                    optimizer.learningRate(), seconds);
            s = s.endEpoch(record, stepCount, rng.state());
            if (perStep != null) {
                perStep.epochEnded(record);
            }
            for (TrainingListener l : listeners) {
                l.onEpoch(record);
            }
            // early stopping; the state keeps the best value negated for a metric to maximise, so lower is better
            boolean watched = val != null || !options.monitor().startsWith("val_");
            if (watched && options.patience() > 0) {
                double score = options.maximize() ? -record.metric(options.monitor()) : record.metric(options.monitor());
                if (score < s.bestLoss() - options.minDelta()) {
                    s = s.withBest(score, epoch + 1, snapshot());
                } else if (s.epoch() - s.bestEpoch() >= options.patience()) {
                    double best = options.maximize() ? -s.bestLoss() : s.bestLoss();
                    reason = "early stopping: " + describe(options.monitor()) + " has not improved for "
                            + options.patience() + " epochs (best " + fmt(best) + " at epoch " + s.bestEpoch() + ")";
                    if (options.restoreBest() && s.bestWeights() != null) {
                        restore(s.bestWeights());
                        reason += "; restored the weights of epoch " + s.bestEpoch();
                    }
                }
            }
            if (reason == null && stopRequest != null) {
                reason = stopRequest;
            }
            if (reason == null && trainLoss < options.targetLoss()) {
                reason = "training loss " + fmt(trainLoss) + " < target " + options.targetLoss();
            }
            if (reason == null && options.maxSteps() > 0 && stepCount >= options.maxSteps()) {
                reason = "reached the step limit " + options.maxSteps();
            }
            if (reason == null && s.epoch() >= options.epochs()) {
                reason = "completed " + options.epochs() + " epochs";
            }
            if (checkpointer != null) {
                checkpointer.save(reason == null ? s : s.finish());
            }
        }
        s = s.finish();
        for (TrainingListener l : listeners) {
            l.onEnd(s.history(), reason);
        }
        return new Result(s.history(), reason, s);
    }

    /** Refuses early stopping on a metric this run does not produce (accuracy for regression). */
    private void checkMonitor(DataLoader train, Dataset validation) {
        if (options.patience() > 0 && options.monitor().endsWith("accuracy") && !train.dataset().isClassification()) {
            throw new IllegalArgumentException("early stopping on " + options.monitor() + ": regression has no "
                    + "accuracy; watch val_loss or loss");
        }
        if (options.patience() > 0 && options.monitor().startsWith("val_") && validation == null
                && !options.monitor().equals("val_loss")) {
            throw new IllegalArgumentException("early stopping on " + options.monitor() + " needs a validation set");
        }
    }

    private static String describe(String metric) {
        return switch (metric) {
            case "val_loss" -> "validation loss";
            case "val_accuracy" -> "validation accuracy";
            case "loss" -> "training loss";
            default -> "training accuracy";
        };
    }

    /** Checks a step's result for divergence, clips its gradients and applies them. */
    private void apply(TrainStep.Result r, int epoch, long stepNumber, double firstLoss) {
        double value = r.loss();
        if (!Double.isFinite(value)) {
            throw new DivergenceException(epoch, stepNumber, "the loss is " + value, null);
        }
        if (!Double.isNaN(firstLoss) && value > EXPLODED * Math.max(firstLoss, 1e-3)) {
            throw new DivergenceException(epoch, stepNumber, String.format(java.util.Locale.ROOT,
                    "the loss exploded to %.4g (the first step's was %.4g)", value, firstLoss), null);
        }
        Gradients g = r.gradients();
        String bad = g.firstNonFinite(params);
        if (bad != null) {
            throw new DivergenceException(epoch, stepNumber, "a gradient is NaN or infinite", bad);
        }
        if (options.clipNorm() > 0) {
            g = g.clipByNorm(options.clipNorm());
        }
        if (options.clipValue() > 0) {
            g = g.clipByValue((float) options.clipValue());
        }
        optimizer.step(g);
    }

    /** The options' checkpointer, or one writing {@link TrainOptions#checkpointFile()}. */
    private Checkpointer checkpointer() {
        if (options.checkpointer() != null) {
            return options.checkpointer();
        }
        if (options.checkpointFile() == null) {
            return null;
        }
        Path file = options.checkpointFile();
        return st -> CheckpointFile.save(file, Map.of(), st, model, optimizer);
    }

    /** The current parameter and buffer values by dotted name (immutable copies). */
    public Map<String, Tensor> snapshot() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        params.forEach((k, p) -> m.put(k, p.value()));
        buffers.forEach((k, b) -> m.put(k, b.value()));
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
        buffers.forEach((k, b) -> {
            Tensor v = values.get(k);
            if (v != null) {
                b.update(v);
            }
        });
    }

    /** Loss and accuracy on a data set, in evaluation mode. */
    public record Evaluation(double loss, double accuracy) {
    }

    /** Evaluates in chunks of 256 rows (accuracy is NaN for regression); a CNN's activations for 1,024 rows take gigabytes. */
    public static Evaluation evaluate(Layer model, Loss loss, Dataset data) {
        int n = data.size();
        double sum = 0;
        long correct = 0;
        int chunk = 256;
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            Dataset part = data.range(from, to);
            Var out = model.forward(Var.constant(part.features()), Mode.EVAL);
            sum += loss.apply(out, TrainStep.target(loss, part)).item() * (to - from);
            if (part.isClassification()) {
                correct += TrainStep.countCorrect(out, part.labels());
            }
        }
        return new Evaluation(sum / n, data.isClassification() ? correct / (double) n : Double.NaN);
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.6f", v);
    }
}
