package dev.dendrite.train;

import dev.dendrite.optim.Schedule;

/**
 * The knobs of {@link Trainer}, with defaults and {@code withX} copies:
 * epochs (10), target training loss (none), step limit (none), early-stopping
 * patience on validation loss (off) and minimum improvement, whether to restore
 * the best weights when stopping early (yes), gradient clipping by global norm
 * and by value (off), the seed (42), the learning-rate schedule (none: the
 * optimizer's rate is left as it is), and checkpointing (off), through a
 * {@link Checkpointer} or to a file that {@link Trainer#resume} reads.
 */
public record TrainOptions(int epochs, double targetLoss, long maxSteps, int patience, double minDelta,
                           boolean restoreBest, double clipNorm, double clipValue, long seed, Schedule schedule,
                           int checkpointEvery, Checkpointer checkpointer, java.nio.file.Path checkpointFile) {

    public TrainOptions {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        if (maxSteps < 0 || patience < 0 || minDelta < 0 || clipNorm < 0 || clipValue < 0 || checkpointEvery < 0) {
            throw new IllegalArgumentException("training options: step limit, patience, min delta, clipping and "
                    + "checkpoint interval must be >= 0");
        }
    }

    public static TrainOptions defaults() {
        return new TrainOptions(10, Double.NEGATIVE_INFINITY, 0, 0, 0, true, 0, 0, 42, null, 0, null, null);
    }

    public TrainOptions withEpochs(int e) {
        return new TrainOptions(e, targetLoss, maxSteps, patience, minDelta, restoreBest, clipNorm, clipValue, seed, schedule, checkpointEvery, checkpointer, checkpointFile);
    }

    public TrainOptions withTargetLoss(double t) {
        return new TrainOptions(epochs, t, maxSteps, patience, minDelta, restoreBest, clipNorm, clipValue, seed, schedule, checkpointEvery, checkpointer, checkpointFile);
    }

    public TrainOptions withMaxSteps(long m) {
        return new TrainOptions(epochs, targetLoss, m, patience, minDelta, restoreBest, clipNorm, clipValue, seed, schedule, checkpointEvery, checkpointer, checkpointFile);
    }

    public TrainOptions withEarlyStopping(int p, double delta, boolean restore) {
        return new TrainOptions(epochs, targetLoss, maxSteps, p, delta, restore, clipNorm, clipValue, seed, schedule, checkpointEvery, checkpointer, checkpointFile);
    }

    public TrainOptions withClipping(double norm, double value) {
        return new TrainOptions(epochs, targetLoss, maxSteps, patience, minDelta, restoreBest, norm, value, seed, schedule, checkpointEvery, checkpointer, checkpointFile);
    }

    public TrainOptions withSeed(long s) {
        return new TrainOptions(epochs, targetLoss, maxSteps, patience, minDelta, restoreBest, clipNorm, clipValue, s, schedule, checkpointEvery, checkpointer, checkpointFile);
    }

    public TrainOptions withSchedule(Schedule s) {
        return new TrainOptions(epochs, targetLoss, maxSteps, patience, minDelta, restoreBest, clipNorm, clipValue, seed, s, checkpointEvery, checkpointer, checkpointFile);
    }

    /** Saves every {@code every} steps (0: only at epoch ends) through {@code c}. */
    public TrainOptions withCheckpoints(int every, Checkpointer c) {
        return new TrainOptions(epochs, targetLoss, maxSteps, patience, minDelta, restoreBest, clipNorm, clipValue, seed, schedule, every, c, null);
    }

    /**
     * Saves the whole training state (weights, layer state, optimizer state, loop
     * state) to {@code file} every {@code every} steps (0: only at epoch ends), for
     * {@link Trainer#resume} from Java; written atomically, so a killed run leaves
     * the last good checkpoint.
     */
    public TrainOptions withCheckpointFile(java.nio.file.Path file, int every) {
        return new TrainOptions(epochs, targetLoss, maxSteps, patience, minDelta, restoreBest, clipNorm, clipValue, seed, schedule, every, null, file);
    }
}
