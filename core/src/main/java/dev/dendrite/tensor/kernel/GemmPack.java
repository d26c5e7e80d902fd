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
     * at a time, as two L x L blocks through registers ({@link #transpose}); the
     * rest (an edge panel, a depth tail) is copied by rows in depth chunks so the
     * strided writes land in lines still in L1.
     */
    private static void packBCols(float[] b, int src, int ldb, int k, int cols, float[] dst, int base) {
        int start = 0;
        if (cols == NR && (L == 16 || L == 8) && k >= L) {
            float[] tmp = TRANSPOSE_SCRATCH.get();
            for (; start + L <= k; start += L) {
                for (int h = 0; h < 2; h++) {
                    transpose(b, src + h * L * ldb + start, ldb, dst, base + start * NR + h * L, tmp);
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

    /** Two L x L blocks for the transpose's intermediate rounds, per thread. */
    private static final ThreadLocal<float[]> TRANSPOSE_SCRATCH = ThreadLocal.withInitial(() -> new float[2 * L * L]);
    /** Rounds of a transpose: log2(L). */
    private static final int ROUNDS = Integer.numberOfTrailingZeros(L);

    /**
     * Transposes the L x L block at rows {@code src + r * ldb}: depth row p goes to
     * {@code dst[d + p * NR]}. log2(L) rounds of lane interleaves, each pairing
     * vector i with vector i + L/2; after the last round vector j holds column j.
     * The rounds pass through {@code tmp} (two blocks, alternately read and
     * written) rather than registers: written out by hand the sixteen-lane
     * transpose was 64 shuffles in one method, which C2 took 0.2-0.4 s to compile
     * (in the first epoch, on a core the training needs), while until then it ran
     * boxed in C1 at a hundredth of the speed. The loop compiles in a fraction of
     * that, and the extra L1 loads and stores cost little: the pack is bound by
     * memory traffic, not shuffles.
     */
    private static void transpose(float[] b, int src, int ldb, float[] dst, int d, float[] tmp) {
        int half = L / 2;
        int block = L * L;
        for (int r = 0; r < ROUNDS; r++) {
            float[] in = r == 0 ? b : tmp;
            int inOff = r == 0 ? src : ((r - 1) & 1) * block;
            int inStride = r == 0 ? ldb : L;
            boolean last = r == ROUNDS - 1;
            float[] out = last ? dst : tmp;
            int outOff = last ? d : (r & 1) * block;
            int outStride = last ? NR : L;
            for (int i = 0; i < half; i++) {
                FloatVector x = FloatVector.fromArray(S, in, inOff + i * inStride);
                FloatVector y = FloatVector.fromArray(S, in, inOff + (i + half) * inStride);
                x.rearrange(ZIP_LO, y).intoArray(out, outOff + 2 * i * outStride);
                x.rearrange(ZIP_HI, y).intoArray(out, outOff + (2 * i + 1) * outStride);
            }
        }
    }
}
