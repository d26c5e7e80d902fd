package dev.dendrite.spark;

import dev.dendrite.data.Datasets;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Task;
import dev.dendrite.model.Model;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Schedule;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.TrainOptions;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.stddev_pop;

/**
 * The command-line entry point for Spark: {@code train} and {@code predict},
 * run by {@code spark-submit --class dev.dendrite.spark.SparkMain} on a cluster
 * or by {@code scripts/dendrite-spark} with the Maven jars. {@code --master}
 * picks the cluster ({@code local[2]}, {@code spark://host:7077}); under
 * spark-submit it may be left out. Flags follow {@code dendrite train}; bad
 * input exits 2 with one line, as the local command does.
 */
public final class SparkMain {
    private SparkMain() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("dendrite-spark: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    static int run(String[] args, PrintStream out) {
        if (args.length == 0 || !(args[0].equals("train") || args[0].equals("predict"))) {
            throw new IllegalArgumentException("expected a command: train or predict (then --flags; see README "
                    + "\"Training on Spark\")");
        }
        Map<String, String> f = flags(Arrays.copyOfRange(args, 1, args.length));
        SparkSession.Builder b = SparkSession.builder().appName("dendrite " + args[0]);
        if (f.containsKey("master")) {
            b.master(f.remove("master"));
        }
        SparkSession spark = b.getOrCreate();
        try {
            return args[0].equals("train") ? train(spark, f, out) : predict(spark, f, out);
        } finally {
            spark.stop();
        }
    }

    private static int train(SparkSession spark, Map<String, String> f, PrintStream out) {
        String data = require(f, "data");
        Path output = Path.of(require(f, "output"));
        int epochs = integer(f, "epochs", 10);
        int batch = integer(f, "batch-size", 128);
        int k = integer(f, "local-steps", 50);
        long seed = Long.parseLong(f.getOrDefault("seed", "42"));
        double lr = number(f, "learning-rate", 0.001);
        OptimizerSpec opt = new OptimizerSpec(f.getOrDefault("optimizer", "adam"), lr,
                number(f, "momentum", 0.9), number(f, "weight-decay", 0));
        int[] hidden = sizes(f.getOrDefault("layers", "64"));
        float dropout = (float) number(f, "dropout", 0);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int partitions = integer(f, "partitions", sc.defaultParallelism());
        JavaRDD<Shard> shards;
        int features;
        int classes;
        Normalizer normalizer;
        List<String> classNames;
        List<String> featureNames;
        Datasets.TrainTest fm = null;
        if (data.equals("fashion-mnist")) {
            fm = Datasets.fashionMnist();
            shards = Shards.of(sc, fm.train(), partitions);
            features = 784;
            classNames = Datasets.FASHION_MNIST_CLASSES;
            classes = classNames.size();
            normalizer = Normalizer.scale(255f);
            featureNames = fm.train().featureNames();
            out.println("data: fashion-mnist, " + fm.train().size() + " training rows, " + fm.test().size()
                    + " test rows, " + partitions + " partitions");
        } else {
            Dataset<Row> df = read(spark, data, f.getOrDefault("format", ""));
            String label = f.getOrDefault("label", df.columns()[df.columns().length - 1]);
            featureNames = f.containsKey("features") ? List.of(f.get("features").split(","))
                    : Arrays.stream(df.columns()).filter(c -> !c.equals(label)).toList();
            df = df.repartition(partitions);
            Row stats = df.agg(org.apache.spark.sql.functions.max(col(label)).cast("int"),
                    org.apache.spark.sql.functions.count(col(label))).first();
            classes = stats.getInt(0) + 1;
            classNames = numbered(classes);
            features = featureNames.size();
            normalizer = standardize(df, featureNames);
            shards = Rows.toShards(df, featureNames, label, true);
            out.println("data: " + data + ", " + stats.getLong(1) + " rows, " + features + " features, "
                    + classes + " classes (label '" + Rows.shorten(label) + "'), " + partitions + " partitions");
        }
        Model model = new Model(mlp(features, hidden, classes, dropout, seed), normalizer, Task.CLASSIFICATION,
                classNames, featureNames, Map.of("trained_on", "spark"));
        out.println("network: " + model.network() + "  (" + ((Sequential) model.network()).parameterCount()
                + " parameters)");
        out.println("training: " + opt.kind() + "(lr=" + lr + "), batch " + batch + ", " + epochs + " epochs, "
                + k + " local steps per round, master " + spark.sparkContext().master());
        String sched = f.getOrDefault("schedule", "constant");
        Schedule schedule = switch (sched) {
            case "constant" -> null;
            case "cosine" -> Schedule.cosine(lr, 0);
            case "step" -> Schedule.step(lr, integer(f, "step-every", 10), number(f, "gamma", 0.1));
            default -> throw new IllegalArgumentException("--schedule: expected constant, step or cosine, got '"
                    + Rows.shorten(sched) + "'");
        };
        TrainOptions options = TrainOptions.defaults().withEpochs(epochs).withSeed(seed).withSchedule(schedule)
                .withClipping(number(f, "clip-norm", 0), number(f, "clip-value", 0));
        SparkTrainer t = new SparkTrainer(opt).localSteps(k).batchSize(batch).options(options)
                .onRound(r -> out.println(String.format(Locale.ROOT,
                        "round %d/%d  epoch %.2f  loss %.4f  accuracy %.4f  lr %.3g  %.2f s  (Spark overhead %.0f%%)",
                        r.round(), r.rounds(), r.epoch(), r.loss(), r.accuracy(), r.learningRate(), r.seconds(),
                        100 * r.overheadFraction())));
        if (f.containsKey("checkpoint")) {
            t.checkpoint(Path.of(f.get("checkpoint")));
        }
        long t0 = System.nanoTime();
        t.fit(model, shards);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double overhead = t.reports().stream().mapToDouble(r -> r.seconds() - r.slowestComputeSeconds()).sum();
        double total = t.reports().stream().mapToDouble(RoundReport::seconds).sum();
        out.println(String.format(Locale.ROOT, "finished: %d rounds in %.1f s, Spark overhead %.1f%% of round time",
                t.reports().size(), seconds, total > 0 ? 100 * overhead / total : 0));
        if (fm != null) {
            int[] p = model.predict(fm.test().features()).argmaxRows();
            int right = 0;
            for (int i = 0; i < p.length; i++) {
                right += p[i] == fm.test().label(i) ? 1 : 0;
            }
            out.println(String.format(Locale.ROOT, "test accuracy: %.4f (%d rows)", (double) right / p.length,
                    p.length));
        }
        model.save(output);
        out.println("model saved to " + output);
        return 0;
    }

