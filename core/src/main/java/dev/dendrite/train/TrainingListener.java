package dev.dendrite.train;

/**
 * Hears about training as it happens: progress displays, loggers and
 * checkpoint writers implement the methods they need.
 */
public interface TrainingListener {

    /** Before the first batch: total epochs, batches per epoch, and the epoch/batch training starts from. */
    default void onStart(int epochs, int batchesPerEpoch, int startEpoch, int startBatch) {
    }

    /** After each optimizer step; {@code epoch} counts from 1, {@code batch} from 0. */
    default void onBatch(int epoch, int batch, long step, double loss) {
    }

    /** After each epoch's evaluation. */
    default void onEpoch(History.Epoch epoch) {
    }

    /** After the last epoch, with the reason training stopped. */
    default void onEnd(History history, String reason) {
    }
}
