package dev.dendrite.autograd;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * A row-sparse gradient: the gradient of a tensor of {@code shape} that is zero
 * except in the rows listed. {@code rows} are distinct and ascending;
 * {@code values} holds one row of {@code shape}'s trailing dimensions per
 * listed row, {@code [rows.length, ...]}. An embedding lookup produces one,
 * so that a step over a table of millions of rows costs only the rows the batch
 * used; {@link dev.dendrite.optim optimizers} then update only those rows.
 */
public record RowSparse(Shape shape, int[] rows, Tensor values) {

    public RowSparse {
        if (shape.rank() < 1) {
            throw new IllegalArgumentException("row-sparse gradient: needs rank >= 1, got " + shape);
        }
        if (values.rank() != shape.rank() || values.dim(0) != rows.length) {
            throw new IllegalArgumentException("row-sparse gradient: " + rows.length + " rows but values "
                    + values.shape() + " for " + shape);
        }
        for (int i = 1; i < shape.rank(); i++) {
            if (values.dim(i) != shape.dim(i)) {
                throw new IllegalArgumentException("row-sparse gradient: values " + values.shape()
                        + " do not match rows of " + shape);
            }
        }
        rows = rows.clone();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= shape.dim(0) || (i > 0 && rows[i] <= rows[i - 1])) {
                throw new IllegalArgumentException("row-sparse gradient: rows must be distinct, ascending and in [0, "
                        + shape.dim(0) + "), got " + rows[i] + " at " + i);
            }
        }
    }

    @Override
    public int[] rows() {
        return rows.clone();
    }

    /** The number of values in one row. */
    public int width() {
        return shape.dim(0) == 0 ? 0 : shape.size() / shape.dim(0);
    }

    /**
     * The gradient of a gather of rows {@code indices} (repeats allowed) whose
     * output gradient is {@code grad [indices.length, ...]}: repeated rows are summed.
     */
    public static RowSparse ofGather(Shape shape, int[] indices, Tensor grad) {
        int width = shape.dim(0) == 0 ? 0 : shape.size() / shape.dim(0);
        long[] keyed = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            keyed[i] = ((long) indices[i] << 32) | i;
        }
        Arrays.sort(keyed);
        int distinct = 0;
        for (int i = 0; i < keyed.length; i++) {
            if (i == 0 || (keyed[i] >>> 32) != (keyed[i - 1] >>> 32)) {
                distinct++;
            }
        }
        int[] rows = new int[distinct];
        float[] g = grad.contiguous().toArray();
        float[] out = new float[distinct * width];
        int r = -1;
        for (int i = 0; i < keyed.length; i++) {
            int row = (int) (keyed[i] >>> 32);
            int from = (int) keyed[i] * width;
            if (r < 0 || rows[r] != row) {
                rows[++r] = row;
            }
            int o = r * width;
            for (int j = 0; j < width; j++) {
                out[o + j] += g[from + j];
            }
        }
        int[] dims = shape.dims();
        dims[0] = distinct;
        return new RowSparse(shape, rows, Tensor.wrap(out, Shape.of(dims)));
    }

    /** The sum of two row-sparse gradients of the same shape. */
    public RowSparse plus(RowSparse o) {
        if (!o.shape.equals(shape)) {
            throw new IllegalArgumentException("row-sparse gradient: adding " + o.shape + " to " + shape);
        }
        int[] idx = new int[rows.length + o.rows.length];
        System.arraycopy(rows, 0, idx, 0, rows.length);
        System.arraycopy(o.rows, 0, idx, rows.length, o.rows.length);
        float[] a = values.toArray();
        float[] b = o.values.toArray();
        float[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        int[] dims = shape.dims();
        dims[0] = idx.length;
        return ofGather(shape, idx, Tensor.wrap(both, Shape.of(dims)));
    }

    /** The same rows with {@code values} transformed (element-wise maps such as scaling or clipping). */
    public RowSparse withValues(Tensor newValues) {
        return new RowSparse(shape, rows, newValues);
    }

    /** The dense tensor of {@code shape}: zero outside the listed rows. */
    public Tensor toDense() {
        return values.scatterAddRows(rows, shape.dim(0));
    }

    /** The sum of squares of the values. */
    public double squaredNorm() {
        double s = 0;
        for (float v : values.toArray()) {
            s += (double) v * v;
        }
        return s;
    }
}
