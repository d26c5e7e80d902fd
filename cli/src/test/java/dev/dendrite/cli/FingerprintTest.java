package dev.dendrite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dendrite.data.Dataset;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The data fingerprint stored in model files must not change when its code is
 * made faster: models saved earlier are checked against it. The expected value
 * is computed here from the format as documented on {@code TrainingRecord}
 * (count and width, then per row the floats' raw bits little-endian and the
 * class name with a terminating zero), byte by byte.
 */
class FingerprintTest {
    private static void le(ByteArrayOutputStream out, int v) {
        for (int i = 0; i < 4; i++) {
            out.write(v >>> (8 * i));
        }
    }

    /** The documented format, byte by byte: count and width, then each row's bits and class name. */
    private static String expected(float[] x, int rows, int width, int[] labels, List<String> classes) {
        CRC32C crc = new CRC32C();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        le(head, rows);
        le(head, width);
        crc.update(head.toByteArray());
        for (int r = 0; r < rows; r++) {
            ByteArrayOutputStream row = new ByteArrayOutputStream();
            for (int c = 0; c < width; c++) {
                le(row, Float.floatToRawIntBits(x[r * width + c]));
            }
            crc.update(row.toByteArray());
            crc.update(classes.get(labels[r]).getBytes(StandardCharsets.UTF_8));
            crc.update(0);
        }
        return String.format(Locale.ROOT, "crc32c:%08x", crc.getValue());
    }

    @Test
    void rowsHashAsTheirLittleEndianRawBitsAndClassNames() {
        float[] x = {0f, 1.5f, -2f, Float.MIN_VALUE, 255f, -0f};
        int[] labels = {1, 0};
        List<String> classes = List.of("cat", "dog");
        Dataset data = Dataset.classification(Tensor.wrap(x.clone(), Shape.of(2, 3)), List.of("a", "b", "c"),
                labels, classes);
        assertThat(TrainingRecord.fingerprint(data)).isEqualTo(expected(x, 2, 3, labels, classes));
    }

    @Test
    void aRowViewHashesTheRowsItStandsFor() {
        float[] x = {0f, 1.5f, -2f, Float.MIN_VALUE, 255f, -0f, 7f, 8f, 9f};
        List<String> classes = List.of("cat", "dog", "émeu");
        Dataset data = Dataset.classification(Tensor.wrap(x.clone(), Shape.of(3, 3)), List.of("a", "b", "c"),
                new int[] {0, 1, 2}, classes);
        // rows 2 and 0, hashed a row at a time before anything made the view's matrix
        Dataset view = data.rows(new int[] {2, 0});
        float[] picked = {7f, 8f, 9f, 0f, 1.5f, -2f};
        assertThat(TrainingRecord.fingerprint(view)).isEqualTo(expected(picked, 2, 3, new int[] {2, 0}, classes));
    }
}
