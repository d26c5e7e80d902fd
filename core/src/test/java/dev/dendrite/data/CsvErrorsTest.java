package dev.dendrite.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every malformed input gives a DataException whose message names the file and the place. */
class CsvErrorsTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private void fails(String name, String text, CsvOptions options, String message) throws IOException {
        Path p = write(name, text);
        assertThatThrownBy(() -> CsvReader.read(p, options))
                .isInstanceOf(DataException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve(message).toString());
    }

    private void fails(String name, String text, String message) throws IOException {
        fails(name, text, CsvOptions.defaults(), message);
    }

    @Test
    void emptyFile() throws IOException {
        fails("empty.csv", "", "empty.csv: empty file, expected a header or data rows");
        fails("blank.csv", "\n\n  \n", "blank.csv: empty file, expected a header or data rows");
    }

    @Test
    void headerOnly() throws IOException {
        fails("h.csv", "a,b,label\n\n", "h.csv: no data rows after the header (line 1)");
    }

    @Test
    void raggedRow() throws IOException {
        String text = "a,b,c,d\n" + "1,2,3,4\n".repeat(15) + "1,2,3,4,5\n";
        fails("data.csv", text, "data.csv line 17: 5 columns, expected 4");
        fails("short.csv", "1,2,3\n4,5\n", "short.csv line 2: 2 columns, expected 3");
    }

    @Test
    void nonNumericFeature() throws IOException {
        // a word in a column of numbers: refused, with where the numbers were and how to mean it
        fails("digits.csv", "1,2,3,4,5,0\n1,2,3,4,5,1\n1,2,3,4,abc,0\n",
                "digits.csv line 3 column 5: \"abc\" is not a number, but column \"col5\" holds numbers (line 1: 5); "
                        + "fix the cell, or pass --categorical col5");
        // an empty cell is missing, refused unless a rule fills it
        fails("e.csv", "a,b\n,1\n", "e.csv line 2 column 1: missing value (an empty cell); choose a rule for "
                + "missing cells (--impute mean, median or zero)");
    }

    @Test
    void nonFiniteFeature() throws IOException {
        fails("nan.csv", "a,b\n1,0\nNaN,1\n", "nan.csv line 3 column 1: missing value \"NaN\"; choose a rule for "
                + "missing cells (--impute mean, median or zero)");
        fails("inf.csv", "a,b\n-Infinity,0\n", "inf.csv line 2 column 1: -Infinity is not a finite float32 number; features must be finite");
        fails("big.csv", "a,b\n1e39,0\n", "big.csv line 2 column 1: 1e39 is not a finite float32 number; features must be finite");
    }

    @Test
    void nonFiniteLabel() throws IOException {
        fails("l.csv", "a,b\n1,0\n2,nan\n", "l.csv line 3 column 2: label nan is not a finite number");
    }

    @Test
    void missingLabelColumn() throws IOException {
        fails("m.csv", "a,b,c\n1,2,3\n", CsvOptions.defaults().withLabel("price"),
                "m.csv line 1: no label column named \"price\" (columns: a, b, c)");
        fails("i.csv", "1,2,3\n", CsvOptions.defaults().withLabel(7),
                "i.csv line 1: label column index 7 is out of range for 3 columns");
        fails("j.csv", "1,2,3\n", CsvOptions.defaults().withLabel(-4),
                "j.csv line 1: label column index -4 is out of range for 3 columns");
        fails("k.csv", "1,2,3\n", CsvOptions.defaults().withLabel("price").withHeader(CsvOptions.Header.ABSENT),
                "k.csv: label column \"price\" is named, but the file has no header");
    }

    @Test
    void badFeatureSelection() throws IOException {
        fails("f.csv", "a,b,c\n1,2,3\n", CsvOptions.defaults().withFeatureColumns(List.of("zz")),
                "f.csv line 1: no feature column named \"zz\" (columns: a, b, c)");
        fails("g.csv", "a,b,c\n1,2,3\n", CsvOptions.defaults().withFeatureColumns(List.of("a", "c")),
                "g.csv: column \"c\" is both the label and a feature");
        fails("one.csv", "label\n1\n", "one.csv line 1: no feature columns (1 column, one of them the label)");
    }

    @Test
    void regressionNeedsNumericTargets() throws IOException {
        fails("r.csv", "a,y\n1,2\n2,cat\n", CsvOptions.defaults().withTask(Task.REGRESSION),
                "r.csv line 3 column 2: \"cat\" is not a number, expected a numeric regression target");
    }

    @Test
    void unclosedQuote() throws IOException {
        fails("q.csv", "a,b\n\"1,0\n", "q.csv line 2 column 1: quoted field is not closed on this line"
                + " (fields spanning lines are not supported)");
    }

    @Test
    void truncatedGzip() throws IOException {
        Path full = CsvReaderTest.gzip(dir.resolve("full.csv.gz"), "a,b\n" + "1.25,0\n".repeat(5000));
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("cut.csv.gz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> CsvReader.read(cut, CsvOptions.defaults()))
                .isInstanceOf(DataException.class).hasMessage(cut + ": truncated gzip data");
        Path header = dir.resolve("header.csv.gz");
        Files.write(header, Arrays.copyOf(bytes, 5));
        assertThatThrownBy(() -> CsvReader.read(header, CsvOptions.defaults()))
                .isInstanceOf(DataException.class).hasMessage(header + ": truncated gzip data");
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.csv");
        assertThatThrownBy(() -> CsvReader.read(p, CsvOptions.defaults()))
                .isInstanceOf(DataException.class).hasMessage(p + ": no such file");
    }

    @Test
    void predictionFeatureCountMismatch() throws IOException {
        Path p = write("new.csv", "a,b,c,d,e\n1,2,3,4,5\n");
        assertThatThrownBy(() -> CsvReader.readFeatures(p, CsvOptions.defaults(), 3))
                .isInstanceOf(DataException.class).hasMessage(p + " line 1: 5 feature columns, expected 3");
    }
}
