package dev.dendrite.spark;

import dev.dendrite.model.Model;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CSV in and Parquet out through Spark's own file sources (on JDK 17: see the spark pom), and SparkMain's flags. */
class ReadersTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("dendrite-readers")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void trainsFromCsvThroughSparksReader(@TempDir Path dir) {
        Assumptions.assumeTrue(Runtime.version().feature() < 23,
                "Spark 4.1's file sources need Subject.getSubject, which JDK 23+ refuse (runs on JDK 17 in scripts/test)");
        Path csv = dir.resolve("blobs.csv");
        StringBuilder sb = new StringBuilder("a,b,c,d,label\n");
        for (Row r : SparkTrainerTest.blobRows(300, 6)) {
            sb.append(r.getDouble(0)).append(',').append(r.getDouble(1)).append(',').append(r.getDouble(2))
                    .append(',').append(r.getDouble(3)).append(',').append(r.getInt(4)).append('\n');
        }
        writeString(csv, sb.toString());
        Dataset<Row> data = SparkMain.read(spark, csv.toString(), "csv").repartition(2);
        Model m = new SparkTrainer(OptimizerSpec.adam(0.01)).localSteps(5).batchSize(32).epochs(4)
                .fit(SparkTrainerTest.mlp(2), data, SparkTrainerTest.FEATURES, "label");
        Path out = dir.resolve("predicted.parquet");
        new SparkPredictor(m).transform(data, SparkTrainerTest.FEATURES, "prediction").write().parquet(out.toString());
        List<Row> back = SparkMain.read(spark, out.toString(), "").collectAsList();
        assertThat(back).hasSize(300);
        long right = back.stream().filter(r -> r.getInt(4) == r.getInt(5)).count();
        assertThat(right).isGreaterThan(270);
    }

    @Test
    void badFlagsAreOneLineErrors() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SparkMain.run(new String[] {"fit"}, out))
                .hasMessageStartingWith("expected a command: train or predict");
        assertThatThrownBy(() -> SparkMain.flags(new String[] {"--epochs"})).hasMessage("--epochs: missing value");
        assertThatThrownBy(() -> SparkMain.flags(new String[] {"epochs", "3"}))
                .hasMessage("expected --flag VALUE, got 'epochs'");
        assertThatThrownBy(() -> SparkMain.read(spark, "x.csv", "orc"))
                .hasMessage("--format: expected csv or parquet, got 'orc'");
    }

    private static void writeString(Path p, String s) {
        try {
            Files.writeString(p, s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
