package dev.dendrite.train;

import dev.dendrite.optim.Schedule;

import java.nio.file.Path;

/**
 * The knobs of {@link Trainer}, with defaults and named {@code withX} copies:
 * epochs (10), target training loss (none), step limit (none), early stopping
 * (off; when on, it watches {@code monitor}, validation loss by default, lower
 * being better unless {@code maximize}, with a patience, a minimum improvement
 * and whether to restore the best weights), gradient clipping by global norm and
 * by value (off), the seed (42), the learning rate (left as the optimizer has it
 * unless an epoch {@link Schedule} or a per-step {@link StepSchedule} is given;
 * not both), and checkpointing (off), through a {@link Checkpointer} or to a file
 * that {@link Trainer#resume} reads. Build them by name:
 * {@code TrainOptions.defaults().withEpochs(50).withEarlyStopping("val_accuracy", true, 5)}.
 */
public record TrainOptions(int epochs, double targetLoss, long maxSteps, int patience, double minDelta,
                           boolean restoreBest, double clipNorm, double clipValue, long seed, Schedule schedule,
                           int checkpointEvery, Checkpointer checkpointer, Path checkpointFile, String monitor,
                           boolean maximize, StepSchedule stepSchedule) {

    public TrainOptions {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        if (maxSteps < 0 || patience < 0 || minDelta < 0 || clipNorm < 0 || clipValue < 0 || checkpointEvery < 0) {
            throw new IllegalArgumentException("training options: step limit, patience, min delta, clipping and "
                    + "checkpoint interval must be >= 0");
        }
        if (schedule != null && stepSchedule != null) {
            throw new IllegalArgumentException("training options: give an epoch schedule or a step schedule, not both");
        }
        History.Epoch.checkMetric(monitor);
    }

    /**
     * The first form, without the early-stopping metric and the step schedule
     * (validation loss, lower is better; none).
     *
     * @deprecated thirteen positional values are easy to mix up: use {@link #defaults()} and the {@code withX} methods
     */
    @Deprecated
    public TrainOptions(int epochs, double targetLoss, long maxSteps, int patience, double minDelta,
                        boolean restoreBest, double clipNorm, double clipValue, long seed, Schedule schedule,
                        int checkpointEvery, Checkpointer checkpointer, Path checkpointFile) {
        this(epochs, targetLoss, maxSteps, patience, minDelta, restoreBest, clipNorm, clipValue, seed, schedule,
                checkpointEvery, checkpointer, checkpointFile, "val_loss", false, null);
    }

    public static TrainOptions defaults() {
        return new TrainOptions(10, Double.NEGATIVE_INFINITY, 0, 0, 0, true, 0, 0, 42, null, 0, null, null,
                "val_loss", false, null);
    }

    public TrainOptions withEpochs(int e) {
        return new TrainOptions(e, targetLoss, maxSteps, patience, minDelta, restoreBest, clipNorm, clipValue, seed,
                schedule, checkpointEvery, checkpointer, checkpointFile, monitor, maximize, stepSchedule);
    }

    public TrainOptions withTargetLoss(double t) {
        return new TrainOptions(epochs, t, maxSteps, patience, minDelta, restoreBest, clipNorm, clipValue, seed,
                schedule, checkpointEvery, checkpointer, checkpointFile, monitor, maximize, stepSchedule);
    }

    public TrainOptions withMaxSteps(long m) {
        return new TrainOptions(epochs, targetLoss, m, patience, minDelta, restoreBest, clipNorm, clipValue, seed,
                schedule, checkpointEvery, checkpointer, checkpointFile, monitor, maximize, stepSchedule);
    }

    /** Early stopping on validation loss (0 patience: off). */
    public TrainOptions withEarlyStopping(int p, double delta, boolean restore) {
        return withEarlyStopping("val_loss", false, p, delta, restore);
    }

    /**
     * Early stopping on {@code metric} ({@code val_loss}, {@code val_accuracy},
     * {@code loss} or {@code accuracy}, as in {@link History.Epoch#metric}), higher
     * being better when {@code maximize}: stops after {@code patience} epochs without
     * an improvement of more than {@code delta}, and restores the best epoch's
     * weights when {@code restore}.
     */
    public TrainOptions withEarlyStopping(String metric, boolean maximize, int p, double delta, boolean restore) {
        return new TrainOptions(epochs, targetLoss, maxSteps, p, delta, restore, clipNorm, clipValue, seed,
                schedule, checkpointEvery, checkpointer, checkpointFile, metric, maximize, stepSchedule);
    }

    /** Early stopping on {@code metric} with no minimum improvement, restoring the best weights. */
    public TrainOptions withEarlyStopping(String metric, boolean maximize, int p) {
        return withEarlyStopping(metric, maximize, p, 0, true);
    }

    public TrainOptions withClipping(double norm, double value) {
        return new TrainOptions(epochs, targetLoss, maxSteps, patience, minDelta, restoreBest, norm, value, seed,
                schedule, checkpointEvery, checkpointer, checkpointFile, monitor, maximize, stepSchedule);
    }

    public TrainOptions withSeed(long s) {
        return new TrainOptions(epochs, targetLoss, maxSteps, patience, minDelta, restoreBest, clipNorm, clipValue, s,
                schedule, checkpointEvery, checkpointer, checkpointFile, monitor, maximize, stepSchedule);
    }

    /** A learning rate set at the start of each epoch (replaces a step schedule). */
    public TrainOptions withSchedule(Schedule s) {
        return new TrainOptions(epochs, targetLoss, maxSteps, patience, minDelta, restoreBest, clipNorm, clipValue,
                seed, s, checkpointEvery, checkpointer, checkpointFile, monitor, maximize, null);
    }

    /** A learning rate set before every step: warm-up, cosine, reduce-on-plateau (replaces an epoch schedule). */
    public TrainOptions withStepSchedule(StepSchedule s) {
        return new TrainOptions(epochs, targetLoss, maxSteps, patience, minDelta, restoreBest, clipNorm, clipValue,
                seed, null, checkpointEvery, checkpointer, checkpointFile, monitor, maximize, s);
    }

    /** Saves every {@code every} steps (0: only at epoch ends) through {@code c}. */
    public TrainOptions withCheckpoints(int every, Checkpointer c) {
        return new TrainOptions(epochs, targetLoss, maxSteps, patience, minDelta, restoreBest, clipNorm, clipValue,
                seed, schedule, every, c, null, monitor, maximize, stepSchedule);
    }

    /**
     * Saves the whole training state (weights, layer state, optimizer state, loop
     * state) to {@code file} every {@code every} steps (0: only at epoch ends), for
     * {@link Trainer#resume} from Java; written atomically, so a killed run leaves
     * the last good checkpoint.
     */
    public TrainOptions withCheckpointFile(Path file, int every) {
        return new TrainOptions(epochs, targetLoss, maxSteps, patience, minDelta, restoreBest, clipNorm, clipValue,
                seed, schedule, every, null, file, monitor, maximize, stepSchedule);
    }
}
