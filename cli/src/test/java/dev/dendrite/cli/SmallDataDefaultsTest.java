package dev.dendrite.cli;

import dev.dendrite.model.Model;
import dev.dendrite.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, small data: a CSV file of fewer than 1,000 training and validation
 * rows gets no validation part by default, so every row not held out for testing
 * trains (bench/small_data.sh measured the gain against scikit-learn); an explicit
 * --validation, --patience, or a larger file keeps the 10% carve-out.
 */
class SmallDataDefaultsTest {
    @TempDir
    static Path dir;

    /** {@code n} rows of three classes (50 rows each for n = 150), two numeric features. */
    private static Path csv(String name, int n) throws IOException {
        Rng rng = new Rng(3);
        StringBuilder sb = new StringBuilder("a,b,kind\n");
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            sb.append(String.format(Locale.ROOT, "%.3f,%.3f,k%d%n", c + rng.nextDouble(), rng.nextDouble() - c, c));
        }
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString());
        return p;
    }

    private static WalkthroughCommandTest.Run train(Path data, String... extra) {
        String[] base = {"train", "--data", data.toString(), "--epochs", "1", "--layers", "4", "--plain",
                "-o", dir.resolve(data.getFileName() + "-" + extra.length + ".dnd").toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        WalkthroughCommandTest.Run r = WalkthroughCommandTest.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    @Test
    void smallFileTrainsOnEveryRowNotHeldOutForTesting() throws IOException {
        Path data = csv("small.csv", 150);
        // test 20% of 150 = 30 rows; the other 120 all train
        WalkthroughCommandTest.Run r = train(data);
        assertThat(r.out()).contains("split: 120 train, 0 validation, 30 test")
                .contains("small data (120 rows below 1000): no validation part");
        Model m = Model.load(dir.resolve("small.csv-0.dnd"));
        Map<?, ?> split = (Map<?, ?>) m.metadata().get("split");
        assertThat(((Number) split.get("validation")).doubleValue()).isZero();
    }

    @Test
    void explicitValidationOrPatienceKeepsTheCarveOut() throws IOException {
        Path data = csv("kept.csv", 150);
        // validation 10% of 150 = 15 rows, test 30, train 105
        assertThat(train(data, "--validation", "0.1").out()).contains("split: 105 train, 15 validation, 30 test")
                .doesNotContain("small data");
        assertThat(train(data, "--patience", "2").out()).contains("split: 105 train, 15 validation, 30 test");
    }

    @Test
    void largerFileKeepsTheDefaultValidationPart() throws IOException {
        // 1,300 rows: test 260, validation 130, train 910; 1,040 training and validation rows, above the bound
        Path data = csv("larger.csv", 1300);
        assertThat(train(data).out()).contains("split: 910 train, 130 validation, 260 test").doesNotContain("small data");
    }
}
