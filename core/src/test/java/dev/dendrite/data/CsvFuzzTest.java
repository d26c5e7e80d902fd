package dev.dendrite.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dendrite.fuzz.FuzzOracle;
import dev.dendrite.tensor.Tensor;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link CsvReader#read(java.io.InputStream, String, CsvOptions)} and
 * {@link CsvReader#readFeatures(java.io.InputStream, String, CsvOptions, int)}
 * with options drawn from the input: any bytes must give a dataset that holds
 * together, or a {@link DataException} with a one-line message naming the
 * source. Input layout: byte 0 picks delimiter, header mode, task, entry point
 * and whether the label is named; byte 1 the label index (high nibble, signed)
 * and the expected feature count or label name (low nibble); byte 2 the feature
 * columns; the rest is the file (plain or gzip). Seeds: {@code CsvFuzzTestInputs/read/}.
 */
class CsvFuzzTest {
    static final String SOURCE = "fuzz.csv";
    private static final char[] DELIMITERS = {',', '\t', ';', ' '};
    private static final CsvOptions.Header[] HEADERS = {CsvOptions.Header.AUTO, CsvOptions.Header.PRESENT,
            CsvOptions.Header.ABSENT, CsvOptions.Header.AUTO};
    private static final Task[] TASKS = {Task.AUTO, Task.CLASSIFICATION, Task.REGRESSION, Task.AUTO};
    private static final String[] NAMES = {"label", "y", "species", "a", "b", "x", "", " ", "0", "-1", "1", "2",
            "3", "-2", "99", "class"};

    @FuzzTest(maxDuration = "10s")
    void read(byte[] data) {
        if (data.length < 3) {
            return;
        }
        int o = data[0] & 0xff;
        int l = data[1] & 0xff;
        int f = data[2] & 0xff;
        CsvOptions options = new CsvOptions(DELIMITERS[o & 3], HEADERS[(o >> 2) & 3], null, -1, null,
                TASKS[(o >> 4) & 3]);
        int labelIndex = (byte) l >> 4; // -8..7
        options = (o & 0x80) != 0 ? options.withLabel(NAMES[l & 15]) : options.withLabel(labelIndex);
        if (f != 0) {
            List<String> columns = new ArrayList<>();
            for (int i = 0; i < (f & 3) + 1; i++) {
                columns.add(NAMES[(f >> (2 + 2 * i)) & 15]);
            }
            options = options.withFeatureColumns(columns);
        }
        byte[] file = Arrays.copyOfRange(data, 3, data.length);
        try {
            if ((o & 0x40) != 0) {
                checkFeatures(CsvReader.readFeatures(new ByteArrayInputStream(file), SOURCE, options, l & 7));
            } else {
                checkResult(CsvReader.read(new ByteArrayInputStream(file), SOURCE, options), options);
            }
        } catch (DataException e) {
            FuzzOracle.documented(e, SOURCE);
        }
    }

    static void checkFeatures(Features f) {
        checkMatrix(f.values(), f.names());
    }

    static void checkResult(CsvResult r, CsvOptions options) {
        Dataset d = r.dataset();
        checkMatrix(d.features(), d.featureNames());
        FuzzOracle.check(r.task() == Task.CLASSIFICATION || r.task() == Task.REGRESSION, "task " + r.task());
        FuzzOracle.check(options.task() == Task.AUTO || options.task() == r.task(), "task changed");
        FuzzOracle.check(d.isClassification() == (r.task() == Task.CLASSIFICATION), "task mismatch");
        if (d.isClassification()) {
            int[] labels = d.labels();
            FuzzOracle.check(labels.length == d.size(), "labels for " + labels.length + " of " + d.size() + " rows");
            for (int y : labels) {
                FuzzOracle.check(y >= 0 && y < d.classCount(), "label " + y + " of " + d.classCount() + " classes");
            }
        } else {
            Tensor t = d.targets();
            FuzzOracle.check(t.dim(0) == d.size(), "targets for " + t.dim(0) + " of " + d.size() + " rows");
            FuzzOracle.check(!t.hasNonFinite(), "a regression target is not a finite float32");
        }
    }

    private static void checkMatrix(Tensor x, List<String> names) {
        FuzzOracle.check(x.rank() == 2 && x.dim(0) > 0 && x.dim(1) > 0, "features " + x.shape());
        FuzzOracle.check(names.size() == x.dim(1), names.size() + " names for " + x.dim(1) + " features");
        FuzzOracle.check(!x.hasNonFinite(), "a feature is not finite");
    }
}
