package dev.dendrite.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures one round's fixed cost on Spark, without any training: broadcast a
 * vector of n floats, have every partition send back a copy, add them with
 * {@link TreeSum} in {@code treeAggregate}, destroy the broadcast. Prints the
 * median, the lowest and the highest of the repeats for each size and
 * partition count (docs/distributed.md). Arguments: master, sizes, partition
 * counts, repeats, e.g. {@code local[2] 1000,235146,1000000 2,8 15}.
 */
public final class AggregateBench {
    private AggregateBench() {
    }

    public static void main(String[] args) {
        String master = args.length > 0 ? args[0] : "local[2]";
        int[] sizes = ints(args.length > 1 ? args[1] : "1000,235146,1000000,4000000");
        int[] parts = ints(args.length > 2 ? args[2] : "2,8");
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        SparkSession spark = SparkSession.builder().master(master).appName("dendrite-aggregate-bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        System.out.println("floats   partitions  median ms  min ms  max ms");
        for (int p : parts) {
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < p; i++) {
                ids.add(i);
            }
            JavaRDD<Integer> rdd = sc.parallelize(ids, p).cache();
            rdd.count();
            for (int n : sizes) {
                double[] ms = new double[repeats + 3];
                for (int r = 0; r < ms.length; r++) {
                    long t0 = System.nanoTime();
                    Broadcast<float[]> bc = sc.broadcast(new float[n]);
                    TreeSum sum = rdd.mapPartitionsWithIndex((i, it) -> List.of(new LocalSteps.Leaf(i,
                                    bc.value().clone(), 0)).iterator(), true)
                            .treeAggregate(new TreeSum(p), (t, l) -> t.add(l.partition(), l.vector(), 0),
                                    TreeSum::merge, 2);
                    if (sum.total().length != n) {
                        throw new AssertionError();
                    }
                    bc.destroy();
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                }
                double[] kept = Arrays.copyOfRange(ms, 3, ms.length); // the first three warm up
                Arrays.sort(kept);
                System.out.printf(Locale.ROOT, "%-8d %-11d %-10.1f %-7.1f %.1f%n", n, p, kept[kept.length / 2],
                        kept[0], kept[kept.length - 1]);
            }
            rdd.unpersist();
        }
        spark.stop();
    }

    private static int[] ints(String s) {
        return Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
