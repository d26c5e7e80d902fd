package dev.dendrite.tensor.kernel;

/** Reduction loops: sums accumulate in double so long reductions keep float32 accuracy. */
public final class Reductions {
    private Reductions() {
    }

    /** The sum of {@code a[offset .. offset+n)}, accumulated in double. */
    public static double sum(float[] a, int offset, int n) {
        return Kernels.SIMD ? VectorReductions.sum(a, offset, n) : scalarSum(a, offset, n);
    }

    /** The scalar specification of {@link #sum}. */
    static double scalarSum(float[] a, int offset, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[offset + i];
        }
        return s;
    }

    /** Adds each row of a row-major {@code [rows, cols]} block into {@code acc[cols]}. */
    public static void sumRows(float[] a, int offset, int rows, int cols, double[] acc) {
        // No Vector API twin: C2 vectorises this loop by itself (widening included).
        for (int r = 0; r < rows; r++) {
            int o = offset + r * cols;
            for (int j = 0; j < cols; j++) {
                acc[j] += a[o + j];
            }
        }
    }

    /** Index of the largest value (the first on ties; NaN counts as largest). */
    public static int argmax(float[] a, int offset, int n) {
        int best = 0;
        float bv = a[offset];
        for (int i = 1; i < n; i++) {
            float v = a[offset + i];
            if (v > bv || (Float.isNaN(v) && !Float.isNaN(bv))) {
                bv = v;
                best = i;
            }
        }
        return best;
    }
}
