package dev.dendrite.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies blocks of {@code op(A)} and {@code op(B)} into the contiguous panel
 * layouts that {@link VectorGemm}'s micro-kernel reads, straight from either
 * stored layout, so a transpose is never materialised. Edges are padded with
 * zeros: the micro-kernel then always runs full width and its padded lanes add
 * nothing.
 *
 * <ul>
 *   <li>A block {@code [mc, kc]}: micro-panels of {@code MR} rows; element
 *       {@code (r, p)} of micro-panel {@code q} is at {@code q*MR*kc + p*MR + r}.</li>
 *   <li>B block {@code [kc, nc]}: panels of {@code NR} columns; element
 *       {@code (p, j)} of panel {@code q} is at {@code q*NR*kc + p*NR + j}. Panels
 *       are contiguous: spacing them by a power of two would make them compete
 *       for the same cache sets.</li>
 * </ul>
 */
final class GemmPack {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = VectorGemm.MR;
    static final int NR = VectorGemm.NR;

    /** Interleave the low halves of two vectors lane by lane: {@code a0 b0 a1 b1 ...}. */
    private static final VectorShuffle<Float> ZIP_LO = zip(1, 0);
    /** The same for the high halves. */
    private static final VectorShuffle<Float> ZIP_HI = zip(1, L / 2);
    /** Interleave pairs of lanes from the low halves: {@code a0 a1 b0 b1 a2 a3 b2 b3 ...}. */
    private static final VectorShuffle<Float> ZIP2_LO = zip(2, 0);
    /** The same for the high halves. */
    private static final VectorShuffle<Float> ZIP2_HI = zip(2, L / 2);

    /** Interleave blocks of four lanes (one micro-panel row group) from the low halves. */
    private static final VectorShuffle<Float> ZIP4_LO = zip(4, 0);
    /** The same for the high halves. */
    private static final VectorShuffle<Float> ZIP4_HI = zip(4, L / 2);
    /** Interleave blocks of eight lanes from the low halves (used when L is 16). */
    private static final VectorShuffle<Float> ZIP8_LO = L >= 16 ? zip(8, 0) : null;
    /** The same for the high halves. */
    private static final VectorShuffle<Float> ZIP8_HI = L >= 16 ? zip(8, L / 2) : null;

    /** Depth rows per chunk when packing a transposed B, so the panel being written stays in L1. */
    private static final int TRANS_CHUNK = 128;

    private GemmPack() {
    }

    /** Packs rows {@code [i0, i0+mc)} and depth {@code [p0, p0+kc)} of {@code op(A)} at {@code dst[dstOff]}. */
    static void packA(boolean transA, float[] a, int aOff, int lda,
                      int i0, int mc, int p0, int kc, float[] dst, int dstOff) {
        int ir0 = 0;
        if (transA && (L == 8 || L == 16)) {
            // L/4 full micro-panels at a time, four depth values at a time (see packAColsBlock)
            int panels = L / MR;
            int kc4 = kc & ~3;
            for (; ir0 + L <= mc; ir0 += L) {
                int src = aOff + p0 * lda + i0 + ir0;
                int base = dstOff + ir0 * kc;
                packAColsBlock(a, src, lda, kc4, dst, base, kc);
                if (kc4 < kc) {
                    for (int q = 0; q < panels; q++) {
                        packACols(a, src + kc4 * lda + q * MR, lda, MR, kc - kc4, dst, base + q * MR * kc + kc4 * MR);
                    }
                }
            }
        }
        for (int ir = ir0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int base = dstOff + ir * kc;
            if (!transA) {
                packARows(a, aOff + (i0 + ir) * lda + p0, lda, rows, kc, dst, base);
            } else {
                packACols(a, aOff + p0 * lda + i0 + ir, lda, rows, kc, dst, base);
            }
        }
    }

