package dev.dendrite.data;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

/**
 * The features of a {@link Dataset} that are not yet a float matrix: rows of a
 * float array (a row view of another dataset), or rows of unsigned bytes (the
 * pixels of an IDX file as read). Whoever needs floats gets them converted
 * once ({@link #materialise}); the normaliser writes its scaled rows straight
 * from here ({@link #map}), so start-up copies each pixel once instead of
 * converting, copying into the split and then scaling it, each pass touching
 * a fresh array of 200 MB for Fashion-MNIST. Immutable: the arrays are owned
 * and never written.
 */
final class LazyRows {
    private final float[] floats; // exactly one of floats and bytes is non-null
    private final byte[] bytes;   // values 0..255
    private final int width;
    private final int[] rows;     // the source rows in order, or null for all of them

    private LazyRows(float[] floats, byte[] bytes, int width, int[] rows) {
        this.floats = floats;
        this.bytes = bytes;
        this.width = width;
        this.rows = rows;
    }

    /** All rows of a dense float matrix with {@code width} columns. */
    static LazyRows of(float[] floats, int width) {
        return new LazyRows(floats, null, width, null);
    }

    /** All rows of unsigned bytes, {@code width} a row, each read as the float 0..255. */
    static LazyRows ofUnsignedBytes(byte[] bytes, int width) {
        return new LazyRows(null, bytes, width, null);
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
        return new LazyRows(floats, bytes, width, composed);
    }

    private int source(int i) {
        return rows == null ? i : rows[i];
    }

    /** The float matrix {@code [n, width]}. */
    Tensor materialise(int n) {
        float[] out = new float[n * width];
        if (floats != null) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(floats, source(i) * width, out, i * width, width);
            }
        } else if (rows == null) {
            for (int i = 0; i < out.length; i++) {
                out[i] = bytes[i] & 0xff;
            }
        } else {
            for (int i = 0; i < n; i++) {
                int from = rows[i] * width;
                int to = i * width;
                for (int j = 0; j < width; j++) {
                    out[to + j] = bytes[from + j] & 0xff;
                }
            }
        }
        return Tensor.wrap(out, Shape.of(n, width));
    }

    /** Row {@code i} into {@code into} from {@code offset}. */
    void copyRow(int i, float[] into, int offset) {
        int from = source(i) * width;
        if (floats != null) {
            System.arraycopy(floats, from, into, offset, width);
        } else {
            for (int j = 0; j < width; j++) {
                into[offset + j] = bytes[from + j] & 0xff;
            }
        }
    }

    /**
     * {@code out} row {@code i} = {@code (x - shift[j]) / divisor[j]} of this row
     * {@code i}, over {@code n} rows; a null shift subtracts nothing, a
     * one-value divisor divides every column. The same float operations as
     * converting first and then scaling, so the same bits.
     */
    void map(int n, float[] shift, float[] divisor, float[] out) {
        boolean one = divisor.length == 1;
        if (shift == null && one) {
            float s = divisor[0];
            for (int i = 0; i < n; i++) {
                int from = source(i) * width;
                int to = i * width;
                if (floats != null) {
                    for (int j = 0; j < width; j++) {
                        out[to + j] = floats[from + j] / s;
                    }
                } else {
                    for (int j = 0; j < width; j++) {
                        out[to + j] = (bytes[from + j] & 0xff) / s;
                    }
                }
            }
            return;
        }
        float[] m = shift == null ? new float[width] : shift;
        for (int i = 0; i < n; i++) {
            int from = source(i) * width;
            int to = i * width;
            for (int j = 0; j < width; j++) {
                float x = floats != null ? floats[from + j] : bytes[from + j] & 0xff;
                out[to + j] = (x - m[j]) / divisor[one ? 0 : j];
            }
        }
    }
}
