package dev.dendrite.train;

/**
 * Lowers the learning rate when a metric stops improving, as PyTorch's
 * {@code ReduceLROnPlateau} does: after each epoch the metric ({@code val_loss},
 * {@code val_accuracy}, {@code loss} or {@code accuracy}) is compared with the
 * best so far; an epoch that does not beat it counts as bad, and once more than
 * {@code patience} epochs in a row are bad the rate is multiplied by
 * {@code factor} (not below {@code min}) and the count starts again. A NaN
 * metric (no validation set) counts as bad.
 */
public final class ReduceOnPlateau implements StepSchedule {
    private final String metric;
    private final boolean maximize;
    private final double factor;
    private final int patience;
    private final double min;
    private double rate;
    private double best = Double.NaN;
    private int bad;

    public ReduceOnPlateau(double lr, String metric, boolean maximize, double factor, int patience, double min) {
        History.Epoch.checkMetric(metric);
        if (!(lr > 0) || !(factor > 0 && factor < 1) || patience < 0 || !(min >= 0)) {
            throw new IllegalArgumentException("reduce-on-plateau: needs lr > 0, factor in (0, 1), patience >= 0 "
                    + "and min >= 0, got " + lr + ", " + factor + ", " + patience + ", " + min);
        }
        this.rate = lr;
        this.metric = metric;
        this.maximize = maximize;
        this.factor = factor;
        this.patience = patience;
        this.min = min;
    }

    @Override
    public double rate(long step, int epoch, int stepsPerEpoch, int totalEpochs) {
        return rate;
    }

    /** The current rate. */
    public double rate() {
        return rate;
    }

    @Override
    public void epochEnded(History.Epoch epoch) {
        double v = epoch.metric(metric);
        boolean better = !Double.isNaN(v) && (Double.isNaN(best) || (maximize ? v > best : v < best));
        if (better) {
            best = v;
            bad = 0;
            return;
        }
        bad++;
        if (bad > patience) {
            rate = Math.max(min, rate * factor);
            bad = 0;
        }
    }
}