    /** A stored {@code [m, k]}: four rows are read side by side and interleaved. */
    private static void packARows(float[] a, int src, int lda, int rows, int kc, float[] dst, int base) {
        if (rows == MR) {
            int s0 = src;
            int s1 = src + lda;
            int s2 = src + 2 * lda;
            int s3 = src + 3 * lda;
            int p = 0;
            // L depth values of the four rows at a time: a 4 x L transpose in two rounds of
            // two-vector shuffles (lanes, then pairs of lanes), instead of 4L scalar moves.
            for (int bound = kc - L; p <= bound; p += L) {
                FloatVector r0 = FloatVector.fromArray(S, a, s0 + p);
                FloatVector r1 = FloatVector.fromArray(S, a, s1 + p);
                FloatVector r2 = FloatVector.fromArray(S, a, s2 + p);
                FloatVector r3 = FloatVector.fromArray(S, a, s3 + p);
                FloatVector t0 = r0.rearrange(ZIP_LO, r1);
                FloatVector t1 = r0.rearrange(ZIP_HI, r1);
                FloatVector t2 = r2.rearrange(ZIP_LO, r3);
                FloatVector t3 = r2.rearrange(ZIP_HI, r3);
                int d = base + p * MR;
                t0.rearrange(ZIP2_LO, t2).intoArray(dst, d);
                t0.rearrange(ZIP2_HI, t2).intoArray(dst, d + L);
                t1.rearrange(ZIP2_LO, t3).intoArray(dst, d + 2 * L);
                t1.rearrange(ZIP2_HI, t3).intoArray(dst, d + 3 * L);
            }
            for (; p < kc; p++) {
                int d = base + p * MR;
                dst[d] = a[s0 + p];
                dst[d + 1] = a[s1 + p];
                dst[d + 2] = a[s2 + p];
                dst[d + 3] = a[s3 + p];
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            int d = base + p * MR;
            for (int r = 0; r < MR; r++) {
                dst[d + r] = r < rows ? a[src + r * lda + p] : 0f;
            }
        }
    }

    /**
     * The shuffle that interleaves groups of {@code group} lanes taken alternately
     * from two vectors, starting at lane {@code from} of each: lane sources at or
     * above the vector length pick from the second vector.
     */
    private static VectorShuffle<Float> zip(int group, int from) {
        int[] src = new int[L];
        for (int lane = 0; lane < L; lane++) {
            int g = lane / group;
            int within = lane % group;
            int index = from + (g / 2) * group + within;
            src[lane] = g % 2 == 0 ? index : L + index;
        }
        return VectorShuffle.fromArray(S, src, 0);
    }

    /**
     * A stored {@code [k, m]}, {@code L/4} whole micro-panels side by side: for depth
     * values {@code p..p+3} one vector load per depth row covers all their columns,
     * and the panels' 4 x 4 blocks are a transpose of 4-lane groups (two shuffle
     * rounds when L is 16, one when it is 8). {@code kc4} is a multiple of 4;
     * micro-panel {@code q} starts at {@code base + q * MR * stride}.
     */
    private static void packAColsBlock(float[] a, int src, int lda, int kc4, float[] dst, int base, int stride) {
        for (int p = 0; p < kc4; p += 4) {
            int s = src + p * lda;
            FloatVector r0 = FloatVector.fromArray(S, a, s);
            FloatVector r1 = FloatVector.fromArray(S, a, s + lda);
            FloatVector r2 = FloatVector.fromArray(S, a, s + 2 * lda);
            FloatVector r3 = FloatVector.fromArray(S, a, s + 3 * lda);
            int d = base + p * MR;
            if (L == 16) {
                FloatVector t0 = r0.rearrange(ZIP4_LO, r1);
                FloatVector t1 = r0.rearrange(ZIP4_HI, r1);
                FloatVector t2 = r2.rearrange(ZIP4_LO, r3);
                FloatVector t3 = r2.rearrange(ZIP4_HI, r3);
                t0.rearrange(ZIP8_LO, t2).intoArray(dst, d);
                t0.rearrange(ZIP8_HI, t2).intoArray(dst, d + MR * stride);
                t1.rearrange(ZIP8_LO, t3).intoArray(dst, d + 2 * MR * stride);
                t1.rearrange(ZIP8_HI, t3).intoArray(dst, d + 3 * MR * stride);
            } else {
                r0.rearrange(ZIP4_LO, r1).intoArray(dst, d);
                r2.rearrange(ZIP4_LO, r3).intoArray(dst, d + L);
                r0.rearrange(ZIP4_HI, r1).intoArray(dst, d + MR * stride);
                r2.rearrange(ZIP4_HI, r3).intoArray(dst, d + MR * stride + L);
            }
        }
    }

    /** A stored {@code [k, m]}: the {@code MR} values for one depth index are already adjacent. */
    private static void packACols(float[] a, int src, int lda, int rows, int kc, float[] dst, int base) {
        if (rows == MR) {
            for (int p = 0; p < kc; p++) {
                int s = src + p * lda;
                int d = base + p * MR;
                dst[d] = a[s];
                dst[d + 1] = a[s + 1];
                dst[d + 2] = a[s + 2];
                dst[d + 3] = a[s + 3];
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            int s = src + p * lda;
            int d = base + p * MR;
            for (int r = 0; r < MR; r++) {
                dst[d + r] = r < rows ? a[s + r] : 0f;
            }
        }
    }

    /**
     * Packs depth {@code [p0, p0+kc)} of columns {@code [j0, j0+nc)} of {@code op(B)}
     * into panels of {@code NR} columns, one after another from {@code dst[dstOff]}.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb,
                      int p0, int kc, int j0, int nc, float[] dst, int dstOff) {
        for (int q = 0; q * NR < nc; q++) {
            int j = j0 + q * NR;
            int cols = Math.min(NR, j0 + nc - j);
            int base = dstOff + q * NR * kc;
            if (!transB) {
                packBRows(b, bOff + p0 * ldb + j, ldb, kc, cols, dst, base);
            } else {
                packBCols(b, bOff + j * ldb + p0, ldb, kc, cols, dst, base);
            }
        }
    }

    /** B stored {@code [k, n]}: each panel row is a contiguous run, copied as two vectors. */
    private static void packBRows(float[] b, int src, int ldb, int k, int cols, float[] dst, int base) {
        if (cols == NR) {
            // Vector copies beat System.arraycopy for runs of NR floats (no call overhead per row).
            for (int p = 0; p < k; p++) {
                int s = src + p * ldb;
                int d = base + p * NR;
                FloatVector.fromArray(S, b, s).intoArray(dst, d);
                FloatVector.fromArray(S, b, s + L).intoArray(dst, d + L);
            }
            return;
        }
        for (int p = 0; p < k; p++) {
            int s = src + p * ldb;
            int d = base + p * NR;
            for (int j = 0; j < NR; j++) {
                dst[d + j] = j < cols ? b[s + j] : 0f;
            }
        }
    }

    /**
     * B stored {@code [n, k]}: each column of the panel is a contiguous row of the
     * array, so the panel is a transpose. A full panel is transposed L depth values
     * at a time, as two L x L blocks in registers ({@link #transpose16},
     * {@link #transpose8}); the rest (an edge panel, a depth tail) is copied by
     * rows in depth chunks so the strided writes land in lines still in L1.
     */
    private static void packBCols(float[] b, int src, int ldb, int k, int cols, float[] dst, int base) {
        int start = 0;
        if (cols == NR && (L == 16 || L == 8)) {
            for (; start + L <= k; start += L) {
                for (int h = 0; h < 2; h++) {
                    int s = src + h * L * ldb + start;
                    int d = base + start * NR + h * L;
                    if (L == 16) {
                        transpose16(b, s, ldb, dst, d);
                    } else {
                        transpose8(b, s, ldb, dst, d);
                    }
                }
            }
        }
        for (int p0 = start; p0 < k; p0 += TRANS_CHUNK) {
            int p1 = Math.min(k, p0 + TRANS_CHUNK);
            for (int j = 0; j < NR; j++) {
                if (j < cols) {
                    int s = src + j * ldb;
                    for (int p = p0; p < p1; p++) {
                        dst[base + p * NR + j] = b[s + p];
                    }
                } else {
                    for (int p = p0; p < p1; p++) {
                        dst[base + p * NR + j] = 0f;
                    }
                }
            }
        }
    }

    // The transposes: log2(L) rounds of lane interleaves, each pairing vector i with
    // vector i + L/2; after the last round vector j holds column j. Unrolled by hand
    // because vectors kept in an array would be boxed.

    /** Transposes the 16 x 16 block at rows {@code src + r * ldb}: depth row p goes to {@code dst[d + p * NR]}. */
    private static void transpose16(float[] b, int src, int ldb, float[] dst, int d) {
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
        y1.intoArray(dst, d + 1 * NR);
        y2.intoArray(dst, d + 2 * NR);
        y3.intoArray(dst, d + 3 * NR);
        y4.intoArray(dst, d + 4 * NR);
        y5.intoArray(dst, d + 5 * NR);
        y6.intoArray(dst, d + 6 * NR);
        y7.intoArray(dst, d + 7 * NR);
        y8.intoArray(dst, d + 8 * NR);
        y9.intoArray(dst, d + 9 * NR);
        y10.intoArray(dst, d + 10 * NR);
        y11.intoArray(dst, d + 11 * NR);
        y12.intoArray(dst, d + 12 * NR);
        y13.intoArray(dst, d + 13 * NR);
        y14.intoArray(dst, d + 14 * NR);
        y15.intoArray(dst, d + 15 * NR);
    }

    /** Transposes the 8 x 8 block at rows {@code src + r * ldb}: depth row p goes to {@code dst[d + p * NR]}. */
    private static void transpose8(float[] b, int src, int ldb, float[] dst, int d) {
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
        x1.intoArray(dst, d + 1 * NR);
        x2.intoArray(dst, d + 2 * NR);
        x3.intoArray(dst, d + 3 * NR);
        x4.intoArray(dst, d + 4 * NR);
        x5.intoArray(dst, d + 5 * NR);
        x6.intoArray(dst, d + 6 * NR);
        x7.intoArray(dst, d + 7 * NR);
    }

}
