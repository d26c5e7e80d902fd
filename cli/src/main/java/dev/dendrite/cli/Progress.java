package dev.dendrite.cli;

import dev.dendrite.train.History;
import dev.dendrite.train.TrainingListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Shows training progress. On a terminal, a bar per epoch with steps per
 * second, the running loss and the time left; otherwise (CI, pipes, files) one
 * plain line per epoch. Either way each epoch ends with a summary line.
 */
final class Progress implements TrainingListener {
    private final PrintWriter out;
    private final boolean bar;
    private int epochs;
    private int batches;
    private ProgressBar current;
    private double runningLoss;
    private int runningCount;
    private long epochStart;
    private int stepsThisEpoch;

    Progress(PrintWriter out, boolean bar) {
        this.out = out;
        this.bar = bar;
    }

    /** Whether standard output is an interactive terminal. */
    static boolean isTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    @Override
    public void onStart(int totalEpochs, int batchesPerEpoch, int startEpoch, int startBatch) {
        epochs = totalEpochs;
        batches = batchesPerEpoch;
        if (startEpoch > 1 || startBatch > 0) {
            out.println("resuming at epoch " + startEpoch + ", batch " + startBatch + " of " + batchesPerEpoch);
        }
        out.flush();
    }

    @Override
    public void onBatch(int epoch, int batch, long step, double loss) {
        if (current == null && stepsThisEpoch == 0) {
            epochStart = System.nanoTime();
            runningLoss = 0;
            runningCount = 0;
            if (bar) {
                out.flush();
                current = new ProgressBarBuilder().setTaskName("epoch " + epoch + "/" + epochs)
                        .setInitialMax(batches).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                        .setUpdateIntervalMillis(250).showSpeed().setUnit(" steps", 1)
                        .setSpeedUnit(ChronoUnit.SECONDS).startsFrom(batch, Duration.ZERO).build();
            }
        }
        stepsThisEpoch++;
        runningLoss += loss;
        runningCount++;
        if (current != null) {
            current.stepTo(batch + 1L);
            current.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", runningLoss / runningCount));
        }
    }

    @Override
    public void onEpoch(History.Epoch e) {
        if (current != null) {
            current.close();
            current = null;
        }
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %" + digits(epochs) + "d/%d  loss %.4f",
                e.epoch(), epochs, e.trainLoss()));
        if (!Double.isNaN(e.trainAccuracy())) {
            sb.append(String.format(Locale.ROOT, "  accuracy %.4f", e.trainAccuracy()));
        }
        if (!Double.isNaN(e.validationLoss())) {
            sb.append(String.format(Locale.ROOT, "  val loss %.4f", e.validationLoss()));
        }
        if (!Double.isNaN(e.validationAccuracy())) {
            sb.append(String.format(Locale.ROOT, "  val accuracy %.4f", e.validationAccuracy()));
        }
        sb.append(String.format(Locale.ROOT, "  lr %.3g  %.2f s  %.0f steps/s", e.learningRate(), e.seconds(),
                seconds > 0 ? stepsThisEpoch / seconds : 0));
        out.println(sb);
        out.flush();
        stepsThisEpoch = 0;
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }
}
