package dev.dendrite.cli;

import dev.dendrite.data.Dataset;
import dev.dendrite.data.Split;
import dev.dendrite.model.Model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * What a model remembers about the data it was trained on, kept in its
 * metadata so that {@code evaluate} can find the data again and re-create the
 * held-out rows exactly instead of guessing: under {@value #DATA} the kind
 * (csv, digits, idx), the absolute path, the row count, a fingerprint of the
 * rows and, for CSV, the label column, header and delimiter, for an image
 * folder scaled by {@code --image-size} that size; under
 * {@value #SPLIT} the validation and test fractions, the seed, whether the
 * split was stratified, and the size and fingerprint of the test part.
 * Reading is lenient: a missing or malformed entry reads as absent.
 */
record TrainingRecord(String kind, String path, long rows, String fingerprint, String label, Boolean header,
                      String delimiter, Split split, long testRows, String testFingerprint, String imageSize) {
    static final String DATA = "training_data";
    static final String SPLIT = "split";

    /** The metadata entries for a model trained on {@code source}. */
    static Map<String, Object> metadata(DataSource source) {
        Map<String, Object> data = new LinkedHashMap<>(source.provenance());
        data.put("rows", (long) source.all().size());
        data.put("fingerprint", fingerprint(source.all()));
        Split s = source.split();
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("validation", s.validationFraction());
        split.put("test", s.testFraction());
        split.put("seed", s.seed());
        split.put("stratified", source.all().isClassification());
        Dataset test = source.splits().test();
        split.put("test_rows", (long) test.size());
        split.put("test_fingerprint", fingerprint(test));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(DATA, data);
        out.put(SPLIT, split);
        return out;
    }

    /** The record stored in {@code model}, or null when it has none (a model from before records were kept). */
    static TrainingRecord of(Model model) {
        if (!(model.metadata().get(DATA) instanceof Map<?, ?> d)) {
            return null;
        }
        Split split = null;
        long testRows = -1;
        String testPrint = null;
        if (model.metadata().get(SPLIT) instanceof Map<?, ?> s && s.get("validation") instanceof Number v
                && s.get("test") instanceof Number t && s.get("seed") instanceof Number seed) {
            try {
                split = new Split(v.doubleValue(), t.doubleValue(), seed.longValue());
            } catch (IllegalArgumentException e) {
                split = null; // forged fractions: treat the split as unknown rather than trust it
            }
            testRows = s.get("test_rows") instanceof Number n ? n.longValue() : -1;
            testPrint = s.get("test_fingerprint") instanceof String f ? f : null;
        }
        return new TrainingRecord(string(d, "kind"), string(d, "path"),
                d.get("rows") instanceof Number n ? n.longValue() : -1, string(d, "fingerprint"), string(d, "label"),
                d.get("header") instanceof Boolean b ? b : null, string(d, "delimiter"), split, testRows, testPrint,
                string(d, "image_size"));
    }

    private static String string(Map<?, ?> m, String key) {
        return m.get(key) instanceof String s ? s : null;
    }

    /** The delimiter option given, else the training file's, else a comma. */
    static char delimiter(String option, TrainingRecord record) {
        if (option != null) {
            return DataOptions.delimiter(option);
        }
        return record != null && record.delimiter != null && record.delimiter.length() == 1
                ? record.delimiter.charAt(0) : ',';
    }

    /**
     * The training label column as a {@code --label} value: its name when the
     * training file had a header, else its 0-based index (such a file named it
     * colN); null when not recorded.
     */
    String labelOption() {
        if (label == null) {
            return null;
        }
        return Boolean.FALSE.equals(header) && label.matches("col\\d{1,9}")
                ? Integer.toString(Integer.parseInt(label.substring(3)) - 1) : label;
    }

    /** Whether {@code data} holds exactly the rows this model was trained on. */
    boolean isTrainingData(Dataset data) {
        return fingerprint != null && rows == data.size() && fingerprint.equals(fingerprint(data));
    }

    /**
     * A CRC-32C of the rows: the feature values' bits in column order, then the
     * label's class name (or the target's bits). Class names rather than class
     * indices, so the same rows give the same fingerprint however the classes
     * were numbered; the count of rows and columns is hashed too.
     */
    static String fingerprint(Dataset data) {
        CRC32C crc = new CRC32C();
        int n = data.size();
        int f = data.featureCount();
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(n).putInt(f);
        crc.update(head.flip());
        // a row at a time through featureRow: IDX pixels still held as bytes are not made
        // into a float matrix (188 MB for Fashion-MNIST) just to be hashed
        float[] x = new float[f];
        int k = Math.max(1, data.targetCount());
        ByteBuffer row = ByteBuffer.allocate(4 * f + 4 * k).order(ByteOrder.LITTLE_ENDIAN);
        float[] targets = data.isClassification() ? null : data.targets().buffer();
        List<String> classes = data.classNames();
        byte[][] names = new byte[classes.size()][];
        for (int c = 0; c < names.length; c++) {
            names[c] = classes.get(c).getBytes(StandardCharsets.UTF_8);
        }
        int[] labels = data.isClassification() ? data.labels() : null;
        for (int r = 0; r < n; r++) {
            row.clear();
            // one bulk copy per row (the same little-endian raw bits as putFloat one by one,
            // which took a third of a second on Fashion-MNIST before the JIT got to it)
            data.featureRow(r, x, 0);
            row.asFloatBuffer().put(x, 0, f);
            row.position(4 * f);
            if (targets != null) {
                for (int j = 0; j < k; j++) {
                    row.putFloat(targets[r * k + j]);
                }
            }
            crc.update(row.flip());
            if (labels != null) {
                crc.update(names[labels[r]]);
                crc.update(0); // ends the name, so "a"+"bc" differs from "ab"+"c"
            }
        }
        return String.format(Locale.ROOT, "crc32c:%08x", crc.getValue());
    }
}
