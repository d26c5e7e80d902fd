package dev.dendrite.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every row of the table in {@code docs/bad-input.md}: the command, its
 * exit code and the exact one-line message, with no stack trace.
 */
class BadInputTest {
    private static final Path DOC = Path.of("..", "docs", "bad-input.md");
    private static final String FOLDER = "bad-input/";
    private static final String HERE = "src/test/resources/bad-input/";
    private static final Pattern ROW = Pattern.compile(
            "^\\| (\\d+) \\| (.+?) \\| `dendrite (.+?)` \\| (\\d) \\| `(.+)` \\|$");

    private record Row(int number, String name, String[] args, int exit, String message) {
    }

    private static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                String[] args = Arrays.stream(m.group(3).split(" "))
                        .map(a -> a.startsWith(FOLDER) ? HERE + a.substring(FOLDER.length()) : a)
                        .toArray(String[]::new);
                rows.add(new Row(Integer.parseInt(m.group(1)), m.group(2), args, Integer.parseInt(m.group(4)),
                        m.group(5).replace(FOLDER, HERE)));
            }
        }
        return rows;
    }

    @Test
    void theTableCoversTheCatalogue() throws IOException {
        List<Row> rows = rows();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(30);
        // rows are numbered in blocks (1.., 100.., ...) so that work done side by side merges; each block in order
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).number()).isGreaterThan(rows.get(i - 1).number());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRowGivesItsMessage() throws IOException {
        return rows().stream().map(r -> DynamicTest.dynamicTest(r.number() + " " + r.name(), () -> {
            WalkthroughCommandTest.Run run = WalkthroughCommandTest.run(r.args());
            assertThat(run.code()).as(run.err()).isEqualTo(r.exit());
            assertThat(run.err().lines().findFirst().orElse("")).isEqualTo(r.message());
            assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }));
    }

    @Test
    void verboseAddsTheStackTrace() {
        WalkthroughCommandTest.Run run = WalkthroughCommandTest.run("--verbose", "train", "--data", HERE + "ragged.csv");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("dendrite: " + HERE + "ragged.csv line 3: 5 columns, expected 4")
                .contains("DataException").contains("\tat dev.dendrite.");
    }
}