    private static int predict(SparkSession spark, Map<String, String> f, PrintStream out) {
        Model model = Model.load(Path.of(require(f, "model")));
        String data = require(f, "data");
        Dataset<Row> df;
        List<String> features;
        if (data.equals("fashion-mnist")) {
            df = imageRows(spark, Datasets.fashionMnist().test(), integer(f, "partitions",
                    spark.sparkContext().defaultParallelism()));
            features = List.of("pixels");
        } else {
            df = read(spark, data, f.getOrDefault("format", ""));
            features = f.containsKey("features") ? List.of(f.get("features").split(",")) : model.featureNames();
        }
        String column = f.getOrDefault("column", "prediction");
        // read and cache the input first, so the time below is the predictions' alone
        df = df.cache();
        long inputRows = df.count();
        // twice: the first pass also compiles Spark's generated code for the plan, the second is the steady rate
        Dataset<Row> result = null;
        long rows = 0;
        for (int pass = 1; pass <= 2; pass++) {
            if (result != null) {
                result.unpersist(true);
            }
            result = new SparkPredictor(model).transform(df, features, column).cache();
            long t0 = System.nanoTime();
            rows = result.count();
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.println(String.format(Locale.ROOT, "pass %d: predicted %d rows in %.2f s (%.0f rows/s, model "
                    + "loaded once per partition)", pass, rows, seconds, rows / seconds));
        }
        if (Arrays.asList(df.columns()).contains("label")) {
            long right = result.filter(col("label").equalTo(col(column))).count();
            out.println(String.format(Locale.ROOT, "accuracy against 'label': %.4f", (double) right / rows));
        }
        if (f.containsKey("output")) {
            result.write().mode("overwrite").parquet(f.get("output"));
            out.println("written to " + f.get("output"));
        }
        result.unpersist();
        df.unpersist();
        return inputRows == rows ? 0 : 1;
    }

