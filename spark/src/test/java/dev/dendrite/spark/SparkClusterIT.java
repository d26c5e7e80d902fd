package dev.dendrite.spark;

import dev.dendrite.data.Datasets;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Task;
import dev.dendrite.model.Model;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real standalone cluster: a master and two workers on 127.0.0.1 started from
 * the Maven jars, each executor a JVM of its own. Trains the Fashion-MNIST MLP
 * (a 6,000-image subset; generated images where the data set is not
 * installed) for two epochs, kills one executor JVM by process id while a
 * round's tasks run, and checks that the final weights equal those of an
 * undisturbed run on the same cluster and that the accuracy is that of a
 * trained model.
 */
class SparkClusterIT {
    private static final int TRAIN = 6_000;
    private static final int TEST = 2_000;

    @Test
    @Timeout(value = 170, unit = TimeUnit.SECONDS)
    void trainsOnTwoWorkersAndAKilledExecutorChangesNothing() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("spark.it.work", "target/spark-it")));
        String classpath = Files.readString(Path.of(System.getProperty("spark.it.classpath.file"))).trim()
                + java.io.File.pathSeparator + System.getProperty("spark.it.classes")
                + java.io.File.pathSeparator + System.getProperty("spark.it.test.classes");
        byte[][] train;
        byte[][] test;
        boolean real = Files.isDirectory(Datasets.FASHION_MNIST_DEFAULT_DIR);
        if (real) {
            Datasets.TrainTest tt = Datasets.fashionMnist();
            train = rows(tt.train(), TRAIN);
            test = rows(tt.test(), TEST);
        } else {
            System.err.println("SparkClusterIT: " + Datasets.FASHION_MNIST_DEFAULT_DIR
                    + " is missing (scripts/fashion-mnist installs it): training on generated images");
            train = generated(TRAIN, 1);
            test = generated(TEST, 2);
        }
        java.util.Optional<Path> java = LocalCluster.clusterJava();
        Assumptions.assumeTrue(java.isPresent(), "no JDK below 23 for the executors (set -Djava17.home)");
        try (LocalCluster cluster = LocalCluster.start(work, java.get(), classpath, 2, 768)) {
            SparkSession spark = SparkSession.builder().master(cluster.masterUrl()).appName("dendrite-cluster-it")
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false").config("spark.executor.memory", "512m")
                    .config("spark.executor.cores", "1").config("spark.cores.max", "2")
                    .config("spark.executor.extraClassPath", classpath)
                    .config("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector -XX:+UseParallelGC")
                    .getOrCreate();
            try {
                JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                waitForExecutors(sc, 2, 90_000);
                Faults faults = new Faults(cluster);
                spark.sparkContext().addSparkListener(faults);
                JavaRDD<Shard> shards = Shards.of(sc, dataset(train), 2);

                SparkTrainer disturbed = trainer().onRound(r -> {
                    faults.armed.set(r.round() == 2);
                    System.err.printf("SparkClusterIT: round %d/%d loss %.4f, %.2f s, slowest partition %.2f s%n",
                            r.round(), r.rounds(), r.loss(), r.seconds(), r.slowestComputeSeconds());
                });
                Model a = disturbed.fit(mlp(), shards);
                assertThat(faults.killedPid.get()).as("an executor was killed").isPositive();
                assertThat(faults.failedTasks.get()).as("tasks lost with the executor").isPositive();
                assertThat(faults.executorsRemoved.get()).isPositive();

                Model b = trainer().fit(mlp(), shards);
                Map<String, float[]> wa = weights(a);
                Map<String, float[]> wb = weights(b);
                for (String k : wa.keySet()) {
                    assertThat(wa.get(k)).as(k).containsExactly(wb.get(k));
                }
                double acc = accuracy(a, test);
                System.err.printf("SparkClusterIT: %s data, test accuracy %.4f, rounds %d, overhead per round %s%n",
                        real ? "Fashion-MNIST" : "generated", acc, disturbed.reports().size(),
                        disturbed.reports().stream().map(r -> String.format("%.0f%%", 100 * r.overheadFraction()))
                                .toList());
                assertThat(acc).isGreaterThan(real ? 0.72 : 0.9);
            } finally {
                spark.stop();
            }
        }
    }

    private static SparkTrainer trainer() {
        return new SparkTrainer(OptimizerSpec.adam(0.001)).localSteps(24).batchSize(64).epochs(2).seed(13);
    }

    static Model mlp() {
        Rng rng = new Rng(5);
        Sequential net = new Sequential(new Dense(784, 256, Init.HE_UNIFORM, rng), Activation.relu(),
                new Dense(256, 128, Init.HE_UNIFORM, rng), Activation.relu(), new Dense(128, 10, Init.XAVIER_UNIFORM, rng));
        return new Model(net, Normalizer.scale(255f), Task.CLASSIFICATION, Datasets.FASHION_MNIST_CLASSES,
                dev.dendrite.data.Dataset.numberedNames("pixel", 784), Map.of());
    }

    /** Kills one executor shortly after the first task of the armed round starts, and counts what Spark saw. */
    static final class Faults extends SparkListener {
        final AtomicBoolean armed = new AtomicBoolean();
        final AtomicLong killedPid = new AtomicLong();
        final AtomicInteger failedTasks = new AtomicInteger();
        final AtomicInteger executorsRemoved = new AtomicInteger();
        private final LocalCluster cluster;

        Faults(LocalCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            if (armed.compareAndSet(true, false)) {
                Thread t = new Thread(() -> {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                    cluster.killOneExecutor().ifPresent(killedPid::set);
                    System.err.println("SparkClusterIT: killed executor JVM " + killedPid.get());
                });
                t.setDaemon(true);
                t.start();
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskInfo().failed()) {
                failedTasks.incrementAndGet();
            }
        }

        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
            executorsRemoved.incrementAndGet();
        }
    }

    private static dev.dendrite.data.Dataset dataset(byte[][] rows) {
        float[] x = new float[rows.length * 784];
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = rows[i][0];
            for (int j = 0; j < 784; j++) {
                x[i * 784 + j] = rows[i][j + 1] & 0xFF;
            }
        }
        return dev.dendrite.data.Dataset.classification(Tensor.wrap(x, Shape.of(rows.length, 784)),
                dev.dendrite.data.Dataset.numberedNames("pixel", 784), y, Datasets.FASHION_MNIST_CLASSES);
    }

    /** Rows as bytes: the label, then 784 pixels 0..255. */
    private static byte[][] rows(dev.dendrite.data.Dataset d, int n) {
        float[] x = d.features().contiguous().toArray();
        byte[][] out = new byte[n][785];
        for (int i = 0; i < n; i++) {
            out[i][0] = (byte) d.label(i);
            for (int j = 0; j < 784; j++) {
                out[i][j + 1] = (byte) Math.round(x[i * 784 + j]);
            }
        }
        return out;
    }

    /** Ten classes of noisy images, each class lighting its own band of rows. */
    private static byte[][] generated(int n, long seed) {
        Rng rng = new Rng(seed);
        byte[][] out = new byte[n][785];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(10);
            out[i][0] = (byte) c;
            for (int j = 0; j < 784; j++) {
                boolean band = (j / 28) / 3 == c;
                out[i][j + 1] = (byte) Math.min(255, (band ? 120 : 0) + rng.nextInt(100));
            }
        }
        return out;
    }

    private static double accuracy(Model m, byte[][] rows) {
        float[] x = new float[rows.length * 784];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < 784; j++) {
                x[i * 784 + j] = rows[i][j + 1] & 0xFF;
            }
        }
        int[] p = m.predict(Tensor.wrap(x, Shape.of(rows.length, 784))).argmaxRows();
        int right = 0;
        for (int i = 0; i < rows.length; i++) {
            right += p[i] == rows[i][0] ? 1 : 0;
        }
        return (double) right / rows.length;
    }

    private static Map<String, float[]> weights(Model m) {
        Map<String, float[]> w = new LinkedHashMap<>();
        m.parameters().forEach((k, p) -> w.put(k, p.value().toArray()));
        return w;
    }

    private static void waitForExecutors(JavaSparkContext sc, int n, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (sc.sc().statusTracker().getExecutorInfos().length < n + 1) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException(n + " executors did not register within " + millis + " ms");
            }
            Thread.sleep(200);
        }
    }
}
