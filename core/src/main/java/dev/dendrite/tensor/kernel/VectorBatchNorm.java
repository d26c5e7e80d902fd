package dev.dendrite.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The per-channel loops of {@link BatchNormKernels} on the Vector API, for
 * channels with a spatial size of at least one vector. A sum runs in float
 * vector lanes along one example's plane (a few dozen terms per lane), and the
 * planes' partial sums are added in double: as precise as the scalar loop's
 * double sum, which is latency-bound (one dependent double addition per
 * element, about 4 ms of the 3.2 million values of the reference CNN's first
 * batch norm). Results differ from the scalar loops only by summation order.
 * Loaded only when {@link Kernels#SIMD} is on.
 */
final class VectorBatchNorm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorBatchNorm() {
    }

    /** Whether the vector loops serve planes of {@code s} values. */
    static boolean covers(int s) {
        return s >= L;
    }

    /** The sum of channel {@code ch}'s values. */
    static double sum(float[] x, int n, int c, int s, int ch) {
        double total = 0;
        float[] lanes = new float[L];
        int bound = s - L;
        for (int i = 0; i < n; i++) {
            int o = (i * c + ch) * s;
            FloatVector acc = FloatVector.zero(S);
            int q = 0;
            for (; q <= bound; q += L) {
                acc = acc.add(FloatVector.fromArray(S, x, o + q));
            }
            float tail = 0f;
            for (; q < s; q++) {
                tail += x[o + q];
            }
            total += laneSum(acc, lanes) + tail;
        }
        return total;
    }

    /** The sum of squared deviations of channel {@code ch}'s values from {@code mu}. */
    static double squaredDeviations(float[] x, int n, int c, int s, int ch, float mu) {
        double total = 0;
        float[] lanes = new float[L];
        int bound = s - L;
        FloatVector m = FloatVector.broadcast(S, mu);
        for (int i = 0; i < n; i++) {
            int o = (i * c + ch) * s;
            FloatVector acc = FloatVector.zero(S);
            int q = 0;
            for (; q <= bound; q += L) {
                FloatVector d = FloatVector.fromArray(S, x, o + q).sub(m);
                acc = d.fma(d, acc);
            }
            float tail = 0f;
            for (; q < s; q++) {
                float d = x[o + q] - mu;
                tail += d * d;
            }
            total += laneSum(acc, lanes) + tail;
        }
        return total;
    }

    /**
     * The lanes of {@code v} added one after another. {@code reduceLanes} leaves the order open,
     * and the interpreter and C2 use different orders, so a run would not repeat itself bit for
     * bit while the JIT warms up.
     */
    static float laneSum(FloatVector v, float[] lanes) {
        v.intoArray(lanes, 0);
        float s = 0f;
        for (int i = 0; i < L; i++) {
            s += lanes[i];
        }
        return s;
    }

    /** {@code y = x scale + shift} over channel {@code ch}, then {@code max(y, 0)} when {@code relu}. */
    static void apply(float[] x, float[] y, int n, int c, int s, int ch, float scale, float shift, boolean relu) {
        int bound = s - L;
        FloatVector k = FloatVector.broadcast(S, scale);
        FloatVector b = FloatVector.broadcast(S, shift);
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < n; i++) {
            int o = (i * c + ch) * s;
            int q = 0;
            for (; q <= bound; q += L) {
                FloatVector v = FloatVector.fromArray(S, x, o + q).mul(k).add(b);
                (relu ? v.max(zero) : v).intoArray(y, o + q);
            }
            for (; q < s; q++) {
                float v = x[o + q] * scale + shift;
                y[o + q] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    /**
     * {@code {sum dy, sum dy xhat}} over channel {@code ch} with {@code xhat = (x - mu) istd};
     * with {@code relu}, {@code dy} counts only where {@code x scale + shift > 0}.
     */
    static double[] gradientSums(float[] x, float[] dy, boolean relu, float scale, float shift, int n, int c, int s,
                                 int ch, float mu, float istd) {
        double sdy = 0;
        double sdyx = 0;
        float[] lanes = new float[L];
        int bound = s - L;
        FloatVector m = FloatVector.broadcast(S, mu);
        FloatVector is = FloatVector.broadcast(S, istd);
        FloatVector zero = FloatVector.zero(S);
        FloatVector vs = FloatVector.broadcast(S, scale);
        FloatVector vt = FloatVector.broadcast(S, shift);
        for (int i = 0; i < n; i++) {
            int o = (i * c + ch) * s;
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = FloatVector.zero(S);
            int q = 0;
            for (; q <= bound; q += L) {
                FloatVector d = FloatVector.fromArray(S, dy, o + q);
                FloatVector xv = FloatVector.fromArray(S, x, o + q);
                if (relu) {
                    d = zero.blend(d, xv.mul(vs).add(vt).compare(VectorOperators.GT, 0f));
                }
                FloatVector xhat = xv.sub(m).mul(is);
                a1 = a1.add(d);
                a2 = d.fma(xhat, a2);
            }
            float t1 = 0f;
            float t2 = 0f;
            for (; q < s; q++) {
                float d = !relu || x[o + q] * scale + shift > 0f ? dy[o + q] : 0f;
                t1 += d;
                t2 += d * ((x[o + q] - mu) * istd);
            }
            sdy += laneSum(a1, lanes) + t1;
            sdyx += laneSum(a2, lanes) + t2;
        }
        return new double[] {sdy, sdyx};
    }

    /** {@code dx = k (dy - a - xhat b)} over channel {@code ch}, {@code dy} masked as in {@link #gradientSums}. */
    static void gradInput(float[] x, float[] dy, boolean relu, float scale, float shift, float[] dx, int n, int c,
                          int s, int ch, float mu, float istd, float k, float a, float b) {
        int bound = s - L;
        FloatVector m = FloatVector.broadcast(S, mu);
        FloatVector is = FloatVector.broadcast(S, istd);
        FloatVector vk = FloatVector.broadcast(S, k);
        FloatVector va = FloatVector.broadcast(S, a);
        FloatVector vb = FloatVector.broadcast(S, b);
        FloatVector zero = FloatVector.zero(S);
        FloatVector vs = FloatVector.broadcast(S, scale);
        FloatVector vt = FloatVector.broadcast(S, shift);
        for (int i = 0; i < n; i++) {
            int o = (i * c + ch) * s;
            int q = 0;
            for (; q <= bound; q += L) {
                FloatVector d = FloatVector.fromArray(S, dy, o + q);
                FloatVector xv = FloatVector.fromArray(S, x, o + q);
                if (relu) {
                    d = zero.blend(d, xv.mul(vs).add(vt).compare(VectorOperators.GT, 0f));
                }
                FloatVector xhat = xv.sub(m).mul(is);
                vk.mul(d.sub(va).sub(xhat.mul(vb))).intoArray(dx, o + q);
            }
            for (; q < s; q++) {
                float d = !relu || x[o + q] * scale + shift > 0f ? dy[o + q] : 0f;
                float xhat = (x[o + q] - mu) * istd;
                dx[o + q] = k * (d - a - xhat * b);
            }
        }
    }
}
