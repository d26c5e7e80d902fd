package dev.dendrite.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dendrite.fuzz.FuzzOracle;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes the CSV reads against a model's feature names: any bytes give data
 * whose features are exactly the model's, in its order, or a one-line
 * {@link DataException}. Its own class, because Jazzer fuzzes one target per
 * JVM. Seeds: {@code CsvModelFuzzTestInputs/readForModel/}.
 */
class CsvModelFuzzTest {
    private static final char[] DELIMITERS = {',', '\t', ';', ' '};
    private static final CsvOptions.Header[] HEADERS = {CsvOptions.Header.AUTO, CsvOptions.Header.PRESENT,
            CsvOptions.Header.ABSENT, CsvOptions.Header.AUTO};
    private static final Task[] TASKS = {Task.AUTO, Task.CLASSIFICATION, Task.REGRESSION, Task.AUTO};
    private static final String[] NAMES = {"label", "y", "species", "a", "b", "x", "", " ", "0", "-1", "1", "2",
            "3", "-2", "99", "class"};
    private static final String SOURCE = CsvFuzzTest.SOURCE;

    /**
     * Fuzzes the reads for a model, {@link CsvReader#read(java.io.InputStream, String, CsvOptions, List)} and
     * {@link CsvReader#readFeatures(java.io.InputStream, String, CsvOptions, List)}: byte 0 as in {@link CsvFuzzTest#read};
     * byte 1 the label index (high nibble) and name (low nibble); byte 2 the model's feature names, one to four
     * of the fuzz names (no repeats); the rest is the file. A result has exactly the model's features, in its order.
     */
    @FuzzTest(maxDuration = "10s")
    void readForModel(byte[] data) {
        if (data.length < 3) {
            return;
        }
        int o = data[0] & 0xff;
        int l = data[1] & 0xff;
        int f = data[2] & 0xff;
        CsvOptions options = new CsvOptions(DELIMITERS[o & 3], HEADERS[(o >> 2) & 3], null, -1, null,
                TASKS[(o >> 4) & 3]);
        options = (o & 0x80) != 0 ? options.withLabel(NAMES[l & 15]) : options.withLabel((byte) l >> 4);
        List<String> model = new ArrayList<>();
        for (int i = 0; i < (f & 3) + 1; i++) {
            String name = NAMES[(f >> (2 + 2 * i)) & 15];
            if (!model.contains(name)) {
                model.add(name);
            }
        }
        byte[] file = Arrays.copyOfRange(data, 3, data.length);
        try {
            if ((o & 0x40) != 0) {
                Features r = CsvReader.readFeatures(new ByteArrayInputStream(file), SOURCE, options, model);
                CsvFuzzTest.checkFeatures(r);
                FuzzOracle.check(r.names().equals(model), "names " + r.names() + " for a model of " + model);
            } else {
                CsvResult r = CsvReader.read(new ByteArrayInputStream(file), SOURCE, options, model);
                CsvFuzzTest.checkResult(r, options);
                FuzzOracle.check(r.dataset().featureNames().equals(model),
                        "names " + r.dataset().featureNames() + " for a model of " + model);
            }
        } catch (DataException e) {
            FuzzOracle.documented(e, SOURCE);
        }
    }

}
