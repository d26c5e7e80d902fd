package dev.dendrite.train;

/**
 * Decides after each step whether training is done: when the loss falls below a
 * threshold (the seed example's 0.000001) or after a number of steps. Rules
 * combine with {@link #or}. {@link #reason} says which one fired.
 */
@FunctionalInterface
public interface StopRule {

    /** Whether to stop, given the steps taken so far and the latest loss. */
    boolean shouldStop(long steps, double loss);

    /** A human-readable reason, used once {@link #shouldStop} is true. */
    default String reason(long steps, double loss) {
        return "stopped after " + steps + " steps";
    }

    /** Stops when the loss is below {@code threshold}. */
    static StopRule lossBelow(double threshold) {
        return new StopRule() {
            @Override
            public boolean shouldStop(long steps, double loss) {
                return loss < threshold;
            }

            @Override
            public String reason(long steps, double loss) {
                return "loss " + loss + " < threshold " + threshold + " after " + steps + " steps";
            }
        };
    }

    /** Stops after {@code max} steps. */
    static StopRule maxSteps(long max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max steps must be positive, got " + max);
        }
        return new StopRule() {
            @Override
            public boolean shouldStop(long steps, double loss) {
                return steps >= max;
            }

            @Override
            public String reason(long steps, double loss) {
                return "reached the step limit " + max;
            }
        };
    }

    /** Stops when either rule does; the reason is the first that fired. */
    default StopRule or(StopRule other) {
        StopRule self = this;
        return new StopRule() {
            @Override
            public boolean shouldStop(long steps, double loss) {
                return self.shouldStop(steps, loss) || other.shouldStop(steps, loss);
            }

            @Override
            public String reason(long steps, double loss) {
                return self.shouldStop(steps, loss) ? self.reason(steps, loss) : other.reason(steps, loss);
            }
        };
    }
}
