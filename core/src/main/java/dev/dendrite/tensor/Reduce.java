package dev.dendrite.tensor;

import dev.dendrite.tensor.kernel.Reductions;

import java.util.Arrays;

/**
 * Reductions over axes for {@link Tensor}: sums and means over any set of axes
 * (accumulated in double), and max/argmax along one axis. Kept apart from
 * Tensor so that the array type stays readable; Tensor's public methods
 * delegate here.
 */
final class Reduce {
    private Reduce() {
    }

    static Tensor axes(Tensor t, String name, boolean mean, boolean keepDims, int... axes) {
        boolean[] reduced = reducedAxes(t, name, axes);
        int rank = t.rank();
        int[] outDims = new int[rank];
        int count = 1;
        for (int i = 0; i < rank; i++) {
            outDims[i] = reduced[i] ? 1 : t.shape.dim(i);
            if (reduced[i]) {
                count *= t.shape.dim(i);
            }
        }
        Shape kept = Shape.of(outDims);
        double[] acc = new double[kept.size()];
        // walk the input in row-major order; the output offset uses zero strides on reduced axes
        int[] outStrides = kept.strides();
        for (int i = 0; i < rank; i++) {
            if (reduced[i]) {
                outStrides[i] = 0;
            }
        }
        Tensor c = t.contiguous();
        if (rank == 2 && reduced[0] && !reduced[1]) {
            Reductions.sumRows(c.data, c.offset, t.shape.dim(0), t.shape.dim(1), acc);
        } else if (rank >= 1 && reduced[rank - 1] && allBefore(reduced, rank - 1, false)) {
            int n = t.shape.dim(rank - 1);
            for (int r = 0; r < acc.length; r++) {
                acc[r] = Reductions.sum(c.data, c.offset + r * n, n);
            }
        } else {
            int[] dims = t.shape.dims();
            int[] idx = new int[rank];
            int o = 0;
            for (int p = 0, total = t.size(); p < total; p++) {
                acc[o] += c.data[c.offset + p];
                for (int ax = rank - 1; ax >= 0; ax--) {
                    idx[ax]++;
                    o += outStrides[ax];
                    if (idx[ax] < dims[ax]) {
                        break;
                    }
                    o -= outStrides[ax] * dims[ax];
                    idx[ax] = 0;
                }
            }
        }
        float[] out = new float[acc.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (mean ? acc[i] / count : acc[i]);
        }
        Tensor result = Tensor.wrap(out, kept);
        return keepDims ? result : result.reshape(dropAxes(outDims, reduced));
    }

    private static boolean allBefore(boolean[] flags, int end, boolean value) {
        for (int i = 0; i < end; i++) {
            if (flags[i] != value) {
                return false;
            }
        }
        return true;
    }

    private static boolean[] reducedAxes(Tensor t, String name, int... axes) {
        boolean[] reduced = new boolean[t.rank()];
        if (axes.length == 0) {
            Arrays.fill(reduced, true);
        }
        for (int a : axes) {
            int n;
            try {
                n = t.shape.axis(a);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": axis " + a + " is out of range for shape " + t.shape);
            }
            reduced[n] = true;
        }
        return reduced;
    }

    private static int[] dropAxes(int[] dims, boolean[] drop) {
        int n = 0;
        for (boolean b : drop) {
            if (!b) {
                n++;
            }
        }
        int[] out = new int[n];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (!drop[i]) {
                out[j++] = dims[i];
            }
        }
        return out;
    }

    static Tensor arg(Tensor t, String name, int axis, boolean keepDims, boolean index) {
        int a;
        try {
            a = t.shape.axis(axis);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": axis " + axis + " is out of range for shape " + t.shape);
        }
        int n = t.shape.dim(a);
        if (n == 0) {
            throw new IllegalArgumentException(name + ": axis " + a + " of shape " + t.shape + " is empty");
        }
        // move the axis last, then reduce contiguous runs
        Tensor moved = a == t.rank() - 1 ? t.contiguous() : t.transpose(a, t.rank() - 1).contiguous();
        int rows = t.size() / n;
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            int at = Reductions.argmax(moved.data, moved.offset + r * n, n);
            out[r] = index ? at : moved.data[moved.offset + r * n + at];
        }
        int[] dims = moved.shape.dims();
        dims[dims.length - 1] = 1;
        Tensor result = Tensor.wrap(out, Shape.of(dims));
        if (a != t.rank() - 1) {
            result = result.transpose(a, t.rank() - 1).contiguous();
        }
        if (keepDims) {
            return result;
        }
        boolean[] drop = new boolean[t.rank()];
        drop[a] = true;
        return result.reshape(dropAxes(t.shape.dims(), drop));
    }
}
