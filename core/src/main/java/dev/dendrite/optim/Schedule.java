package dev.dendrite.optim;

/**
 * A learning rate as a function of the epoch (0-based) and the total number of
 * epochs: constant, step decay (multiply by {@code gamma} every {@code every}
 * epochs) or cosine annealing from the base rate towards {@code min}:
 * {@code min + (lr - min) (1 + cos(pi e / T)) / 2}, so the last epoch still
 * learns a little.
 */
@FunctionalInterface
public interface Schedule {

    double rate(int epoch, int totalEpochs);

    static Schedule constant(double lr) {
        return (e, t) -> lr;
    }

    static Schedule step(double lr, int every, double gamma) {
        if (every <= 0) {
            throw new IllegalArgumentException("step schedule: 'every' must be positive, got " + every);
        }
        return (e, t) -> lr * Math.pow(gamma, e / every);
    }

    static Schedule cosine(double lr, double min) {
        return (e, t) -> min + 0.5 * (lr - min) * (1 + Math.cos(Math.PI * e / Math.max(1, t)));
    }
}
