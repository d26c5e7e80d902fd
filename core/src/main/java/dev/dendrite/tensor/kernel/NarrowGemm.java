package dev.dendrite.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM kernels for a narrow C, where {@link VectorGemm}'s packed tiles spend more
 * on packing, padding and edge tiles than on arithmetic: a classifier's output
 * layer ({@code n} up to {@value #MAX_N} columns, forward and weight gradient).
 * The input gradient through it, a shallow product, is {@link ShallowGemm}'s.
 * Two kernels, picked by where the contiguous data lie:
 * <ul>
 *   <li>A narrow C with {@code op(A)} stored as {@code [k, m]} (a weight
 *       gradient): a vector runs down a column of C ({@code 2L} rows at a time),
 *       and each of {@value #J} columns gets a broadcast of {@code op(B)}, so A
 *       is read in place and every lane does useful work.</li>
 *   <li>With A stored as rows, the outer-product tile of {@link MicroKernel}
 *       (4 rows by {@link VectorGemm#NR} columns) over the whole depth, with B
 *       packed once for the call and A read in place, taken only when the panel
 *       is at least half used: 9 to 12 columns of AVX2's 16; the edge panel
 *       uses masked stores.</li>
 * </ul>
 * Only {@code op(B)} is copied in full (at most {@code 15 k} or {@code NR k}
 * floats). Edge rows are handled by running the last block of a band overlapped
 * with the one before and storing only its new rows, so every block is full.
 * Large calls are cut into bands of rows for {@link GemmPool}. Same contract as
 * {@link Gemm}; checked against {@link ScalarGemm} by {@code NarrowGemmTest}.
 * The measurements that chose these limits are in docs/benchmarks.md (AVX2).
 */
final class NarrowGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns of C per pass of the narrow kernels: 2 x 5 accumulators leave registers for the operands. */
    static final int J = 5;
    /** Widest C the narrow kernels take. */
    static final int MAX_N = 12;
    private static final int MR = VectorGemm.MR;
    private static final int NR = VectorGemm.NR;
    /** Chunks of rows per thread when a call is split. */
    private static final int CHUNKS_PER_THREAD = 4;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private NarrowGemm() {
    }

    /** Whether {@link #sgemm} takes this product (sizes already checked non-empty by the caller). */
    static boolean handles(boolean transA, int m, int n, int k) {
        return columns(transA, m, n) || rows(transA, m, n);
    }

    /** A narrow C with A stored {@code [k, m]}: vectors down C's columns. */
    private static boolean columns(boolean transA, int m, int n) {
        return transA && n <= MAX_N && m >= 2 * L && m > n;
    }

    /**
     * A narrow C with A stored {@code [m, k]}: outer-product tiles one panel wide,
     * when the panel is at least half used (AVX2's 16 lanes for 9 to 12 columns).
     */
    private static boolean rows(boolean transA, int m, int n) {
        return !transA && n <= MAX_N && 2 * n > NR && m >= MR;
    }

    /** {@code C = alpha * op(A) op(B) + beta * C} for a product that {@link #handles} accepts; m, n, k > 0. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        int parts = 2.0 * m * n * k < VectorGemm.PARALLEL_FLOPS ? 1 : GemmPool.parallelism();
        Scratch own = SCRATCH.get();
        if (columns(transA, m, n)) {
            int groups = (n + J - 1) / J;
            float[] bp = own.b(groups * J * k);
            packColumnsOfB(transB, b, bOff, ldb, n, k, groups, bp);
            bands(m, 2 * L, parts, (i0, i1, buf) -> {
                for (int i = i0; i < i1; i += 2 * L) {
                    int at = Math.min(i, i1 - 2 * L);
                    for (int g = 0; g < groups; g++) {
                        columnsBlock(k, a, aOff + at, lda, bp, g * J * k, buf.tile);
                        storeColumns(buf.tile, i - at, Math.min(J, n - g * J), alpha, beta,
                                c, cOff + at * ldc + g * J, ldc);
                    }
                }
            });
            return;
        }
        int panels = (n + NR - 1) / NR;
        float[] bp = own.b(panels * NR * k);
        if (n <= NR && !transB) {
            packPanel(b, bOff, ldb, n, k, bp);
        } else {
            GemmPack.packB(transB, b, bOff, ldb, 0, k, 0, n, bp, 0);
        }
        VectorMask<Float> edge0 = S.indexInRange(0, n % NR == 0 ? NR : n % NR);
        VectorMask<Float> edge1 = S.indexInRange(L, n % NR == 0 ? NR : n % NR);
        // only an A stored as rows comes here (see rows): the tile reads its four rows in place
        bands(m, MR, parts, (i0, i1, buf) -> {
            for (int i = i0; i < i1; i += MR) {
                int at = Math.min(i, i1 - MR);
                for (int q = 0; q < panels; q++) {
                    int j = q * NR;
                    boolean full = n - j >= NR;
                    outerTile(k, a, aOff + at * lda, lda, bp, q * NR * k, i - at, full, full ? null : edge0,
                            full ? null : edge1, alpha, beta, c, cOff + at * ldc + j, ldc, buf.tile);
                }
            }
        });
    }

    /** The body run on one band of rows {@code [i0, i1)}, at least one block high. */
    private interface Band {
        void run(int i0, int i1, Scratch buf);
    }

    /** Cuts the m rows into bands of whole blocks (the last band takes the remainder) and runs them. */
    private static void bands(int m, int block, int parts, Band body) {
        int units = m / block;
        int chunks = parts == 1 ? 1 : Math.min(units, CHUNKS_PER_THREAD * parts);
        if (chunks == 1) {
            body.run(0, m, SCRATCH.get());
            return;
        }
        GemmPool.run(chunks, r -> {
            int i0 = (int) ((long) r * units / chunks) * block;
            int i1 = r == chunks - 1 ? m : (int) ((long) (r + 1) * units / chunks) * block;
            body.run(i0, i1, SCRATCH.get());
        });
    }

    /** Packs {@code op(B)} as groups of J columns, each {@code [k, J]} row-major, zero padded. */
    private static void packColumnsOfB(boolean transB, float[] b, int bOff, int ldb, int n, int k,
                                       int groups, float[] bp) {
        for (int g = 0; g < groups; g++) {
            int base = g * J * k;
            for (int p = 0; p < k; p++) {
                for (int jj = 0; jj < J; jj++) {
                    int j = g * J + jj;
                    bp[base + p * J + jj] = j >= n ? 0f : transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                }
            }
        }
    }

    /** Packs the columns of {@code op(B)} as rows: column j at {@code j * k}, rows past n zero. */
    private static void packRowsOfB(boolean transB, float[] b, int bOff, int ldb, int n, int k,
                                    int groups, float[] bp) {
        for (int j = 0; j < groups * J; j++) {
            if (j >= n) {
                java.util.Arrays.fill(bp, j * k, (j + 1) * k, 0f);
            } else if (transB) {
                System.arraycopy(b, bOff + j * ldb, bp, j * k, k);
            } else {
                for (int p = 0; p < k; p++) {
                    bp[j * k + p] = b[bOff + p * ldb + j];
                }
            }
        }
    }

    /**
     * {@code op(A)[at..at+2L) · op(B)[:, g]} for A stored {@code [k, m]} (row p at
     * {@code ao + p * lda}): tile[jj * 2L + r] gets row r, column jj of the block.
     */
    private static void columnsBlock(int k, float[] a, int ao, int lda, float[] bp, int bo, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c02 = FloatVector.zero(S);
        FloatVector c03 = FloatVector.zero(S);
        FloatVector c04 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c12 = FloatVector.zero(S);
        FloatVector c13 = FloatVector.zero(S);
        FloatVector c14 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int s = ao + p * lda;
            int q = bo + p * J;
            FloatVector a0 = FloatVector.fromArray(S, a, s);
            FloatVector a1 = FloatVector.fromArray(S, a, s + L);
            FloatVector x = FloatVector.broadcast(S, bp[q]);
            c00 = a0.fma(x, c00);
            c10 = a1.fma(x, c10);
            x = FloatVector.broadcast(S, bp[q + 1]);
            c01 = a0.fma(x, c01);
            c11 = a1.fma(x, c11);
            x = FloatVector.broadcast(S, bp[q + 2]);
            c02 = a0.fma(x, c02);
            c12 = a1.fma(x, c12);
            x = FloatVector.broadcast(S, bp[q + 3]);
            c03 = a0.fma(x, c03);
            c13 = a1.fma(x, c13);
            x = FloatVector.broadcast(S, bp[q + 4]);
            c04 = a0.fma(x, c04);
            c14 = a1.fma(x, c14);
        }
        c00.intoArray(tile, 0);
        c10.intoArray(tile, L);
        c01.intoArray(tile, 2 * L);
        c11.intoArray(tile, 3 * L);
        c02.intoArray(tile, 4 * L);
        c12.intoArray(tile, 5 * L);
        c03.intoArray(tile, 6 * L);
        c13.intoArray(tile, 7 * L);
        c04.intoArray(tile, 8 * L);
        c14.intoArray(tile, 9 * L);
    }

    /** Rows {@code [from, 2L)} and the first {@code cols} columns of a {@link #columnsBlock} tile into C. */
    private static void storeColumns(float[] tile, int from, int cols, float alpha, float beta,
                                     float[] c, int ci, int ldc) {
        for (int r = from; r < 2 * L; r++) {
            int o = ci + r * ldc;
            for (int jj = 0; jj < cols; jj++) {
                float v = alpha * tile[jj * 2 * L + r];
                c[o + jj] = beta == 0f ? v : v + beta * c[o + jj];
            }
        }
    }

    /** Packs the one panel of a B stored {@code [k, n]} with n at most NR: a vector and a masked vector per row. */
    private static void packPanel(float[] b, int bOff, int ldb, int n, int k, float[] bp) {
        VectorMask<Float> m0 = S.indexInRange(0, n);
        VectorMask<Float> m1 = S.indexInRange(L, n);
        for (int p = 0; p < k; p++) {
            int s = bOff + p * ldb;
            FloatVector.fromArray(S, b, s, m0).intoArray(bp, p * NR);
            FloatVector.fromArray(S, b, s + L, m1).intoArray(bp, p * NR + L);
        }
    }

    /**
     * One {@code MR x NR} tile over a depth of {@code k} (also VectorGemm's tile
     * for an A stored as rows, one depth block at a time): row r of
     * {@code op(A)} at {@code ap[a0 + r * ra + p]}, B as a panel from {@code bi}.
     * Rows before {@code from} belong to the previous tile and are not stored; an
     * edge panel stores only the lanes of its two masks.
     */
    static void outerTile(int k, float[] ap, int a0, int ra, float[] bp, int bi, int from, boolean full,
                                  VectorMask<Float> m0, VectorMask<Float> m1,
                                  float alpha, float beta, float[] c, int ci, int ldc, float[] tile) {
        int a1 = a0 + ra;
        int a2 = a1 + ra;
        int a3 = a2 + ra;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bo = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x = FloatVector.broadcast(S, ap[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        if (from == 0 && full && alpha == 1f && beta == 1f) {
            // a later depth block of VectorGemm: add to C
            c00.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
            c01.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
            c10.add(FloatVector.fromArray(S, c, ci + ldc)).intoArray(c, ci + ldc);
            c11.add(FloatVector.fromArray(S, c, ci + ldc + L)).intoArray(c, ci + ldc + L);
            c20.add(FloatVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
            c21.add(FloatVector.fromArray(S, c, ci + 2 * ldc + L)).intoArray(c, ci + 2 * ldc + L);
            c30.add(FloatVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
            c31.add(FloatVector.fromArray(S, c, ci + 3 * ldc + L)).intoArray(c, ci + 3 * ldc + L);
            return;
        }
        if (from == 0 && full && alpha == 1f && beta == 0f) {
            // the common case in training: plain stores, no scaling
            c00.intoArray(c, ci);
            c01.intoArray(c, ci + L);
            c10.intoArray(c, ci + ldc);
            c11.intoArray(c, ci + ldc + L);
            c20.intoArray(c, ci + 2 * ldc);
            c21.intoArray(c, ci + 2 * ldc + L);
            c30.intoArray(c, ci + 3 * ldc);
            c31.intoArray(c, ci + 3 * ldc + L);
            return;
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, 2 * L);
        c11.intoArray(tile, 3 * L);
        c20.intoArray(tile, 4 * L);
        c21.intoArray(tile, 5 * L);
        c30.intoArray(tile, 6 * L);
        c31.intoArray(tile, 7 * L);
        storeTile(tile, from, MR, full, m0, m1, alpha, beta, c, ci, ldc);
    }

    /**
     * Rows {@code [from, MR)} of a parked tile into C: {@code alpha * tile + beta * C},
     * C not read when beta is 0, an edge panel masked. Vectors stay local: one
     * passed to a method that is not inlined would be boxed.
     */
    private static void storeTile(float[] tile, int from, int rows, boolean full, VectorMask<Float> m0, VectorMask<Float> m1,
                                  float alpha, float beta, float[] c, int ci, int ldc) {
        for (int r = from; r < rows; r++) {
            int o = ci + r * ldc;
            FloatVector x0 = FloatVector.fromArray(S, tile, r * NR).mul(alpha);
            FloatVector x1 = FloatVector.fromArray(S, tile, r * NR + L).mul(alpha);
            if (full) {
                if (beta != 0f) {
                    x0 = FloatVector.fromArray(S, c, o).mul(beta).add(x0);
                    x1 = FloatVector.fromArray(S, c, o + L).mul(beta).add(x1);
                }
                x0.intoArray(c, o);
                x1.intoArray(c, o + L);
            } else {
                if (beta != 0f) {
                    x0 = FloatVector.fromArray(S, c, o, m0).mul(beta).add(x0);
                    x1 = FloatVector.fromArray(S, c, o + L, m1).mul(beta).add(x1);
                }
                x0.intoArray(c, o, m0);
                x1.intoArray(c, o + L, m1);
            }
        }
    }

    /** Per-thread storage, grown on demand and kept. */
    private static final class Scratch {
        final float[] tile = new float[Math.max(2 * J * L, MR * NR)];
        private float[] b = new float[0];

        float[] b(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }
    }
}
