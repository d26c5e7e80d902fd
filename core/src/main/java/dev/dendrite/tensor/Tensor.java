package dev.dendrite.tensor;

import dev.dendrite.tensor.kernel.Workspace;
import dev.dendrite.tensor.kernel.Elementwise;
import dev.dendrite.tensor.kernel.Kernels;
import dev.dendrite.tensor.kernel.Reductions;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * An immutable n-dimensional array of float32 values: a backing array plus a
 * {@link Shape}, strides and an offset. Views ({@link #reshape}, {@link #transpose},
 * {@link #slice}, {@link #broadcastTo}) share the backing array and cost nothing;
 * every arithmetic operation returns a new tensor. Binary operations broadcast
 * with NumPy's rules. Shape errors name the operation and both shapes.
 */
public final class Tensor {
    final float[] data;
    final Shape shape;
    final int[] strides;
    final int offset;

    Tensor(float[] data, Shape shape, int[] strides, int offset) {
        this.data = data;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    private Tensor(float[] data, Shape shape) {
        this(data, shape, shape.sharedStrides(), 0);
    }

    // ---------------------------------------------------------------- factories

    /** A tensor holding a copy of {@code values} with the given dimensions. */
    public static Tensor of(float[] values, int... dims) {
        Shape s = Shape.of(dims);
        if (s.size() != values.length) {
            throw new IllegalArgumentException("Tensor.of: " + values.length + " values do not fill shape " + s
                    + " (" + s.size() + " elements)");
        }
        return new Tensor(values.clone(), s);
    }

    /** A 1-D tensor holding a copy of {@code values}. */
    public static Tensor vector(float... values) {
        return new Tensor(values.clone(), Shape.of(values.length));
    }

    /** A 2-D tensor from rows of equal length. */
    public static Tensor matrix(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] d = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("Tensor.matrix: row " + i + " has " + rows[i].length
                        + " values, expected " + cols);
            }
            System.arraycopy(rows[i], 0, d, i * cols, cols);
        }
        return new Tensor(d, Shape.of(rows.length, cols));
    }

    /**
     * Wraps {@code values} without copying. The caller hands over the array and
     * must not change it afterwards; kernels and data loaders use this to avoid
     * a copy on hot paths.
     */
    public static Tensor wrap(float[] values, Shape shape) {
        if (shape.size() != values.length) {
            throw new IllegalArgumentException("Tensor.wrap: " + values.length + " values do not fill shape " + shape);
        }
        return new Tensor(values, shape);
    }

    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, Shape.scalar());
    }

    public static Tensor zeros(int... dims) {
        Shape s = Shape.of(dims);
        return new Tensor(new float[s.size()], s);
    }

    public static Tensor full(float value, int... dims) {
        Shape s = Shape.of(dims);
        float[] d = new float[s.size()];
        Arrays.fill(d, value);
        return new Tensor(d, s);
    }

    public static Tensor ones(int... dims) {
        return full(1f, dims);
    }

    /** Zeros with the shape of {@code like}. */
    public static Tensor zerosLike(Tensor like) {
        return new Tensor(new float[like.size()], like.shape);
    }

    /** 0, 1, ..., n-1. */
    public static Tensor arange(int n) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = i;
        }
        return new Tensor(d, Shape.of(n));
    }

    /** Values {@code f(i)} for each flat index {@code i} in row-major order. */
    public static Tensor fromFunction(Shape shape, IntToDoubleFunction f) {
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) f.applyAsDouble(i);
        }
        return new Tensor(d, shape);
    }

    /** Independent uniform values in [low, high). */
    public static Tensor uniform(Rng rng, float low, float high, int... dims) {
        Shape s = Shape.of(dims);
        float[] d = new float[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = low + (high - low) * rng.nextFloat();
        }
        return new Tensor(d, s);
    }

    /** Independent normal values with the given mean and standard deviation. */
    public static Tensor normal(Rng rng, float mean, float std, int... dims) {
        Shape s = Shape.of(dims);
        float[] d = new float[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (mean + std * rng.nextGaussian());
        }
        return new Tensor(d, s);
    }

    // ------------------------------------------------------------ accessors

    public Shape shape() {
        return shape;
    }

    public int rank() {
        return shape.rank();
    }

    public int size() {
        return shape.size();
    }

    /** The dimension at {@code axis} (negative counts from the end). */
    public int dim(int axis) {
        return shape.dim(axis);
    }

    /** The element at the given indices. */
    public float get(int... index) {
        if (index.length != rank()) {
            throw new IllegalArgumentException("get: " + index.length + " indices for shape " + shape);
        }
        int o = offset;
        for (int i = 0; i < index.length; i++) {
            int d = shape.dim(i);
            if (index[i] < 0 || index[i] >= d) {
                throw new IndexOutOfBoundsException("get: index " + index[i] + " on axis " + i + " of shape " + shape);
            }
            o += index[i] * strides[i];
        }
        return data[o];
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (size() != 1) {
            throw new IllegalStateException("item: tensor of shape " + shape + " has " + size() + " elements, expected 1");
        }
        return data[offset];
    }

    /** A contiguous copy that shares nothing with this tensor. */
    public Tensor copy() {
        return new Tensor(toArray(), shape);
    }

    /** The elements in row-major order, as a new array. */
    public float[] toArray() {
        if (isContiguous()) {
            return Arrays.copyOfRange(data, offset, offset + size());
        }
        float[] out = new float[size()];
        copyStrided(out);
        return out;
    }

    /**
     * The backing array of a contiguous tensor with offset 0, without copying, or
     * a fresh row-major copy otherwise. Callers must treat it as read-only.
     */
    public float[] buffer() {
        float[] dense = denseArray();
        return dense != null ? dense : toArray();
    }

    /**
     * The backing array when this tensor spans all of it in row-major order
     * (contiguous, offset 0, same length), else null.
     */
    public float[] denseArray() {
        return isContiguous() && offset == 0 && data.length == size() ? data : null;
    }

    /** Whether both tensors read the same backing array (one is a view of the other, or both of a third). */
    public boolean sharesStorage(Tensor other) {
        return data == other.data;
    }

    /** Row {@code i} of a 2-D tensor as a new array. */
    public float[] row(int i) {
        requireRank("row", 2);
        int cols = shape.dim(1);
        float[] r = new float[cols];
        for (int j = 0; j < cols; j++) {
            r[j] = data[offset + i * strides[0] + j * strides[1]];
        }
        return r;
    }

    /** Whether the elements lie in row-major order without gaps. */
    public boolean isContiguous() {
        int expect = 1;
        for (int i = rank() - 1; i >= 0; i--) {
            int d = shape.dim(i);
            if (d != 1 && strides[i] != expect) {
                return false;
            }
            expect *= d;
        }
        return true;
    }

    /** This tensor if contiguous, else a row-major copy. */
    public Tensor contiguous() {
        if (isContiguous()) {
            return this;
        }
        float[] out = new float[size()];
        copyStrided(out);
        return new Tensor(out, shape);
    }

    private void copyStrided(float[] out) {
        int rank = rank();
        if (rank == 0) {
            out[0] = data[offset];
            return;
        }
        int[] dims = shape.dims();
        int[] idx = new int[rank];
        int last = rank - 1;
        int n = dims[last];
        int st = strides[last];
        int o = offset;
        int w = 0;
        int total = size();
        while (w < total) {
            for (int j = 0, p = o; j < n; j++, p += st) {
                out[w++] = data[p];
            }
            // advance the outer indices
            int ax = last - 1;
            while (ax >= 0) {
                idx[ax]++;
                o += strides[ax];
                if (idx[ax] < dims[ax]) {
                    break;
                }
                o -= strides[ax] * dims[ax];
                idx[ax] = 0;
                ax--;
            }
        }
    }

    // ----------------------------------------------------------------- views

    /**
     * The same elements with new dimensions; one dimension may be -1 and is
     * inferred. A view when the tensor is contiguous, else a copy.
     */
    public Tensor reshape(int... dims) {
        int[] d = dims.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape " + shape + " to " + Arrays.toString(dims) + ": more than one -1");
                }
                infer = i;
            } else {
                known *= d[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size() % known != 0) {
                throw new IllegalArgumentException("reshape " + shape + " to " + Arrays.toString(dims)
                        + ": " + size() + " elements cannot fill it");
            }
            d[infer] = (int) (size() / known);
        }
        Shape s = Shape.of(d);
        if (s.size() != size()) {
            throw new IllegalArgumentException("reshape " + shape + " to " + s + ": " + size()
                    + " elements vs " + s.size());
        }
        Tensor c = contiguous();
        return new Tensor(c.data, s, s.sharedStrides(), c.offset);
    }

    /** Swaps two axes (a view). */
    public Tensor transpose(int axis0, int axis1) {
        int a = shape.axis(axis0);
        int b = shape.axis(axis1);
        int[] dims = shape.dims();
        int[] st = strides.clone();
        int t = dims[a];
        dims[a] = dims[b];
        dims[b] = t;
        t = st[a];
        st[a] = st[b];
        st[b] = t;
        return new Tensor(data, Shape.of(dims), st, offset);
    }

    /** The transpose of a 2-D tensor (a view). */
    public Tensor transpose() {
        requireRank("transpose", 2);
        return transpose(0, 1);
    }

    /** Elements {@code from} (inclusive) to {@code to} (exclusive) along {@code axis} (a view). */
    public Tensor slice(int axis, int from, int to) {
        int a = shape.axis(axis);
        int d = shape.dim(a);
        if (from < 0 || to > d || from > to) {
            throw new IllegalArgumentException("slice: range [" + from + ", " + to + ") on axis " + a
                    + " of shape " + shape);
        }
        int[] dims = shape.dims();
        dims[a] = to - from;
        return new Tensor(data, Shape.of(dims), strides.clone(), offset + from * strides[a]);
    }

    /** This tensor repeated along size-1 (or missing leading) axes to {@code target} (a view). */
    public Tensor broadcastTo(Shape target) {
        if (shape.equals(target)) {
            return this;
        }
        if (!shape.broadcastsTo(target)) {
            throw new IllegalArgumentException("broadcastTo: " + shape + " cannot broadcast to " + target);
        }
        int lead = target.rank() - rank();
        int[] st = new int[target.rank()];
        for (int i = 0; i < rank(); i++) {
            st[lead + i] = shape.dim(i) == 1 && target.dim(lead + i) != 1 ? 0 : strides[i];
        }
        return new Tensor(data, target, st, offset);
    }

    /** Rows {@code indices[i]} along axis 0, as a new tensor {@code [indices.length, ...]}. */
    public Tensor gather(int[] indices) {
        return gather(indices, new float[indices.length * rowWidth()]);
    }

    /** The number of values in one slice along axis 0. */
    private int rowWidth() {
        if (rank() < 1) {
            throw new IllegalArgumentException("gather: needs rank >= 1, got a scalar");
        }
        int rows = shape.dim(0);
        return rows == 0 ? 0 : size() / rows;
    }

    /**
     * {@link #gather(int[])} written into {@code out} instead of a new array, for
     * a caller that reuses one buffer for every batch: {@code out} must hold
     * exactly the gathered rows ({@code indices.length} times the row width),
     * and the result wraps it, so it changes when {@code out} is written again.
     */
    public Tensor gather(int[] indices, float[] out) {
        int width = rowWidth();
        int rows = shape.dim(0);
        if (out.length != indices.length * width) {
            throw new IllegalArgumentException("gather: the buffer holds " + out.length + " values, "
                    + indices.length + " rows of " + width + " need " + indices.length * width);
        }
        int[] dims = shape.dims();
        dims[0] = indices.length;
        for (int r : indices) {
            if (r < 0 || r >= rows) {
                throw new IndexOutOfBoundsException("gather: index " + r + " out of range for " + rows + " rows (shape " + shape + ")");
            }
        }
        Tensor c = contiguous();
        Elementwise.gatherRows(c.data, c.offset, width, indices, out);
        return new Tensor(out, Shape.of(dims));
    }

    /**
     * A zero tensor of {@code [rows, ...]} (trailing dimensions from this tensor)
     * into which row {@code i} of this tensor is added at row {@code indices[i]};
     * the gradient of {@link #gather}.
     */
    public Tensor scatterAddRows(int[] indices, int rows) {
        Tensor c = contiguous();
        int width = indices.length == 0 ? 0 : size() / indices.length;
        int[] dims = shape.dims();
        dims[0] = rows;
        float[] out = new float[rows * width];
        for (int i = 0; i < indices.length; i++) {
            int o = indices[i] * width;
            int in = c.offset + i * width;
            for (int j = 0; j < width; j++) {
                out[o + j] += c.data[in + j];
            }
        }
        return new Tensor(out, Shape.of(dims));
    }

    /**
     * The tensors joined along {@code axis}: every other dimension must agree.
     * {@code concat([a [N, 3], b [N, 2]], -1)} is {@code [N, 5]}.
     */
    public static Tensor concat(java.util.List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat: no tensors");
        }
        Shape first = parts.get(0).shape;
        int a = first.axis(axis);
        int total = 0;
        for (Tensor t : parts) {
            if (t.rank() != first.rank()) {
                throw new IllegalArgumentException("concat: " + t.shape + " and " + first + " differ in rank");
            }
            for (int i = 0; i < first.rank(); i++) {
                if (i != a && t.shape.dim(i) != first.dim(i)) {
                    throw new IllegalArgumentException("concat: " + t.shape + " and " + first
                            + " differ outside axis " + a);
                }
            }
            total += t.shape.dim(a);
        }
        int[] dims = first.dims();
        dims[a] = total;
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= dims[i];
        }
        int inner = 1;
        for (int i = a + 1; i < dims.length; i++) {
            inner *= dims[i];
        }
        float[] out = new float[outer * total * inner];
        int at = 0;
        for (Tensor t : parts) {
            float[] v = t.toArray();
            int block = t.shape.dim(a) * inner;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(v, o * block, out, o * total * inner + at, block);
            }
            at += block;
        }
        return new Tensor(out, Shape.of(dims));
    }

    /**
     * A zero tensor of shape {@code full} with this tensor placed at {@code from}
     * along {@code axis}: the gradient of {@link #slice}.
     */
    public Tensor padInto(Shape full, int axis, int from) {
        int a = full.axis(axis);
        float[] out = new float[full.size()];
        Tensor target = new Tensor(out, full).slice(a, from, from + shape.dim(a));
        if (!target.shape.equals(shape)) {
            throw new IllegalArgumentException("padInto: " + shape + " does not fit " + full + " at axis " + a + " offset " + from);
        }
        float[] src = toArray();
        // write src into the strided view, walking it in row-major order
        int rank = rank();
        int[] dims = shape.dims();
        int[] idx = new int[rank];
        int o = target.offset;
        for (int p = 0; p < src.length; p++) {
            out[o] = src[p];
            for (int ax = rank - 1; ax >= 0; ax--) {
                idx[ax]++;
                o += target.strides[ax];
                if (idx[ax] < dims[ax]) {
                    break;
                }
                o -= target.strides[ax] * dims[ax];
                idx[ax] = 0;
            }
        }
        return new Tensor(out, full);
    }

    /**
     * A zero tensor shaped like this one with {@code values[r]} placed at index
     * {@code positions[r]} of the last axis in row {@code r} (rows are all leading
     * axes together): the gradient of max, and one-hot encodings.
     */
    public static Tensor scatterLast(Shape shape, int[] positions, float[] values) {
        int n = shape.dim(-1);
        float[] out = new float[shape.size()];
        for (int r = 0; r < positions.length; r++) {
            out[r * n + positions[r]] = values[r];
        }
        return new Tensor(out, shape);
    }

    // ------------------------------------------------------ element-wise math

    public Tensor add(Tensor other) {
        return binary("add", other, Elementwise.Op.ADD);
    }

    public Tensor sub(Tensor other) {
        return binary("sub", other, Elementwise.Op.SUB);
    }

    public Tensor mul(Tensor other) {
        return binary("mul", other, Elementwise.Op.MUL);
    }

    public Tensor div(Tensor other) {
        return binary("div", other, Elementwise.Op.DIV);
    }

    /** Element-wise maximum. */
    public Tensor maximum(Tensor other) {
        return binary("maximum", other, Elementwise.Op.MAX);
    }

    public Tensor add(float s) {
        return map(Elementwise.Unary.ADD, s);
    }

    public Tensor mul(float s) {
        return map(Elementwise.Unary.SCALE, s);
    }

    public Tensor neg() {
        return map(Elementwise.Unary.SCALE, -1f);
    }

    public Tensor exp() {
        return map(Elementwise.Unary.EXP, 0f);
    }

    public Tensor log() {
        return map(Elementwise.Unary.LOG, 0f);
    }

    public Tensor sqrt() {
        return map(Elementwise.Unary.SQRT, 0f);
    }

    public Tensor abs() {
        return map(Elementwise.Unary.ABS, 0f);
    }

    public Tensor pow(float exponent) {
        return map(Elementwise.Unary.POW, exponent);
    }

    public Tensor relu() {
        return map(Elementwise.Unary.RELU, 0f);
    }

    /** 1 where this tensor is positive, else 0 (the derivative of relu). */
    public Tensor step() {
        return map(Elementwise.Unary.STEP, 0f);
    }

    public Tensor sigmoid() {
        return map(Elementwise.Unary.SIGMOID, 0f);
    }

    public Tensor tanh() {
        return map(Elementwise.Unary.TANH, 0f);
    }

    /** Each element clamped to [low, high]. */
    public Tensor clamp(float low, float high) {
        return map(Elementwise.Unary.MAX, low).map(Elementwise.Unary.MIN, high);
    }

    private Tensor map(Elementwise.Unary op, float s) {
        Tensor c = contiguous();
        float[] out = new float[size()];
        Elementwise.unary(op, s, c.data, c.offset, out, 0, out.length);
        return new Tensor(out, shape);
    }

    private Tensor binary(String name, Tensor other, Elementwise.Op op) {
        Shape outShape = shape.equals(other.shape) ? shape : Shape.broadcast(name, shape, other.shape);
        float[] out = new float[outShape.size()];
        if (outShape.size() == 0) {
            return new Tensor(out, outShape);
        }
        if (shape.equals(other.shape) && isContiguous() && other.isContiguous()) {
            Elementwise.binary(op, data, offset, other.data, other.offset, out, 0, out.length);
        } else if (other.size() == 1) {
            Tensor a = broadcastTo(outShape).contiguous();
            Elementwise.binaryScalar(op, a.data, a.offset, other.data[other.offset], out, 0, out.length);
        } else if (isTrailingRow(other, outShape) && shape.equals(outShape) && isContiguous()) {
            // [.., n] op [n]: the bias pattern
            Tensor b = other.contiguous();
            int n = b.size();
            for (int r = 0; r < out.length; r += n) {
                Elementwise.binary(op, data, offset + r, b.data, b.offset, out, r, n);
            }
        } else {
            Tensor a = broadcastTo(outShape).contiguous();
            Tensor b = other.broadcastTo(outShape).contiguous();
            Elementwise.binary(op, a.data, a.offset, b.data, b.offset, out, 0, out.length);
        }
        return new Tensor(out, outShape);
    }

    private static boolean isTrailingRow(Tensor t, Shape target) {
        if (target.rank() == 0) {
            return false;
        }
        int n = target.dim(-1);
        if (t.size() != n) {
            return false;
        }
        for (int i = 0; i < t.rank() - 1; i++) {
            if (t.shape.dim(i) != 1) {
                return false;
            }
        }
        return t.rank() >= 1 && t.shape.dim(-1) == n;
    }

    // ------------------------------------------------------------ reductions

    /** The sum of all elements, as a scalar tensor. */
    public Tensor sum() {
        Tensor c = contiguous();
        return scalar((float) Reductions.sum(c.data, c.offset, size()));
    }

    /** Sum over the given axes; reduced axes are kept with size 1 when {@code keepDims}. */
    public Tensor sum(boolean keepDims, int... axes) {
        return Reduce.axes(this, "sum", false, keepDims, axes);
    }

    /** Mean over the given axes. */
    public Tensor mean(boolean keepDims, int... axes) {
        return Reduce.axes(this, "mean", true, keepDims, axes);
    }

    /** The mean of all elements, as a scalar tensor. */
    public Tensor mean() {
        Tensor c = contiguous();
        return scalar(size() == 0 ? Float.NaN : (float) (Reductions.sum(c.data, c.offset, size()) / size()));
    }

    /** Maximum along one axis. */
    public Tensor max(int axis, boolean keepDims) {
        return Reduce.arg(this, "max", axis, keepDims, false);
    }

    /** Index of the maximum along one axis (first on ties), as float values. */
    public Tensor argmax(int axis, boolean keepDims) {
        return Reduce.arg(this, "argmax", axis, keepDims, true);
    }

    /** Index of the maximum along the last axis of a 2-D tensor, per row. */
    public int[] argmaxRows() {
        requireRank("argmaxRows", 2);
        Tensor c = contiguous();
        int rows = shape.dim(0);
        int cols = shape.dim(1);
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = Reductions.argmax(c.data, c.offset + r * cols, cols);
        }
        return out;
    }

    /**
     * Sums this tensor down to {@code target}, the shape it was broadcast from:
     * the gradient of a broadcast.
     */
    public Tensor sumTo(Shape target) {
        if (shape.equals(target)) {
            return this;
        }
        if (!target.broadcastsTo(shape)) {
            throw new IllegalArgumentException("sumTo: " + target + " does not broadcast to " + shape);
        }
        int lead = rank() - target.rank();
        int[] axes = new int[rank()];
        int n = 0;
        for (int i = 0; i < rank(); i++) {
            if (i < lead || (target.dim(i - lead) == 1 && shape.dim(i) != 1)) {
                axes[n++] = i;
            }
        }
        Tensor s = n == 0 ? this : sum(true, Arrays.copyOf(axes, n));
        return s.reshape(target.dims());
    }

    // ---------------------------------------------------------------- matmul

    /**
     * Matrix product of two 2-D tensors: {@code [m, k] x [k, n] -> [m, n]}.
     * Transposed views are passed to the GEMM as flags, never copied.
     */
    public Tensor matmul(Tensor other) {
        if (rank() != 2 || other.rank() != 2) {
            throw new IllegalArgumentException("matmul: " + shape + " x " + other.shape + ": both must be 2-D");
        }
        int m = shape.dim(0);
        int k = shape.dim(1);
        int n = other.shape.dim(1);
        if (other.shape.dim(0) != k) {
            throw new IllegalArgumentException("matmul: " + shape + " x " + other.shape
                    + ": inner dimensions differ (" + k + " vs " + other.shape.dim(0) + ")");
        }
        // the GEMM overwrites every element (beta = 0), so an array lent by the step's workspace needs no zeroing
        float[] out = Workspace.take(m * n);
        Operand a = Operand.of(this);
        Operand b = Operand.of(other);
        Kernels.gemm().sgemm(a.trans, b.trans, m, n, k, 1f, a.data, a.offset, a.ld, b.data, b.offset, b.ld,
                0f, out, 0, n);
        return new Tensor(out, Shape.of(m, n));
    }

    /**
     * {@code this · weight + bias} for a 2-D input {@code [m, k]}, weight {@code [k, n]}
     * and bias {@code [n]} (or null), with the bias added in place on the product:
     * the forward pass of a dense layer without a broadcast temporary.
     */
    public Tensor linear(Tensor weight, Tensor bias) {
        return linear(weight, bias, false);
    }

    /**
     * {@link #linear(Tensor, Tensor)}, followed by {@code max(., 0)} when {@code relu}:
     * bias and activation are applied in one sweep over the product, in place.
     */
    public Tensor linear(Tensor weight, Tensor bias, boolean relu) {
        Tensor y = matmul(weight);
        int n = y.dim(1);
        if (bias != null) {
            if (bias.rank() != 1 || bias.dim(0) != n) {
                throw new IllegalArgumentException("linear: bias " + bias.shape() + " does not match output " + y.shape());
            }
            Tensor b = bias.contiguous();
            Elementwise.addBias(y.data, y.dim(0), n, b.data, b.offset, relu);
        } else if (relu) {
            Elementwise.unary(Elementwise.Unary.RELU, 0f, y.data, 0, y.data, 0, y.size());
        }
        return y;
    }

    /**
     * The backward pass of {@code relu(x·W + b)} up to the products, for this
     * tensor the layer's output {@code [m, n]} and {@code grad} its gradient: returns
     * {@code {gz, db}} with {@code gz = grad} where the output is positive (else 0)
     * and {@code db} the column sums of {@code gz}, summed while {@code gz} is still in cache.
     */
    public Tensor[] reluLinearGrad(Tensor grad) {
        requireRank("reluLinearGrad", 2);
        if (!shape.equals(grad.shape)) {
            throw new IllegalArgumentException("reluLinearGrad: " + shape + " and " + grad.shape + " differ");
        }
        Tensor o = contiguous();
        float[] g = grad.buffer();
        int rows = shape.dim(0);
        int n = shape.dim(1);
        float[] gz = Workspace.take(rows * n);
        float[] db = Elementwise.maskPositiveColumnSums(o.buffer(), g, gz, rows, n);
        return new Tensor[] {new Tensor(gz, shape), new Tensor(db, Shape.of(n))};
    }

    /** {@code grad} where this tensor is positive, else 0, in one pass: relu's backward rule. */
    public Tensor maskPositive(Tensor grad) {
        if (!shape.equals(grad.shape)) {
            throw new IllegalArgumentException("maskPositive: " + shape + " and " + grad.shape + " differ");
        }
        Tensor x = contiguous();
        Tensor g = grad.contiguous();
        float[] out = new float[size()];
        Elementwise.maskPositive(x.data, x.offset, g.data, g.offset, out, size());
        return new Tensor(out, shape);
    }

    /** A 2-D matrix as the GEMM sees it: an array, an offset, a row stride and a transpose flag. */
    private record Operand(float[] data, int offset, int ld, boolean trans) {
        static Operand of(Tensor t) {
            int rows = t.shape.dim(0);
            int cols = t.shape.dim(1);
            if (t.strides[1] == 1 || cols <= 1) {
                return new Operand(t.data, t.offset, Math.max(t.strides[0], cols), false);
            }
            if (t.strides[0] == 1 || rows <= 1) {
                return new Operand(t.data, t.offset, Math.max(t.strides[1], rows), true);
            }
            Tensor c = t.contiguous();
            return new Operand(c.data, c.offset, cols, false);
        }
    }

    // ------------------------------------------------------------- comparison

    /** Whether the shapes are equal and every pair of elements differs by at most {@code tolerance}. */
    public boolean allClose(Tensor other, float tolerance) {
        if (!shape.equals(other.shape)) {
            return false;
        }
        float[] a = toArray();
        float[] b = other.toArray();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= tolerance)) {
                return false;
            }
        }
        return true;
    }

    /** Whether any element is NaN or infinite. */
    public boolean hasNonFinite() {
        Tensor c = contiguous();
        for (int i = 0; i < size(); i++) {
            if (!Float.isFinite(c.data[c.offset + i])) {
                return true;
            }
        }
        return false;
    }

    private void requireRank(String op, int r) {
        if (rank() != r) {
            throw new IllegalArgumentException(op + ": expected a " + r + "-D tensor, got shape " + shape);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && shape.equals(t.shape) && Arrays.equals(toArray(), t.toArray());
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(toArray());
    }

    @Override
    public String toString() {
        float[] v = toArray();
        StringBuilder sb = new StringBuilder("Tensor").append(shape).append(' ');
        int show = Math.min(v.length, 10);
        sb.append('[');
        for (int i = 0; i < show; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(v[i]);
        }
        if (v.length > show) {
            sb.append(", ...");
        }
        return sb.append(']').toString();
    }
}
