package dev.dendrite.train;

import dev.dendrite.optim.Schedule;

/**
 * A learning rate that {@link Trainer} asks for before every optimizer step,
 * given the step (counting from 0 over the whole run), the epoch (from 0), the
 * steps per epoch and the epochs planned; after each epoch's evaluation it hears
 * the epoch's numbers through {@link #epochEnded}, which is how
 * {@link ReduceOnPlateau} follows a validation metric. Factories: constant,
 * per-step cosine, linear warm-up before another schedule, an epoch
 * {@link Schedule}, and reduce-on-plateau. State such as a plateau's current rate
 * is not part of a checkpoint: a resumed run starts it afresh.
 */
@FunctionalInterface
public interface StepSchedule {

    /** The rate for the step about to run. */
    double rate(long step, int epoch, int stepsPerEpoch, int totalEpochs);

    /** After each epoch's evaluation, with its numbers; by default nothing. */
    default void epochEnded(History.Epoch epoch) {
    }

    static StepSchedule constant(double lr) {
        return (s, e, n, t) -> lr;
    }

    /** An epoch schedule, asked with the epoch of each step. */
    static StepSchedule perEpoch(Schedule schedule) {
        return (s, e, n, t) -> schedule.rate(e, t);
    }

    /**
     * Cosine annealing from {@code lr} to {@code min} over every step of the
     * planned epochs: {@code min + (lr - min) (1 + cos(pi s / S)) / 2}.
     */
    static StepSchedule cosine(double lr, double min) {
        return (s, e, n, t) -> min + 0.5 * (lr - min) * (1 + Math.cos(Math.PI * s / Math.max(1, (double) n * t)));
    }

    /**
     * The first {@code steps} steps ramp linearly up to what {@code then} gives
     * ({@code then}'s rate times {@code (s + 1) / steps}); later steps take
     * {@code then}'s rate. Epoch ends are passed on to {@code then}.
     */
    static StepSchedule warmup(long steps, StepSchedule then) {
        if (steps <= 0) {
            throw new IllegalArgumentException("warm-up: steps must be positive, got " + steps);
        }
        return new StepSchedule() {
            @Override
            public double rate(long s, int e, int n, int t) {
                double r = then.rate(s, e, n, t);
                return s < steps ? r * (s + 1) / steps : r;
            }

            @Override
            public void epochEnded(History.Epoch epoch) {
                then.epochEnded(epoch);
            }
        };
    }

    /**
     * Starts at {@code lr} and multiplies the rate by {@code factor} once
     * {@code metric} has not improved for more than {@code patience} epochs; see
     * {@link ReduceOnPlateau}.
     */
    static ReduceOnPlateau reduceOnPlateau(double lr, String metric, boolean maximize, double factor, int patience) {
        return new ReduceOnPlateau(lr, metric, maximize, factor, patience, 0);
    }
}
