package dev.dendrite.data;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

/**
 * The features of a {@link Dataset} that are not yet a float matrix: rows of a
 * float array (a row view of another dataset) or of unsigned bytes (the pixels
 * of an IDX file as read), optionally scaled as a {@link Normalizer} would
 * scale them, {@code (x - shift[j]) / divisor[j]}. Rows are converted when
 * something asks for them: one row (a fingerprint), or the matrix, made once.
 * For Fashion-MNIST this replaces three passes over fresh arrays of 188 MB
 * (convert all pixels, copy the split's rows, scale them) by one that writes
 * the scaled training rows straight from the file's bytes. Each value gets
 * the same float operations as converting, then scaling, so the same bits.
 * Immutable: the arrays are owned and never written.
 */
final class LazyRows {
    private final float[] floats;  // exactly one of floats and bytes is non-null
    private final byte[] bytes;    // values 0..255
    private final int width;
    private final int[] rows;      // the source rows in order, or null for all of them
    private final float[] shift;   // null: nothing subtracted
    private final float[] divisor; // null: not scaled; one value divides every column
    // for bytes scaled alike in every column, or not at all: the float of each byte value
    private final float[] table;

    private LazyRows(float[] floats, byte[] bytes, int width, int[] rows, float[] shift, float[] divisor) {
        this.floats = floats;
        this.bytes = bytes;
        this.width = width;
        this.rows = rows;
        this.shift = shift;
        this.divisor = divisor;
        this.table = bytes != null && shift == null && (divisor == null || divisor.length == 1) ? table(divisor) : null;
    }

    /**
     * Each byte value's float, divided by {@code divisor[0]} unless that is null:
     * the same division, done once per value instead of once per pixel. Scaling
     * 47 M pixels took 29 ms dividing and 19 ms looking up this 1 KB table, once
     * compiled. Plain conversion, which C2 vectorises, took 12 ms, but unscaled
     * rows (the data fingerprint, the raw test set) go through the table too:
     * they are read after the normaliser's pass has had the table loop compiled,
     * and a second loop in this method would first run interpreted, and throw
     * away the compiled method the first time its branch is taken.
     */
    private static float[] table(float[] divisor) {
        float[] t = new float[256];
        for (int v = 0; v < 256; v++) {
            t[v] = divisor == null ? v : v / divisor[0];
        }
        return t;
    }

    /** All rows of a dense float matrix with {@code width} columns. */
    static LazyRows of(float[] floats, int width) {
        return new LazyRows(floats, null, width, null, null, null);
    }

    /** All rows of unsigned bytes, {@code width} a row, each read as the float 0..255. */
    static LazyRows ofUnsignedBytes(byte[] bytes, int width) {
        return new LazyRows(null, bytes, width, null, null, null);
    }

    /** The rows at {@code at} (indices into this, already checked). */
    LazyRows rows(int[] at) {
        int[] composed = at;
        if (rows != null) {
            composed = new int[at.length];
            for (int i = 0; i < at.length; i++) {
                composed[i] = rows[at[i]];
            }
        }
        return new LazyRows(floats, bytes, width, composed, shift, divisor);
    }

    /** These rows scaled by {@code (x - shift[j]) / divisor[j]}: shift may be null, divisor one value for all. */
    LazyRows scaled(float[] shiftBy, float[] divideBy) {
        if (divisor != null) {
            throw new IllegalStateException("LazyRows: already scaled");
        }
        return new LazyRows(floats, bytes, width, rows, shiftBy, divideBy);
    }

    /** The float matrix of the first {@code n} rows, {@code [n, width]}. */
    Tensor materialise(int n) {
        // on this thread alone: at start-up the other core compiles the training kernels,
        // and a part handed to it waited for them (same wall time, more CPU, and a stall
        // whenever the machine was busy)
        float[] out = new float[n * width];
        for (int i = 0; i < n; i++) {
            row(i, out, i * width);
        }
        return Tensor.wrap(out, Shape.of(n, width));
    }

    /** Row {@code i}, converted and scaled, into {@code out} from {@code offset}. */
    void row(int i, float[] out, int offset) {
        int from = (rows == null ? i : rows[i]) * width;
        if (table != null) {
            for (int j = 0; j < width; j++) {
                out[offset + j] = table[bytes[from + j] & 0xff];
            }
        } else if (divisor == null) {
            System.arraycopy(floats, from, out, offset, width);
        } else if (shift == null && divisor.length == 1) {
            float s = divisor[0];
            for (int j = 0; j < width; j++) {
                out[offset + j] = floats[from + j] / s;
            }
        } else {
            boolean one = divisor.length == 1;
            for (int j = 0; j < width; j++) {
                float x = floats != null ? floats[from + j] : bytes[from + j] & 0xff;
                float m = shift == null ? 0f : shift[j];
                out[offset + j] = (x - m) / divisor[one ? 0 : j];
            }
        }
    }
}
