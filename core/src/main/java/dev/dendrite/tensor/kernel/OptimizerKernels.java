package dev.dendrite.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Optimizer updates in one pass over each parameter, instead of a dozen
 * element-wise tensor operations and their temporaries. The scalar loop is the
 * specification; the Vector API loop computes the same formula lane by lane.
 */
public final class OptimizerKernels {
    private OptimizerKernels() {
    }

    /**
     * One Adam/AdamW step for {@code n} elements. Updates {@code m} and {@code v}
     * in place and writes the new parameter values to {@code out}:
     * <pre>
     * g' = g + l2 p;  p0 = decay p
     * m = b1 m + (1 - b1) g';  v = b2 v + (1 - b2) g'^2
     * out = p0 - step m / (sqrt(v) invSqrtBc2 + eps)
     * </pre>
     * where {@code c1 = 1 - b1} and {@code c2 = 1 - b2} (passed in, rounded once from the
     * double-precision betas), {@code step = lr / (1 - b1^t)} and
     * {@code invSqrtBc2 = 1 / sqrt(1 - b2^t)}.
     */
    public static void adam(float[] p, float[] g, float[] m, float[] v, float[] out, int n,
                            float b1, float c1, float b2, float c2, float step, float invSqrtBc2, float eps, float l2, float decay) {
        // large parameters are split across the kernel pool's threads: the update is memory-bound
        int parts = n >= PARALLEL_MIN ? GemmPool.parallelism() : 1;
        int chunk = ((n + parts - 1) / parts + 15) & ~15;
        GemmPool.run(parts, part -> {
            int from = Math.min(n, part * chunk);
            int len = Math.min(n, from + chunk) - from;
            if (Kernels.SIMD) {
                Simd.adam(p, from, g, from, m, v, out, len, b1, c1, b2, c2, step, invSqrtBc2, eps, l2, decay);
            } else {
                adamRange(p, from, g, from, m, v, out, len, b1, c1, b2, c2, step, invSqrtBc2, eps, l2, decay);
            }
        });
    }

    /** Below this many elements an update stays on the calling thread. */
    private static final int PARALLEL_MIN = 1 << 15;


    /** The scalar specification of {@link #adam}. */
    public static void adamScalar(float[] p, float[] g, float[] m, float[] v, float[] out, int n,
                                  float b1, float c1, float b2, float c2, float step, float invSqrtBc2, float eps, float l2, float decay) {
        adamRange(p, 0, g, 0, m, v, out, n, b1, c1, b2, c2, step, invSqrtBc2, eps, l2, decay);
    }

    /**
     * The formula on {@code len} values: p, m, v and out from {@code po}, g from
     * {@code go} (a dense range has {@code go == po}; a row of a row-sparse
     * gradient does not).
     */
    private static void adamRange(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] out, int len,
                                  float b1, float c1, float b2, float c2, float step, float invSqrtBc2, float eps,
                                  float l2, float decay) {
        for (int j = 0; j < len; j++) {
            int i = po + j;
            float gi = g[go + j] + l2 * p[i];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * (gi * gi);
            m[i] = mi;
            v[i] = vi;
            out[i] = decay * p[i] - step * (mi / ((float) Math.sqrt(vi) * invSqrtBc2 + eps));
        }
    }

    /**
     * One SGD step with {@code g' = g + wd p}: without a buffer ({@code b == null})
     * {@code out = p - lr g'}; with one, {@code b = keep b + g'} in place and
     * {@code out = p - lr d} where {@code d = g' + lookahead b} for Nesterov
     * momentum ({@code lookahead > 0}) and {@code d = b} otherwise.
     */
    public static void sgd(float[] p, float[] g, float[] b, float[] out, int n, float lr, float keep,
                           float lookahead, float wd) {
        for (int i = 0; i < n; i++) {
            float gi = g[i] + wd * p[i];
            float d = gi;
            if (b != null) {
                float bi = keep * b[i] + gi;
                b[i] = bi;
                d = lookahead > 0f ? gi + lookahead * bi : bi;
            }
            out[i] = p[i] - lr * d;
        }
    }

    /**
     * {@link #adam} on some rows only, in place: for each {@code i}, row
     * {@code rows[i]} of {@code p}, {@code m} and {@code v} (each row {@code width}
     * values) is updated from row {@code i} of {@code g}. The same formula, element
     * by element, so a row gets exactly the values the dense update would give it.
     */
    public static void adamRows(float[] p, int[] rows, int width, float[] g, float[] m, float[] v,
                                float b1, float c1, float b2, float c2, float step, float invSqrtBc2, float eps,
                                float l2, float decay) {
        // the vector loop computes the same formula lane by lane: the same bits as the scalar one
        boolean simd = Kernels.SIMD && width >= 8;
        for (int r = 0; r < rows.length; r++) {
            if (simd) {
                Simd.adam(p, rows[r] * width, g, r * width, m, v, p, width, b1, c1, b2, c2, step, invSqrtBc2, eps,
                        l2, decay);
            } else {
                adamRange(p, rows[r] * width, g, r * width, m, v, p, width, b1, c1, b2, c2, step, invSqrtBc2, eps,
                        l2, decay);
            }
        }
    }

    /** {@link #sgd} on some rows only, in place, as {@link #adamRows} does for Adam. */
    public static void sgdRows(float[] p, int[] rows, int width, float[] g, float[] b, float lr, float keep,
                               float lookahead, float wd) {
        for (int r = 0; r < rows.length; r++) {
            int o = rows[r] * width;
            int gi0 = r * width;
            for (int j = 0; j < width; j++) {
                int i = o + j;
                float gi = g[gi0 + j] + wd * p[i];
                float d = gi;
                if (b != null) {
                    float bi = keep * b[i] + gi;
                    b[i] = bi;
                    d = lookahead > 0f ? gi + lookahead * bi : bi;
                }
                p[i] = p[i] - lr * d;
            }
        }
    }

    /** The Vector API loop, in its own class so the scalar path never loads the incubator module. */
    private static final class Simd {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        /** {@code adamRange} with vectors, the tail on the scalar loop. */
        static void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] out, int len,
                         float b1, float c1, float b2, float c2, float step, float invSqrtBc2, float eps, float l2,
                         float decay) {
            int j = 0;
            for (int bound = S.loopBound(len); j < bound; j += S.length()) {
                int i = po + j;
                FloatVector pv = FloatVector.fromArray(S, p, i);
                FloatVector gv = FloatVector.fromArray(S, g, go + j).add(pv.mul(l2));
                FloatVector mv = FloatVector.fromArray(S, m, i).mul(b1).add(gv.mul(c1));
                FloatVector vv = FloatVector.fromArray(S, v, i).mul(b2).add(gv.mul(gv).mul(c2));
                mv.intoArray(m, i);
                vv.intoArray(v, i);
                FloatVector denom = vv.lanewise(VectorOperators.SQRT).mul(invSqrtBc2).add(eps);
                pv.mul(decay).sub(mv.div(denom).mul(step)).intoArray(out, i);
            }
            adamRange(p, po + j, g, go + j, m, v, out, len - j, b1, c1, b2, c2, step, invSqrtBc2, eps, l2, decay);
        }
    }
}
