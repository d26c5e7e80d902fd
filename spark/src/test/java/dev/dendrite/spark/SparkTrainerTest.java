package dev.dendrite.spark;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.data.Batch;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Task;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.model.Model;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Schedule;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.TrainOptions;
import dev.dendrite.train.TrainStep;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Training and inference on Spark in local[2] with small synthetic data. */
class SparkTrainerTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("dendrite-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Three Gaussian blobs in 4 dimensions, centred on distinct corners: a learnable 3-class problem. */
    static Dataset<Row> blobs(int n, long seed, int partitions) {
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("c", DataTypes.DoubleType).add("d", DataTypes.DoubleType).add("label", DataTypes.IntegerType);
        return spark.createDataFrame(blobRows(n, seed), schema).repartition(partitions);
    }

    static List<Row> blobRows(int n, long seed) {
        Rng rng = new Rng(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            double[] x = new double[4];
            for (int j = 0; j < 4; j++) {
                x[j] = (j == c ? 2.0 : 0.0) + 0.5 * rng.nextGaussian();
            }
            rows.add(RowFactory.create(x[0], x[1], x[2], x[3], c));
        }
        return rows;
    }

    static Model mlp(long seed) {
        Rng rng = new Rng(seed);
        Sequential net = new Sequential(new Dense(4, 16, Init.HE_UNIFORM, rng), Activation.relu(),
                new Dense(16, 3, Init.XAVIER_UNIFORM, rng));
        return new Model(net, Normalizer.none(), Task.CLASSIFICATION, List.of("x", "y", "z"),
                List.of("a", "b", "c", "d"), Map.of());
    }

    static final List<String> FEATURES = List.of("a", "b", "c", "d");

    static Map<String, float[]> weights(Model m) {
        Map<String, float[]> w = new LinkedHashMap<>();
        m.parameters().forEach((k, p) -> w.put(k, p.value().toArray()));
        return w;
    }

    @Test
    void learnsTheBlobsAndTheSameSeedGivesTheSameWeights() {
        Dataset<Row> data = blobs(600, 1, 2).cache();
        Model a = new SparkTrainer(OptimizerSpec.adam(0.01)).localSteps(5).batchSize(32).epochs(3).seed(7)
                .fit(mlp(3), data, FEATURES, "label");
        Model b = new SparkTrainer(OptimizerSpec.adam(0.01)).localSteps(5).batchSize(32).epochs(3).seed(7)
                .fit(mlp(3), data, FEATURES, "label");
        Map<String, float[]> wa = weights(a);
        Map<String, float[]> wb = weights(b);
        for (String k : wa.keySet()) {
            assertThat(wb.get(k)).as(k).containsExactly(wa.get(k));
        }
        Model c = new SparkTrainer(OptimizerSpec.adam(0.01)).localSteps(5).batchSize(32).epochs(3).seed(8)
                .fit(mlp(3), data, FEATURES, "label");
        assertThat(weights(c).get("0.weight")).isNotEqualTo(wa.get("0.weight"));
        // blobs 2 apart with noise 0.5: a Bayes classifier gets ~98%
        List<Row> predicted = new SparkPredictor(a).transform(data, FEATURES, "prediction").collectAsList();
        long right = predicted.stream().filter(r -> r.getInt(4) == r.getInt(5)).count();
        assertThat(right).isGreaterThan(540);
    }

    @Test
    void oneLocalSgdStepOnWholeShardsIsOneFullBatchStep() {
        // K = 1, plain SGD, a batch larger than any shard: the weighted average of the
        // partitions' updated weights is w - lr * (mean gradient over all rows)
        Dataset<Row> data = blobs(90, 2, 3).cache();
        double lr = 0.5;
        Model spark = new SparkTrainer(OptimizerSpec.sgd(lr, 0)).localSteps(1).batchSize(1000).epochs(1)
                .fit(mlp(5), data, FEATURES, "label");

        Model local = mlp(5);
        List<Row> rows = data.collectAsList();
        float[] x = new float[rows.size() * 4];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (float) rows.get(i).getDouble(j);
            }
            y[i] = rows.get(i).getInt(4);
        }
        int[] all = new int[rows.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        TrainStep.Result r = new TrainStep(local.network(), new CrossEntropy())
                .compute(new Batch(Tensor.wrap(x, Shape.of(rows.size(), 4)), y, null, all), new Rng(0));
        for (Map.Entry<String, Parameter> e : local.parameters().entrySet()) {
            float[] w0 = e.getValue().value().toArray();
            float[] g = r.gradients().get(e.getValue()).toArray();
            float[] got = spark.parameters().get(e.getKey()).value().toArray();
            for (int i = 0; i < w0.length; i++) {
                assertThat(got[i]).as(e.getKey() + "[" + i + "]").isCloseTo((float) (w0[i] - lr * g[i]), within(1e-5f));
            }
        }
    }

    @Test
    void aDriverThatCrashesResumesFromTheRoundCheckpointToTheSameWeights(@TempDir Path dir) {
        Dataset<Row> data = blobs(300, 3, 2).cache();
        Model whole = new SparkTrainer(OptimizerSpec.adam(0.01)).localSteps(4).batchSize(16).epochs(2)
                .fit(mlp(9), data, FEATURES, "label");

        Path ckpt = dir.resolve("run.ckpt");
        SparkTrainer crashing = new SparkTrainer(OptimizerSpec.adam(0.01)).localSteps(4).batchSize(16).epochs(2)
                .checkpoint(ckpt).onRound(r -> {
                    if (r.round() == 2) {
                        throw new IllegalStateException("driver crash");
                    }
                });
        assertThatThrownBy(() -> crashing.fit(mlp(9), data, FEATURES, "label")).hasMessage("driver crash");
        assertThat(ckpt).exists();
        SparkTrainer resumed = new SparkTrainer(OptimizerSpec.adam(0.01)).localSteps(4).batchSize(16).epochs(2)
                .checkpoint(ckpt);
        Model m = resumed.fit(mlp(9), data, FEATURES, "label");
        int rounds = resumed.reports().get(0).rounds();
        assertThat(resumed.reports()).hasSize(rounds - 2);
        assertThat(resumed.reports().get(0).round()).isEqualTo(3);
        Map<String, float[]> a = weights(whole);
        Map<String, float[]> b = weights(m);
        for (String k : a.keySet()) {
            assertThat(b.get(k)).as(k).containsExactly(a.get(k));
        }
        SparkTrainer other = new SparkTrainer(OptimizerSpec.adam(0.01)).localSteps(5).batchSize(16).epochs(2)
                .checkpoint(ckpt);
        assertThatThrownBy(() -> other.fit(mlp(9), data, FEATURES, "label"))
                .hasMessageContaining("resume needs the same ones");
        assertThat(Files.exists(ckpt)).isTrue();
    }

    @Test
    void aScheduleThatStopsAfterOneEpochGivesTheOneEpochWeights() {
        // 150 rows per partition, batch 16: 10 batches a shard-epoch, K = 5: epoch 1 starts at round 2.
        // The step schedule's rate is 0.01 in epoch 0 and 0 from epoch 1 on (gamma 0), and Adam with
        // rate 0 leaves the weights as they are, so two epochs end where one constant-rate epoch ends.
        Dataset<Row> data = blobs(300, 7, 2).cache();
        Model one = new SparkTrainer(OptimizerSpec.adam(0.01)).localSteps(5).batchSize(16)
                .options(TrainOptions.defaults().withEpochs(1).withSeed(3)).fit(mlp(4), data, FEATURES, "label");
        SparkTrainer t = new SparkTrainer(OptimizerSpec.adam(0.01)).localSteps(5).batchSize(16)
                .options(TrainOptions.defaults().withEpochs(2).withSeed(3).withSchedule(Schedule.step(0.01, 1, 0.0)));
        Model two = t.fit(mlp(4), data, FEATURES, "label");
        assertThat(t.reports()).extracting(RoundReport::learningRate).containsExactly(0.01, 0.01, 0.0, 0.0);
        Map<String, float[]> a = weights(one);
        Map<String, float[]> b = weights(two);
        for (String k : a.keySet()) {
            assertThat(b.get(k)).as(k).containsExactly(a.get(k));
        }
        assertThatThrownBy(() -> new SparkTrainer(OptimizerSpec.adam(0.01))
                .options(TrainOptions.defaults().withEarlyStopping(3, 0, true)))
                .hasMessageContaining("not supported across rounds");
    }

    @Test
    void clippingByValueBoundsEveryLocalStep() {
        // plain SGD with rate 1, one local step: no weight may move by more than the clip value
        Dataset<Row> data = blobs(60, 8, 2).cache();
        Model start = mlp(6);
        Map<String, float[]> before = weights(start);
        Model m = new SparkTrainer(OptimizerSpec.sgd(1.0, 0)).localSteps(1).batchSize(1000)
                .options(TrainOptions.defaults().withEpochs(1).withClipping(0, 1e-4)).fit(mlp(6), data, FEATURES, "label");
        boolean moved = false;
        for (Map.Entry<String, float[]> e : weights(m).entrySet()) {
            float[] w0 = before.get(e.getKey());
            for (int i = 0; i < w0.length; i++) {
                float d = Math.abs(e.getValue()[i] - w0[i]);
                assertThat(d).as(e.getKey()).isLessThanOrEqualTo(1.01e-4f);
                moved |= d > 0;
            }
        }
        assertThat(moved).isTrue();
    }

    @Test
    void predictionsMatchTheModelRowByRow() {
        Dataset<Row> data = blobs(50, 4, 2);
        Model m = mlp(11);
        List<Row> out = new SparkPredictor(m).blockSize(7).transform(data, FEATURES, "p").collectAsList();
        assertThat(out).hasSize(50);
        for (Row r : out) {
            float[] x = {(float) r.getDouble(0), (float) r.getDouble(1), (float) r.getDouble(2), (float) r.getDouble(3)};
            assertThat(r.getInt(5)).isEqualTo(m.predictClass(x));
        }
    }

    @Test
    void badColumnsAreNamed() {
        Dataset<Row> data = blobs(10, 5, 1);
        SparkTrainer t = new SparkTrainer(OptimizerSpec.adam(0.01));
        assertThatThrownBy(() -> t.fit(mlp(1), data, List.of("a", "nope"), "label"))
                .hasMessage("spark data: no column 'nope' (columns: a, b, c, d, label)");
        assertThatThrownBy(() -> t.fit(mlp(1), data, FEATURES, "lbl"))
                .hasMessage("spark data: no label column 'lbl' (columns: a, b, c, d, label)");
    }
}
