package dev.dendrite.train;

/**
 * Training produced NaN or Inf in the loss or a gradient. The message names the
 * epoch, the step and the first parameter affected, and suggests remedies.
 */
public final class DivergenceException extends RuntimeException {
    private final int epoch;
    private final long step;
    private final String parameter;

    public DivergenceException(int epoch, long step, String what, String parameter) {
        super("training diverged at epoch " + epoch + ", step " + step + ": " + what
                + (parameter == null ? "" : " (first in " + parameter + ")")
                + "; try a lower learning rate, normalised inputs, or gradient clipping (--clip-norm)");
        this.epoch = epoch;
        this.step = step;
        this.parameter = parameter;
    }

    public int epoch() {
        return epoch;
    }

    public long step() {
        return step;
    }

    /** The first parameter whose gradient was not finite, or null when the loss itself was. */
    public String parameter() {
        return parameter;
    }
}
