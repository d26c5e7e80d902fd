package dev.dendrite.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twins of the hot loops in {@link Elementwise}: binary ADD, SUB, MUL,
 * DIV, MAX and unary ADD, SCALE, RELU, STEP, MAX, MIN. Each processes whole
 * vectors of the preferred species and finishes the tail with the scalar
 * expression, so it gives the same bits as the scalar loop for every input,
 * NaN and signed zeros included (lanewise MAX and MIN follow {@link Math#max}
 * and {@link Math#min}). {@link Elementwise} calls it when {@link Kernels#SIMD}
 * is on; it is only loaded then, so the class never links where the
 * {@code jdk.incubator.vector} module is missing.
 */
final class VectorElementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorElementwise() {
    }

    /** Whether {@link #unary} handles {@code op} (the others stay scalar). */
    static boolean handles(Elementwise.Unary op) {
        return switch (op) {
            case ADD, SCALE, RELU, STEP, MAX, MIN -> true;
            default -> false;
        };
    }

    static void binary(Elementwise.Op op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        switch (op) {
            case ADD -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
                }
                for (; i < n; i++) {
                    out[oo + i] = a[ao + i] + b[bo + i];
                }
            }
            case SUB -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
                }
                for (; i < n; i++) {
                    out[oo + i] = a[ao + i] - b[bo + i];
                }
            }
            case MUL -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
                }
                for (; i < n; i++) {
                    out[oo + i] = a[ao + i] * b[bo + i];
                }
            }
            case DIV -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
                }
                for (; i < n; i++) {
                    out[oo + i] = a[ao + i] / b[bo + i];
                }
            }
            case MAX -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
                }
                for (; i < n; i++) {
                    out[oo + i] = Math.max(a[ao + i], b[bo + i]);
                }
            }
        }
    }

    /** {@code out = a / s}; division is kept (not a multiply by 1/s) so results match exactly. */
    static void divideByScalar(float[] a, int ao, float s, float[] out, int oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector vs = FloatVector.broadcast(S, s);
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, ao + i).div(vs).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = a[ao + i] / s;
        }
    }

    /** One of the operations {@link #handles} accepts. */
    static void unary(Elementwise.Unary op, float s, float[] a, int ao, float[] out, int oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector vs = FloatVector.broadcast(S, s);
        switch (op) {
            case ADD -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, ao + i).add(vs).intoArray(out, oo + i);
                }
                for (; i < n; i++) {
                    out[oo + i] = a[ao + i] + s;
                }
            }
            case SCALE -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, ao + i).mul(vs).intoArray(out, oo + i);
                }
                for (; i < n; i++) {
                    out[oo + i] = a[ao + i] * s;
                }
            }
            case RELU -> {
                FloatVector zero = FloatVector.zero(S);
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, ao + i).max(zero).intoArray(out, oo + i);
                }
                for (; i < n; i++) {
                    out[oo + i] = Math.max(a[ao + i], 0f);
                }
            }
            case STEP -> {
                FloatVector zero = FloatVector.zero(S);
                FloatVector one = FloatVector.broadcast(S, 1f);
                for (; i < bound; i += S.length()) {
                    // NaN compares false, so it maps to 0 as in the scalar loop.
                    VectorMask<Float> positive = FloatVector.fromArray(S, a, ao + i).compare(VectorOperators.GT, 0f);
                    zero.blend(one, positive).intoArray(out, oo + i);
                }
                for (; i < n; i++) {
                    out[oo + i] = a[ao + i] > 0f ? 1f : 0f;
                }
            }
            case MAX -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, ao + i).max(vs).intoArray(out, oo + i);
                }
                for (; i < n; i++) {
                    out[oo + i] = Math.max(a[ao + i], s);
                }
            }
            case MIN -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, a, ao + i).min(vs).intoArray(out, oo + i);
                }
                for (; i < n; i++) {
                    out[oo + i] = Math.min(a[ao + i], s);
                }
            }
            default -> throw new IllegalArgumentException("VectorElementwise.unary: " + op + " is not vectorised");
        }
    }

    /** {@code out = x > 0 ? g : 0} with a lane mask: no branch to mispredict on relu's half-positive inputs. */
    static void maskPositive(float[] x, int xo, float[] g, int go, float[] out, int n) {
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(S, x, xo + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, go + i), positive).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = x[xo + i] > 0f ? g[go + i] : 0f;
        }
    }

    static void addBias(float[] y, int rows, int n, float[] b, int bo, boolean relu) {
        FloatVector zero = FloatVector.zero(S);
        int bound = S.loopBound(n);
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            int j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector v = FloatVector.fromArray(S, y, o + j).add(FloatVector.fromArray(S, b, bo + j));
                (relu ? v.max(zero) : v).intoArray(y, o + j);
            }
            for (; j < n; j++) {
                float v = y[o + j] + b[bo + j];
                y[o + j] = relu ? Math.max(v, 0f) : v;
            }
        }
    }
}
