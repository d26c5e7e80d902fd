package dev.dendrite.train;

import dev.dendrite.tensor.Tensor;

import java.util.Map;

/**
 * Everything the training loop needs to continue exactly where it was: the
 * epoch in progress (0-based) and the batches done in it, the global step, the
 * random source's state, the running sums of the epoch in progress, the history
 * so far, and the early-stopping bookkeeping (the best value of the watched
 * metric, negated when higher is better so that lower always wins; its epoch
 * and weights). Model weights and optimizer state are saved beside it.
 */
public record TrainingState(int epoch, int batch, long step, long rngState, double lossSum, long correct,
                            long seen, double epochSeconds, History history, double bestLoss, int bestEpoch,
                            Map<String, Tensor> bestWeights, boolean finished) {

    /** The start of a run with the given seed. */
    public static TrainingState fresh(long seed) {
        return new TrainingState(0, 0, 0, seed ^ 0x5DEECE66DL, 0, 0, 0, 0, new History(),
                Double.POSITIVE_INFINITY, 0, null, false);
    }

    TrainingState midEpoch(int b, long s, long rng, double sum, long corr, long n, double seconds) {
        return new TrainingState(epoch, b, s, rng, sum, corr, n, seconds, history, bestLoss, bestEpoch, bestWeights, false);
    }

    TrainingState endEpoch(History.Epoch record, long s, long rng) {
        History h = history.firstEpochs(history.size());
        h.add(record);
        return new TrainingState(epoch + 1, 0, s, rng, 0, 0, 0, 0, h, bestLoss, bestEpoch, bestWeights, false);
    }

    TrainingState withBest(double loss, int ep, Map<String, Tensor> weights) {
        return new TrainingState(epoch, batch, step, rngState, lossSum, correct, seen, epochSeconds, history,
                loss, ep, Map.copyOf(weights), finished);
    }

    TrainingState finish() {
        return new TrainingState(epoch, batch, step, rngState, lossSum, correct, seen, epochSeconds, history,
                bestLoss, bestEpoch, bestWeights, true);
    }
}