    /** A data set's rows as a data frame: the features as one array column {@code pixels}, and {@code label}. */
    static Dataset<Row> imageRows(SparkSession spark, dev.dendrite.data.Dataset d, int partitions) {
        float[] x = d.features().contiguous().toArray();
        int w = d.featureCount();
        List<Row> rows = new ArrayList<>(d.size());
        for (int i = 0; i < d.size(); i++) {
            Float[] v = new Float[w];
            for (int j = 0; j < w; j++) {
                v[j] = x[i * w + j];
            }
            rows.add(org.apache.spark.sql.RowFactory.create(v, d.label(i)));
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("pixels", org.apache.spark.sql.types.DataTypes.createArrayType(
                        org.apache.spark.sql.types.DataTypes.FloatType))
                .add("label", org.apache.spark.sql.types.DataTypes.IntegerType);
        return spark.createDataFrame(rows, schema).repartition(partitions);
    }

    static Sequential mlp(int in, int[] hidden, int classes, float dropout, long seed) {
        Rng rng = new Rng(seed);
        List<Layer> layers = new ArrayList<>();
        int from = in;
        for (int h : hidden) {
            layers.add(new Dense(from, h, Init.HE_UNIFORM, rng));
            layers.add(Activation.relu());
            if (dropout > 0) {
                layers.add(new Dropout(dropout));
            }
            from = h;
        }
        layers.add(new Dense(from, classes, Init.XAVIER_UNIFORM, rng));
        return new Sequential(layers);
    }

    /** A standardising normaliser fitted by Spark (mean and population deviation of every feature column). */
    static Normalizer standardize(Dataset<Row> df, List<String> columns) {
        List<Column> aggs = new ArrayList<>();
        for (String c : columns) {
            aggs.add(avg(col(c)));
            aggs.add(stddev_pop(col(c)));
        }
        Row r = df.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
        float[] mean = new float[columns.size()];
        float[] std = new float[columns.size()];
        for (int j = 0; j < mean.length; j++) {
            mean[j] = (float) r.getDouble(2 * j);
            std[j] = (float) r.getDouble(2 * j + 1);
        }
        return Normalizer.restore(Normalizer.Kind.STANDARDIZE, Map.of("mean", Tensor.wrap(mean, Shape.of(mean.length)),
                "std", Tensor.wrap(std, Shape.of(std.length))));
    }

    static Dataset<Row> read(SparkSession spark, String path, String format) {
        String fmt = format.isEmpty() ? (path.endsWith(".parquet") || Files.isDirectory(Path.of(path)) ? "parquet"
                : "csv") : format;
        return switch (fmt) {
            case "parquet" -> spark.read().parquet(path);
            case "csv" -> spark.read().option("header", "true").option("inferSchema", "true").csv(path);
            default -> throw new IllegalArgumentException("--format: expected csv or parquet, got '"
                    + Rows.shorten(fmt) + "'");
        };
    }

    private static List<String> numbered(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }

    static Map<String, String> flags(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new IllegalArgumentException("expected --flag VALUE, got '" + Rows.shorten(a) + "'");
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                out.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (i + 1 < args.length) {
                out.put(a.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException(a + ": missing value");
            }
        }
        return out;
    }

    private static String require(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    private static int integer(Map<String, String> f, String name, int dflt) {
        String v = f.get(name);
        try {
            int n = v == null ? dflt : Integer.parseInt(v.trim());
            if (n < 1) {
                throw new IllegalArgumentException("--" + name + ": expected a whole number of at least 1, got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": expected a whole number, got '" + Rows.shorten(v) + "'");
        }
    }

    private static double number(Map<String, String> f, String name, double dflt) {
        String v = f.get(name);
        try {
            return v == null ? dflt : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": expected a number, got '" + Rows.shorten(v) + "'");
        }
    }

    private static int[] sizes(String s) {
        String[] parts = s.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--layers: expected sizes like 256,128, got '" + Rows.shorten(s) + "'");
            }
            if (out[i] < 1) {
                throw new IllegalArgumentException("--layers: layer size " + out[i] + " must be at least 1");
            }
        }
        return out;
    }
}
