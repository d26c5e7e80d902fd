package dev.dendrite.cli;

import dev.dendrite.train.History;
import dev.dendrite.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows training progress. On a terminal, a bar per epoch with steps per
 * second, the running loss and the time left, redrawn in place at most five
 * times a second; otherwise (CI, pipes, files) one plain line per epoch. Either
 * way each epoch ends with a summary line. (A progress-bar library was tried
 * first; its bar froze on JDK 25 under tmux, and the bar is a few lines.)
 */
final class Progress implements TrainingListener {
    private final PrintWriter out;
    private final boolean bar;
    private int epochs;
    private int batches;
    private boolean drawing;
    private long lastDraw;
    private int startBatch;
    private double runningLoss;
    private int runningCount;
    private long epochStart;
    private int stepsThisEpoch;

    Progress(PrintWriter out, boolean bar) {
        this.out = out;
        this.bar = bar;
    }

    /** What the daemon's client said of its standard output; null: ask this JVM's console. */
    private static volatile Boolean clientTerminal;

    /** Whether standard output is an interactive terminal. */
    static boolean isTerminal() {
        Boolean client = clientTerminal;
        if (client != null) {
            return client;
        }
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** For the daemon: whether the client's standard output is a terminal (null: this JVM's own). */
    static void terminal(Boolean client) {
        clientTerminal = client;
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
        if (stepsThisEpoch == 0) {
            epochStart = System.nanoTime();
            runningLoss = 0;
            runningCount = 0;
            startBatch = batch;
            drawing = bar;
        }
        stepsThisEpoch++;
        runningLoss += loss;
        runningCount++;
        long now = System.nanoTime();
        if (drawing && (now - lastDraw > 200_000_000L || batch + 1 == batches)) {
            lastDraw = now;
            draw(epoch, batch + 1, now);
        }
    }

    private void draw(int epoch, int done, long now) {
        double seconds = (now - epochStart) / 1e9;
        double rate = seconds > 0 ? (done - startBatch) / seconds : 0;
        long left = rate > 0 ? Math.round((batches - done) / rate) : 0;
        int width = 30;
        int filled = batches == 0 ? width : (int) ((long) width * done / batches);
        out.print(String.format(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d steps  %.0f steps/s  loss %.4f  %d:%02d left ",
                epoch, epochs, "#".repeat(filled), ".".repeat(width - filled), done, batches, rate,
                runningLoss / runningCount, left / 60, left % 60));
        out.flush();
    }

    @Override
    public void onEpoch(History.Epoch e) {
        if (drawing) {
            // wipe the bar before the summary line
            out.print("\r" + " ".repeat(100) + "\r");
            drawing = false;
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
