package dev.dendrite.spark;

import dev.dendrite.data.Dataset;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Shards from a data set in the driver's memory, one contiguous slice per
 * partition. The rows travel once per executor as a broadcast, not inside the
 * partitions: a parallelized collection would put each partition's rows into
 * every task of every round (92 MB per task for Fashion-MNIST in two
 * partitions), although the shards are cached. An executor that replaces a
 * lost one fetches the broadcast again and rebuilds the same slices.
 */
public final class Shards {
    private Shards() {
    }

    /** The rows of a classification data set as plain arrays (what the broadcast holds). */
    record Rows(float[] features, int[] labels, int columns) implements Serializable {
    }

    /** Splits {@code data} into {@code partitions} contiguous slices of near-equal size. */
    public static JavaRDD<Shard> of(JavaSparkContext sc, Dataset data, int partitions) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException("shards: only classification data sets are split here");
        }
        Broadcast<Rows> rows = sc.broadcast(new Rows(data.features().contiguous().toArray(), data.labels(),
                data.featureCount()));
        List<Integer> ids = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ids.add(p);
        }
        return sc.parallelize(ids, partitions).mapPartitionsWithIndex((p, it) -> {
            Rows r = rows.value();
            int n = r.labels().length;
            int f = r.columns();
            int from = (int) ((long) n * p / partitions);
            int to = (int) ((long) n * (p + 1) / partitions);
            float[] xs = new float[(to - from) * f];
            System.arraycopy(r.features(), from * f, xs, 0, xs.length);
            int[] labels = java.util.Arrays.copyOfRange(r.labels(), from, to);
            return List.of(new Shard(xs, to - from, f, labels, null, 1)).iterator();
        }, true);
    }
}
