package dev.dendrite.tensor.kernel;

/**
 * Element-wise loops over flat ranges of float arrays. This scalar code is the
 * specification; a Vector API twin may replace the hot ones when
 * {@link Kernels#SIMD} is on, and parity tests compare the two.
 */
public final class Elementwise {

    /** Binary operations. */
    public enum Op { ADD, SUB, MUL, DIV, MAX }

    /** Unary operations; some take a scalar parameter {@code s}. */
    public enum Unary { ADD, SCALE, EXP, LOG, SQRT, ABS, POW, RELU, STEP, SIGMOID, TANH, MAX, MIN }

    /** Below this many floats a row gather stays on the calling thread. */
    private static final int PARALLEL_GATHER_MIN = 1 << 16;

    private Elementwise() {
    }

    /**
     * Copies row {@code indices[i]} of {@code src} (rows of {@code width} floats from
     * {@code srcOff}) to row {@code i} of {@code dst}. The indices must already be
     * checked. A mini-batch drawn from a large data set reads its rows from all over
     * memory, so this is bound by memory latency rather than bandwidth: large
     * gathers are split across the kernel pool's threads, whose outstanding loads
     * overlap.
     */
    public static void gatherRows(float[] src, int srcOff, int width, int[] indices, float[] dst) {
        int n = indices.length;
        int parts = (long) n * width >= PARALLEL_GATHER_MIN && n > 1 ? Math.min(n, GemmPool.parallelism()) : 1;
        GemmPool.run(parts, part -> {
            int from = (int) ((long) part * n / parts);
            int to = (int) ((long) (part + 1) * n / parts);
            for (int i = from; i < to; i++) {
                System.arraycopy(src, srcOff + indices[i] * width, dst, i * width, width);
            }
        });
    }

    /** {@code out[i] = a[i] op b[i]} for {@code i} in {@code [0, n)}, each array at its offset. */
    public static void binary(Op op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        if (Kernels.SIMD) {
            VectorElementwise.binary(op, a, ao, b, bo, out, oo, n);
        } else {
            scalarBinary(op, a, ao, b, bo, out, oo, n);
        }
    }

    /** The scalar specification of {@link #binary}. */
    static void scalarBinary(Op op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = a[ao + i] + b[bo + i];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = a[ao + i] - b[bo + i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = a[ao + i] * b[bo + i];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = a[ao + i] / b[bo + i];
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = Math.max(a[ao + i], b[bo + i]);
                }
            }
        }
    }

    /** {@code out[i] = a[i] op b} for a scalar {@code b}. */
    public static void binaryScalar(Op op, float[] a, int ao, float b, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> unary(Unary.ADD, b, a, ao, out, oo, n);
            case SUB -> unary(Unary.ADD, -b, a, ao, out, oo, n);
            case MUL -> unary(Unary.SCALE, b, a, ao, out, oo, n);
            case DIV -> {
                if (Kernels.SIMD) {
                    VectorElementwise.divideByScalar(a, ao, b, out, oo, n);
                    return;
                }
                for (int i = 0; i < n; i++) {
                    out[oo + i] = a[ao + i] / b;
                }
            }
            case MAX -> unary(Unary.MAX, b, a, ao, out, oo, n);
        }
    }

    /** {@code out[i] = op(a[i])}, with the scalar parameter {@code s} where the op takes one. */
    public static void unary(Unary op, float s, float[] a, int ao, float[] out, int oo, int n) {
        if (Kernels.SIMD && VectorElementwise.handles(op)) {
            VectorElementwise.unary(op, s, a, ao, out, oo, n);
        } else {
            scalarUnary(op, s, a, ao, out, oo, n);
        }
    }

    /** The scalar specification of {@link #unary}. */
    static void scalarUnary(Unary op, float s, float[] a, int ao, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = a[ao + i] + s;
                }
            }
            case SCALE -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = a[ao + i] * s;
                }
            }
            case EXP -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = (float) Math.exp(a[ao + i]);
                }
            }
            case LOG -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = (float) Math.log(a[ao + i]);
                }
            }
            case SQRT -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = (float) Math.sqrt(a[ao + i]);
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = Math.abs(a[ao + i]);
                }
            }
            case POW -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = pow(a[ao + i], s);
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = Math.max(a[ao + i], 0f);
                }
            }
            case STEP -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = a[ao + i] > 0f ? 1f : 0f;
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = sigmoid(a[ao + i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = (float) Math.tanh(a[ao + i]);
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = Math.max(a[ao + i], s);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = Math.min(a[ao + i], s);
                }
            }
        }
    }

    private static float pow(float x, float e) {
        if (e == 2f) {
            return x * x;
        }
        if (e == 1f) {
            return x;
        }
        return (float) Math.pow(x, e);
    }

    /** The logistic function, written so that neither branch overflows. */
    public static float sigmoid(float x) {
        if (x >= 0f) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    /** {@code out[i] = x[i] > 0 ? g[i] : 0}: the backward rule of relu without a mask temporary. */
    public static void maskPositive(float[] x, int xo, float[] g, int go, float[] out, int n) {
        if (Kernels.SIMD) {
            VectorElementwise.maskPositive(x, xo, g, go, out, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            out[i] = x[xo + i] > 0f ? g[go + i] : 0f;
        }
    }

    /**
     * A dense layer's output pass, in place: {@code y[r, j] += b[j]} for every row
     * of the {@code rows x n} matrix {@code y}, then {@code max(y, 0)} when
     * {@code relu}. One sweep instead of a bias pass and an activation pass.
     */
    public static void addBias(float[] y, int rows, int n, float[] b, int bo, boolean relu) {
        if (Kernels.SIMD) {
            VectorElementwise.addBias(y, rows, n, b, bo, relu);
        } else {
            scalarAddBias(y, rows, n, b, bo, relu);
        }
    }

    /** The scalar specification of {@link #addBias}. */
    static void scalarAddBias(float[] y, int rows, int n, float[] b, int bo, boolean relu) {
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            for (int j = 0; j < n; j++) {
                float v = y[o + j] + b[bo + j];
                y[o + j] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    /**
     * The backward pass of {@code relu(x·W + b)} before the products: writes
     * {@code gz = g} where {@code out > 0}, else 0, for the {@code rows x n} matrices
     * (all row-major from offset 0), and returns the column sums of {@code gz} (the
     * bias gradient), accumulated in double.
     */
    public static float[] maskPositiveColumnSums(float[] out, float[] g, float[] gz, int rows, int n) {
        double[] sums = new double[n];
        maskPositive(out, 0, g, 0, gz, rows * n);
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            for (int j = 0; j < n; j++) {
                sums[j] += gz[o + j];
            }
        }
        float[] result = new float[n];
        for (int j = 0; j < n; j++) {
            result[j] = (float) sums[j];
        }
        return result;
    }
}
