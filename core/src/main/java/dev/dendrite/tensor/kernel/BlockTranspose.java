package dev.dendrite.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * L x L transposes in registers (L is 8 or 16) into rows of any stride, for
 * {@link ShallowGemm}'s row-major copy of a transposed operand. The same
 * interleave rounds as {@link GemmPack}'s panel transposes, which keep their
 * fixed stride: passing the stride there cost the large NT products 2-3% with
 * AVX-512 (docs/benchmarks.md, AVX2 section). Unrolled by hand because vectors
 * kept in an array would be boxed.
 */
final class BlockTranspose {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Interleave the low halves of two vectors lane by lane: {@code a0 b0 a1 b1 ...}. */
    private static final VectorShuffle<Float> ZIP_LO = zip(0);
    /** The same for the high halves. */
    private static final VectorShuffle<Float> ZIP_HI = zip(L / 2);

    private BlockTranspose() {
    }

    private static VectorShuffle<Float> zip(int from) {
        int[] src = new int[L];
        for (int lane = 0; lane < L; lane++) {
            int index = from + lane / 2;
            src[lane] = lane % 2 == 0 ? index : L + index;
        }
        return VectorShuffle.fromArray(S, src, 0);
    }

    /** Whether {@link #block} has a transpose for this vector length. */
    static boolean available() {
        return L == 8 || L == 16;
    }

    /**
     * Transposes the L x L block whose rows start at {@code src + r * ldb}:
     * element p of row r goes to {@code dst[d + p * ds + r]}.
     */
    static void block(float[] b, int src, int ldb, float[] dst, int d, int ds) {
        if (L == 16) {
            transpose16(b, src, ldb, dst, d, ds);
        } else {
            transpose8(b, src, ldb, dst, d, ds);
        }
    }

