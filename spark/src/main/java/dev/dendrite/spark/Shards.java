package dev.dendrite.spark;

import dev.dendrite.data.Dataset;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.ArrayList;
import java.util.List;

/** Shards from a data set in the driver's memory: contiguous slices, one per partition. */
public final class Shards {
    private Shards() {
    }

    /** Splits {@code data} into {@code partitions} contiguous slices of near-equal size. */
    public static JavaRDD<Shard> of(JavaSparkContext sc, Dataset data, int partitions) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException("shards: only classification data sets are split here");
        }
        int n = data.size();
        int f = data.featureCount();
        float[] x = data.features().contiguous().toArray();
        List<Shard> out = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            int from = (int) ((long) n * p / partitions);
            int to = (int) ((long) n * (p + 1) / partitions);
            float[] xs = new float[(to - from) * f];
            System.arraycopy(x, from * f, xs, 0, xs.length);
            int[] labels = new int[to - from];
            for (int i = from; i < to; i++) {
                labels[i - from] = data.label(i);
            }
            out.add(new Shard(xs, to - from, f, labels, null, 1));
        }
        return sc.parallelize(out, partitions);
    }
}
