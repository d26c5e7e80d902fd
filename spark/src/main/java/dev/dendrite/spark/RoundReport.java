package dev.dendrite.spark;

/**
 * What one round of {@link SparkTrainer} did: the mean training loss and
 * accuracy over the examples its local steps saw, its learning rate, its wall time, the compute
 * time of its slowest partition, and Spark's overhead (everything else:
 * scheduling, broadcast, task start, aggregation), in seconds.
 */
public record RoundReport(int round, int rounds, double epoch, double loss, double accuracy, double learningRate,
                          double seconds, double slowestComputeSeconds) {

    /** The part of the round that was not a partition computing: {@code 1 - slowest compute / wall time}. */
    public double overheadFraction() {
        return seconds <= 0 ? 0 : Math.max(0, 1 - slowestComputeSeconds / seconds);
    }
}