    /** Transposes the 16 x 16 block at rows {@code src + r * ldb}: depth row p goes to {@code dst[d + p * ds]}. */
    private static void transpose16(float[] b, int src, int ldb, float[] dst, int d, int ds) {
        FloatVector v0 = FloatVector.fromArray(S, b, src);
        FloatVector v1 = FloatVector.fromArray(S, b, src + 1 * ldb);
        FloatVector v2 = FloatVector.fromArray(S, b, src + 2 * ldb);
        FloatVector v3 = FloatVector.fromArray(S, b, src + 3 * ldb);
        FloatVector v4 = FloatVector.fromArray(S, b, src + 4 * ldb);
        FloatVector v5 = FloatVector.fromArray(S, b, src + 5 * ldb);
        FloatVector v6 = FloatVector.fromArray(S, b, src + 6 * ldb);
        FloatVector v7 = FloatVector.fromArray(S, b, src + 7 * ldb);
        FloatVector v8 = FloatVector.fromArray(S, b, src + 8 * ldb);
        FloatVector v9 = FloatVector.fromArray(S, b, src + 9 * ldb);
        FloatVector v10 = FloatVector.fromArray(S, b, src + 10 * ldb);
        FloatVector v11 = FloatVector.fromArray(S, b, src + 11 * ldb);
        FloatVector v12 = FloatVector.fromArray(S, b, src + 12 * ldb);
        FloatVector v13 = FloatVector.fromArray(S, b, src + 13 * ldb);
        FloatVector v14 = FloatVector.fromArray(S, b, src + 14 * ldb);
        FloatVector v15 = FloatVector.fromArray(S, b, src + 15 * ldb);
        FloatVector u0 = v0.rearrange(ZIP_LO, v8);
        FloatVector u1 = v0.rearrange(ZIP_HI, v8);
        FloatVector u2 = v1.rearrange(ZIP_LO, v9);
        FloatVector u3 = v1.rearrange(ZIP_HI, v9);
        FloatVector u4 = v2.rearrange(ZIP_LO, v10);
        FloatVector u5 = v2.rearrange(ZIP_HI, v10);
        FloatVector u6 = v3.rearrange(ZIP_LO, v11);
        FloatVector u7 = v3.rearrange(ZIP_HI, v11);
        FloatVector u8 = v4.rearrange(ZIP_LO, v12);
        FloatVector u9 = v4.rearrange(ZIP_HI, v12);
        FloatVector u10 = v5.rearrange(ZIP_LO, v13);
        FloatVector u11 = v5.rearrange(ZIP_HI, v13);
        FloatVector u12 = v6.rearrange(ZIP_LO, v14);
        FloatVector u13 = v6.rearrange(ZIP_HI, v14);
        FloatVector u14 = v7.rearrange(ZIP_LO, v15);
        FloatVector u15 = v7.rearrange(ZIP_HI, v15);
        FloatVector w0 = u0.rearrange(ZIP_LO, u8);
        FloatVector w1 = u0.rearrange(ZIP_HI, u8);
        FloatVector w2 = u1.rearrange(ZIP_LO, u9);
        FloatVector w3 = u1.rearrange(ZIP_HI, u9);
        FloatVector w4 = u2.rearrange(ZIP_LO, u10);
        FloatVector w5 = u2.rearrange(ZIP_HI, u10);
        FloatVector w6 = u3.rearrange(ZIP_LO, u11);
        FloatVector w7 = u3.rearrange(ZIP_HI, u11);
        FloatVector w8 = u4.rearrange(ZIP_LO, u12);
        FloatVector w9 = u4.rearrange(ZIP_HI, u12);
        FloatVector w10 = u5.rearrange(ZIP_LO, u13);
        FloatVector w11 = u5.rearrange(ZIP_HI, u13);
        FloatVector w12 = u6.rearrange(ZIP_LO, u14);
        FloatVector w13 = u6.rearrange(ZIP_HI, u14);
        FloatVector w14 = u7.rearrange(ZIP_LO, u15);
        FloatVector w15 = u7.rearrange(ZIP_HI, u15);
        FloatVector x0 = w0.rearrange(ZIP_LO, w8);
        FloatVector x1 = w0.rearrange(ZIP_HI, w8);
        FloatVector x2 = w1.rearrange(ZIP_LO, w9);
        FloatVector x3 = w1.rearrange(ZIP_HI, w9);
        FloatVector x4 = w2.rearrange(ZIP_LO, w10);
        FloatVector x5 = w2.rearrange(ZIP_HI, w10);
        FloatVector x6 = w3.rearrange(ZIP_LO, w11);
        FloatVector x7 = w3.rearrange(ZIP_HI, w11);
        FloatVector x8 = w4.rearrange(ZIP_LO, w12);
        FloatVector x9 = w4.rearrange(ZIP_HI, w12);
        FloatVector x10 = w5.rearrange(ZIP_LO, w13);
        FloatVector x11 = w5.rearrange(ZIP_HI, w13);
        FloatVector x12 = w6.rearrange(ZIP_LO, w14);
        FloatVector x13 = w6.rearrange(ZIP_HI, w14);
        FloatVector x14 = w7.rearrange(ZIP_LO, w15);
        FloatVector x15 = w7.rearrange(ZIP_HI, w15);
        FloatVector y0 = x0.rearrange(ZIP_LO, x8);
        FloatVector y1 = x0.rearrange(ZIP_HI, x8);
        FloatVector y2 = x1.rearrange(ZIP_LO, x9);
        FloatVector y3 = x1.rearrange(ZIP_HI, x9);
        FloatVector y4 = x2.rearrange(ZIP_LO, x10);
        FloatVector y5 = x2.rearrange(ZIP_HI, x10);
        FloatVector y6 = x3.rearrange(ZIP_LO, x11);
        FloatVector y7 = x3.rearrange(ZIP_HI, x11);
        FloatVector y8 = x4.rearrange(ZIP_LO, x12);
        FloatVector y9 = x4.rearrange(ZIP_HI, x12);
        FloatVector y10 = x5.rearrange(ZIP_LO, x13);
        FloatVector y11 = x5.rearrange(ZIP_HI, x13);
        FloatVector y12 = x6.rearrange(ZIP_LO, x14);
        FloatVector y13 = x6.rearrange(ZIP_HI, x14);
        FloatVector y14 = x7.rearrange(ZIP_LO, x15);
        FloatVector y15 = x7.rearrange(ZIP_HI, x15);
        y0.intoArray(dst, d);
        y1.intoArray(dst, d + 1 * ds);
        y2.intoArray(dst, d + 2 * ds);
        y3.intoArray(dst, d + 3 * ds);
        y4.intoArray(dst, d + 4 * ds);
        y5.intoArray(dst, d + 5 * ds);
        y6.intoArray(dst, d + 6 * ds);
        y7.intoArray(dst, d + 7 * ds);
        y8.intoArray(dst, d + 8 * ds);
        y9.intoArray(dst, d + 9 * ds);
        y10.intoArray(dst, d + 10 * ds);
        y11.intoArray(dst, d + 11 * ds);
        y12.intoArray(dst, d + 12 * ds);
        y13.intoArray(dst, d + 13 * ds);
        y14.intoArray(dst, d + 14 * ds);
        y15.intoArray(dst, d + 15 * ds);
    }

