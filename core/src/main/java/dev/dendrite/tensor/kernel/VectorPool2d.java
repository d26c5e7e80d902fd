package dev.dendrite.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling with 2x2 windows and stride 2 (no padding, no dilation), the
 * pooling of most CNNs, on the Vector API: for a pair of input rows, the even
 * and odd columns of each row are separated by a two-vector shuffle, each pair
 * is reduced to its maximum, then the two rows' maxima; one vector of outputs
 * per {@code 2 L} input columns. The branchy scalar loop mispredicts on about
 * every other window of real activations. The order of the reductions (each
 * row's pair first, then the rows) keeps {@link Pool2dKernels}' rule that the
 * first maximum in row-major order wins; windows with a NaN go to the plain
 * loop (a NaN wins over numbers), as mask logic beyond one comparison is not
 * compiled to vector code on JDK 25 (it allocated 14 MB per call). The parity
 * tests compare the two. Loaded only when {@link Kernels#SIMD} is on.
 */
final class VectorPool2d {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorShuffle<Float> EVEN = pick(0);
    private static final VectorShuffle<Float> ODD = pick(1);

    private VectorPool2d() {
    }

    /** Whether this kernel covers the geometry (window offsets up to {@code w + 1} are exact in float lanes). */
    static boolean covers(ConvGeometry g) {
        return g.kh() == 2 && g.kw() == 2 && g.sh() == 2 && g.sw() == 2 && g.ph() == 0 && g.pw() == 0
                && g.dh() == 1 && g.dw() == 1 && g.w() < (1 << 23);
    }

    /** Output rows {@code [r0, r1)} counted over all planes ({@code plane oh + i}). */
    static void maxRows(ConvGeometry g, float[] x, float[] y, int[] argmax, int r0, int r1) {
        int oh = g.oh();
        int ow = g.ow();
        int w = g.w();
        int hw = g.h() * w;
        float[] place = new float[L];
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        float fw = w;
        for (int r = r0; r < r1; r++) {
            int pl = r / oh;
            int i = r - pl * oh;
            int top = pl * hw + 2 * i * w;
            int out = r * ow;
            for (int j0 = 0; j0 < ow; j0 += L) {
                int count = Math.min(L, ow - j0);
                int t = top + 2 * j0;
                if (t + w + 2 * L > x.length) {
                    scalar(x, y, argmax, t, w, out + j0, count);
                    continue;
                }
                // the lanes past the row's last window read the next columns or row; they are not stored
                FloatVector a0 = FloatVector.fromArray(S, x, t);
                FloatVector a1 = FloatVector.fromArray(S, x, t + L);
                FloatVector b0 = FloatVector.fromArray(S, x, t + w);
                FloatVector b1 = FloatVector.fromArray(S, x, t + w + L);
                FloatVector sum = a0.add(a1).add(b0.add(b1));
                if (sum.compare(VectorOperators.NE, sum).anyTrue()) {
                    // a NaN (or infinities of both signs) among these windows: the plain loop's NaN rule
                    scalar(x, y, argmax, t, w, out + j0, count);
                    continue;
                }
                FloatVector ae = a0.rearrange(EVEN, a1);
                FloatVector ao = a0.rearrange(ODD, a1);
                FloatVector be = b0.rearrange(EVEN, b1);
                FloatVector bo = b0.rearrange(ODD, b1);
                // no NaN: the second candidate wins only when it is larger (the first of equals stays)
                VectorMask<Float> ta = ao.compare(VectorOperators.GT, ae);
                VectorMask<Float> tb = bo.compare(VectorOperators.GT, be);
                FloatVector ma = ae.blend(ao, ta);
                FloatVector mb = be.blend(bo, tb);
                VectorMask<Float> down = mb.compare(VectorOperators.GT, ma);
                FloatVector best = ma.blend(mb, down);
                // each maximum's place in its window (0, 1, w or w + 1) in float lanes, made into
                // indices one by one: casting masks or vectors to int lanes allocates on JDK 25
                FloatVector right = zero.blend(one, ta);
                FloatVector below = zero.blend(one, tb).add(fw);
                zero.add(right.blend(below, down)).intoArray(place, 0);
                if (count == L) {
                    best.intoArray(y, out + j0);
                } else {
                    best.intoArray(y, out + j0, S.indexInRange(0, count));
                }
                for (int j = 0; j < count; j++) {
                    argmax[out + j0 + j] = t + 2 * j + (int) place[j];
                }
            }
        }
    }

    /** The same windows one at a time: where a vector would read past the end of the input, or meets a NaN. */
    private static void scalar(float[] x, float[] y, int[] argmax, int t, int w, int out, int count) {
        for (int j = 0; j < count; j++) {
            int base = t + 2 * j;
            float best = x[base];
            int at = base;
            for (int k = 1; k < 4; k++) {
                int xi = base + (k & 1) + (k >> 1) * w;
                float v = x[xi];
                if (v > best || (v != v && best == best)) {
                    best = v;
                    at = xi;
                }
            }
            y[out + j] = best;
            argmax[out + j] = at;
        }
    }

    /** Lane {@code j} takes lane {@code 2 j + parity} of the two vectors side by side. */
    private static VectorShuffle<Float> pick(int parity) {
        int[] src = new int[L];
        for (int j = 0; j < L; j++) {
            src[j] = 2 * j + parity;
        }
        return VectorShuffle.fromArray(S, src, 0);
    }
}
