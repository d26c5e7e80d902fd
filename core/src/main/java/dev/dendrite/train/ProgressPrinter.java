package dev.dendrite.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A listener that prints one line per epoch, as Keras does with
 * {@code verbose=2}: the epoch, training loss and accuracy, validation loss and
 * accuracy where there are any, the learning rate and the time; then why
 * training stopped. {@code new Trainer(...).listen(new ProgressPrinter(System.out))}.
 */
public final class ProgressPrinter implements TrainingListener {
    private final PrintStream out;
    private int epochs;

    public ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onStart(int epochs, int batchesPerEpoch, int startEpoch, int startBatch) {
        this.epochs = epochs;
    }

    @Override
    public void onEpoch(History.Epoch e) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f", e.epoch(), epochs, e.trainLoss()));
        if (!Double.isNaN(e.trainAccuracy())) {
            sb.append(String.format(Locale.ROOT, "  accuracy %.4f", e.trainAccuracy()));
        }
        if (!Double.isNaN(e.validationLoss())) {
            sb.append(String.format(Locale.ROOT, "  val_loss %.4f", e.validationLoss()));
        }
        if (!Double.isNaN(e.validationAccuracy())) {
            sb.append(String.format(Locale.ROOT, "  val_accuracy %.4f", e.validationAccuracy()));
        }
        sb.append(String.format(Locale.ROOT, "  lr %.3g  %.2f s", e.learningRate(), e.seconds()));
        out.println(sb);
    }

    @Override
    public void onEnd(History history, String reason) {
        out.println("stopped: " + reason);
    }
}