    /** Transposes the 8 x 8 block at rows {@code src + r * ldb}: depth row p goes to {@code dst[d + p * ds]}. */
    private static void transpose8(float[] b, int src, int ldb, float[] dst, int d, int ds) {
        FloatVector v0 = FloatVector.fromArray(S, b, src);
        FloatVector v1 = FloatVector.fromArray(S, b, src + 1 * ldb);
        FloatVector v2 = FloatVector.fromArray(S, b, src + 2 * ldb);
        FloatVector v3 = FloatVector.fromArray(S, b, src + 3 * ldb);
        FloatVector v4 = FloatVector.fromArray(S, b, src + 4 * ldb);
        FloatVector v5 = FloatVector.fromArray(S, b, src + 5 * ldb);
        FloatVector v6 = FloatVector.fromArray(S, b, src + 6 * ldb);
        FloatVector v7 = FloatVector.fromArray(S, b, src + 7 * ldb);
        FloatVector u0 = v0.rearrange(ZIP_LO, v4);
        FloatVector u1 = v0.rearrange(ZIP_HI, v4);
        FloatVector u2 = v1.rearrange(ZIP_LO, v5);
        FloatVector u3 = v1.rearrange(ZIP_HI, v5);
        FloatVector u4 = v2.rearrange(ZIP_LO, v6);
        FloatVector u5 = v2.rearrange(ZIP_HI, v6);
        FloatVector u6 = v3.rearrange(ZIP_LO, v7);
        FloatVector u7 = v3.rearrange(ZIP_HI, v7);
        FloatVector w0 = u0.rearrange(ZIP_LO, u4);
        FloatVector w1 = u0.rearrange(ZIP_HI, u4);
        FloatVector w2 = u1.rearrange(ZIP_LO, u5);
        FloatVector w3 = u1.rearrange(ZIP_HI, u5);
        FloatVector w4 = u2.rearrange(ZIP_LO, u6);
        FloatVector w5 = u2.rearrange(ZIP_HI, u6);
        FloatVector w6 = u3.rearrange(ZIP_LO, u7);
        FloatVector w7 = u3.rearrange(ZIP_HI, u7);
        FloatVector x0 = w0.rearrange(ZIP_LO, w4);
        FloatVector x1 = w0.rearrange(ZIP_HI, w4);
        FloatVector x2 = w1.rearrange(ZIP_LO, w5);
        FloatVector x3 = w1.rearrange(ZIP_HI, w5);
        FloatVector x4 = w2.rearrange(ZIP_LO, w6);
        FloatVector x5 = w2.rearrange(ZIP_HI, w6);
        FloatVector x6 = w3.rearrange(ZIP_LO, w7);
        FloatVector x7 = w3.rearrange(ZIP_HI, w7);
        x0.intoArray(dst, d);
        x1.intoArray(dst, d + 1 * ds);
        x2.intoArray(dst, d + 2 * ds);
        x3.intoArray(dst, d + 3 * ds);
        x4.intoArray(dst, d + 4 * ds);
        x5.intoArray(dst, d + 5 * ds);
        x6.intoArray(dst, d + 6 * ds);
        x7.intoArray(dst, d + 7 * ds);
    }
}
