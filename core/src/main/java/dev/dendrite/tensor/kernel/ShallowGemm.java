package dev.dendrite.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM for a shallow product ({@code k} at most {@value #MAX_K}), such as the
 * input gradient through a classifier's output layer
 * ({@code C[128, 128] = dY[128, 10] · W[128, 10]ᵀ}). With so little depth every
 * tile of C is a chain of at most sixteen FMAs, so what surrounds the chain (the
 * packing, a call per tile, the loop set-up) costs as much as the arithmetic.
 * Here {@code op(B)} becomes one row-major {@code [k, n]} block: a B stored
 * {@code [k, n]} is read in place, a transposed one is transposed once per call
 * in L x L register blocks ({@link BlockTranspose}); a transposed A is
 * turned into rows the same way. One method then walks a whole band of rows
 * with {@link MicroKernel}'s 4 x 2-vector tile, A's four rows read in place, the
 * first step of each chain a multiply instead of an FMA into zero. Edge rows
 * and columns rerun the last block overlapped with the one before, so every
 * block is full and needs no masks; an edge of at most one vector takes an
 * 8 x 1-vector tile, half a panel's work. An element of C gets the same
 * arithmetic whatever the thread count or the overlap. Same contract as
 * {@link Gemm}; checked against {@link ScalarGemm} by {@code ShallowGemmTest}.
 * The measurements behind it are in docs/benchmarks.md (AVX2).
 */
final class ShallowGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = VectorGemm.MR;
    private static final int NR = VectorGemm.NR;
    /** Deepest product taken: from about 16 on, VectorGemm's packed depth blocks do as well. */
    static final int MAX_K = 16;
    /** Chunks of rows per thread when a call is split. */
    private static final int CHUNKS_PER_THREAD = 4;

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {
        new float[0], new float[MR * NR], new float[0]});

    private ShallowGemm() {
    }

    /**
     * Whether {@link VectorGemm} sends shallow products here: with 8-lane vectors
     * (AVX2) only. With 16 lanes (AVX-512) the general path already runs these
     * shapes at 1.1-1.2x OpenBLAS, and this kernel's 16x16 register transposes
     * cost C2 enough compile time to slow a short run's start by about 0.1 s
     * (docs/benchmarks.md, AVX2 section). Tests call {@link #sgemm} directly at
     * every width.
     */
    static final boolean DISPATCHED = L == 8;

    /** Whether {@link #sgemm} takes this product (sizes already checked non-empty by the caller). */
    static boolean handles(boolean transA, int m, int n, int k) {
        return k <= MAX_K && n >= NR && m >= MR && (long) n * k <= 1 << 20 && (!transA || (long) m * k <= 1 << 20);
    }

    /** {@code C = alpha * op(A) op(B) + beta * C} for a product that {@link #handles} accepts; m, n, k > 0. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        int full = n / NR * NR;
        int edge = n - full;
        float[][] own = SCRATCH.get();
        float[] bt = b;
        int bo = bOff;
        int ldt = ldb;
        if (transB) {
            // all of op(B) as [k, n]
            ldt = n;
            bt = grow(own, 0, Math.max(k, L) * n);
            bo = 0;
            packTransposed(b, bOff, ldb, n, k, bt, n);
        }
        float[] as = a;
        int ao = aOff;
        int rs = lda;
        if (transA) {
            // op(A) as [m, k]: the same transpose, with A's k rows of m as the block to turn
            as = grow(own, 2, Math.max(m, L) * k);
            packTransposed(a, aOff, lda, k, m, as, k);
            ao = 0;
            rs = k;
        }
        int parts = 2.0 * m * n * k < VectorGemm.PARALLEL_FLOPS ? 1 : GemmPool.parallelism();
        int units = m / MR;
        int chunks = parts == 1 ? 1 : Math.min(units, CHUNKS_PER_THREAD * parts);
        if (chunks == 1) {
            band(k, as, ao, rs, 0, m, bt, bo, ldt, full, edge, alpha, beta, c, cOff, ldc, own[1]);
            return;
        }
        float[] ass = as;
        int aos = ao;
        int rss = rs;
        float[] bts = bt;
        int bos = bo;
        int ldts = ldt;
        GemmPool.run(chunks, r -> {
            int i0 = (int) ((long) r * units / chunks) * MR;
            int i1 = r == chunks - 1 ? m : (int) ((long) (r + 1) * units / chunks) * MR;
            band(k, ass, aos, rss, i0, i1, bts, bos, ldts, full, edge, alpha, beta, c, cOff, ldc, SCRATCH.get()[1]);
        });
    }

    private static float[] grow(float[][] own, int slot, int size) {
        if (own[slot].length < size) {
            own[slot] = new float[size];
        }
        return own[slot];
    }

    /**
     * Rows {@code [i0, i1)} of C (at least MR of them): the full panels, then the
     * last NR columns when NR does not divide n, overlapping the panel before.
     */
    private static void band(int k, float[] a, int aOff, int lda, int i0, int i1,
                             float[] bt, int bo, int ldt, int full, int edge,
                             float alpha, float beta, float[] c, int cOff, int ldc, float[] tile) {
        panels(k, a, aOff, lda, i0, i1, bt, bo, ldt, full, 0, alpha, beta, c, cOff, ldc, tile);
        if (edge > 0 && edge <= L && i1 - i0 >= 2 * MR) {
            // one vector wide suffices: half the work of a panel, eight rows for eight accumulators
            int j = full + edge - L;
            column(k, a, aOff, lda, i0, i1, bt, bo + j, ldt, L - edge, alpha, beta, c, cOff + j, ldc, tile);
        } else if (edge > 0) {
            int j = full + edge - NR;
            panels(k, a, aOff, lda, i0, i1, bt, bo + j, ldt, NR, NR - edge, alpha, beta, c, cOff + j, ldc, tile);
        }
    }

    /**
     * The L columns of rows {@code [i0, i1)} (at least 2 MR of them) at {@code ci0},
     * eight rows by one vector at a time, overlapped like {@link #panels}; with
     * beta not 0 only columns from {@code skip} on are merged.
     */
    private static void column(int k, float[] a, int aOff, int lda, int i0, int i1,
                               float[] bt, int bo, int ldt, int skip,
                               float alpha, float beta, float[] c, int ci0, int ldc, float[] tile) {
        int h = 2 * MR;
        for (int i = i0; i < i1; i += h) {
            int at = Math.min(i, i1 - h);
            int a0 = aOff + at * lda;
            int bq = bo;
            FloatVector b0 = FloatVector.fromArray(S, bt, bq);
            FloatVector c0 = FloatVector.broadcast(S, a[a0]).mul(b0);
            FloatVector c1 = FloatVector.broadcast(S, a[a0 + lda]).mul(b0);
            FloatVector c2 = FloatVector.broadcast(S, a[a0 + 2 * lda]).mul(b0);
            FloatVector c3 = FloatVector.broadcast(S, a[a0 + 3 * lda]).mul(b0);
            FloatVector c4 = FloatVector.broadcast(S, a[a0 + 4 * lda]).mul(b0);
            FloatVector c5 = FloatVector.broadcast(S, a[a0 + 5 * lda]).mul(b0);
            FloatVector c6 = FloatVector.broadcast(S, a[a0 + 6 * lda]).mul(b0);
            FloatVector c7 = FloatVector.broadcast(S, a[a0 + 7 * lda]).mul(b0);
            for (int p = 1; p < k; p++) {
                bq += ldt;
                b0 = FloatVector.fromArray(S, bt, bq);
                c0 = FloatVector.broadcast(S, a[a0 + p]).fma(b0, c0);
                c1 = FloatVector.broadcast(S, a[a0 + lda + p]).fma(b0, c1);
                c2 = FloatVector.broadcast(S, a[a0 + 2 * lda + p]).fma(b0, c2);
                c3 = FloatVector.broadcast(S, a[a0 + 3 * lda + p]).fma(b0, c3);
                c4 = FloatVector.broadcast(S, a[a0 + 4 * lda + p]).fma(b0, c4);
                c5 = FloatVector.broadcast(S, a[a0 + 5 * lda + p]).fma(b0, c5);
                c6 = FloatVector.broadcast(S, a[a0 + 6 * lda + p]).fma(b0, c6);
                c7 = FloatVector.broadcast(S, a[a0 + 7 * lda + p]).fma(b0, c7);
            }
            int ci = ci0 + at * ldc;
            if (beta == 0f && alpha == 1f) {
                c0.intoArray(c, ci);
                c1.intoArray(c, ci + ldc);
                c2.intoArray(c, ci + 2 * ldc);
                c3.intoArray(c, ci + 3 * ldc);
                c4.intoArray(c, ci + 4 * ldc);
                c5.intoArray(c, ci + 5 * ldc);
                c6.intoArray(c, ci + 6 * ldc);
                c7.intoArray(c, ci + 7 * ldc);
            } else {
                c0.intoArray(tile, 0);
                c1.intoArray(tile, L);
                c2.intoArray(tile, 2 * L);
                c3.intoArray(tile, 3 * L);
                c4.intoArray(tile, 4 * L);
                c5.intoArray(tile, 5 * L);
                c6.intoArray(tile, 6 * L);
                c7.intoArray(tile, 7 * L);
                int from = beta == 0f ? 0 : i - at;
                int j0 = beta == 0f ? 0 : skip;
                for (int r = from; r < h; r++) {
                    int o = ci + r * ldc;
                    for (int jj = j0; jj < L; jj++) {
                        float v = alpha * tile[r * L + jj];
                        c[o + jj] = beta == 0f ? v : v + beta * c[o + jj];
                    }
                }
            }
        }
    }

    /**
     * The first {@code w} columns (a multiple of NR) of rows {@code [i0, i1)} of C at
     * {@code ci0}, from B rows at {@code bt[bo + p * ldt]}. Edge rows and columns are
     * recomputed by overlapping blocks: with beta 0 the repeated values are simply
     * stored again (they are the same bits), otherwise only rows from the first new
     * one and columns from {@code skip} on are merged. Kept in one method so the
     * accumulators stay in registers from the first multiply to the store.
     */
    private static void panels(int k, float[] a, int aOff, int lda, int i0, int i1,
                               float[] bt, int bo, int ldt, int w, int skip,
                               float alpha, float beta, float[] c, int ci0, int ldc, float[] tile) {
        boolean store = beta == 0f;
        for (int i = i0; i < i1; i += MR) {
            int at = Math.min(i, i1 - MR);
            int a0 = aOff + at * lda;
            int a1 = a0 + lda;
            int a2 = a1 + lda;
            int a3 = a2 + lda;
            for (int j = 0; j < w; j += NR) {
                int bq = bo + j;
                FloatVector b0 = FloatVector.fromArray(S, bt, bq);
                FloatVector b1 = FloatVector.fromArray(S, bt, bq + L);
                FloatVector x = FloatVector.broadcast(S, a[a0]);
                FloatVector c00 = x.mul(b0);
                FloatVector c01 = x.mul(b1);
                x = FloatVector.broadcast(S, a[a1]);
                FloatVector c10 = x.mul(b0);
                FloatVector c11 = x.mul(b1);
                x = FloatVector.broadcast(S, a[a2]);
                FloatVector c20 = x.mul(b0);
                FloatVector c21 = x.mul(b1);
                x = FloatVector.broadcast(S, a[a3]);
                FloatVector c30 = x.mul(b0);
                FloatVector c31 = x.mul(b1);
                for (int p = 1; p < k; p++) {
                    bq += ldt;
                    b0 = FloatVector.fromArray(S, bt, bq);
                    b1 = FloatVector.fromArray(S, bt, bq + L);
                    x = FloatVector.broadcast(S, a[a0 + p]);
                    c00 = x.fma(b0, c00);
                    c01 = x.fma(b1, c01);
                    x = FloatVector.broadcast(S, a[a1 + p]);
                    c10 = x.fma(b0, c10);
                    c11 = x.fma(b1, c11);
                    x = FloatVector.broadcast(S, a[a2 + p]);
                    c20 = x.fma(b0, c20);
                    c21 = x.fma(b1, c21);
                    x = FloatVector.broadcast(S, a[a3 + p]);
                    c30 = x.fma(b0, c30);
                    c31 = x.fma(b1, c31);
                }
                int ci = ci0 + at * ldc + j;
                if (store) {
                    if (alpha != 1f) {
                        c00 = c00.mul(alpha);
                        c01 = c01.mul(alpha);
                        c10 = c10.mul(alpha);
                        c11 = c11.mul(alpha);
                        c20 = c20.mul(alpha);
                        c21 = c21.mul(alpha);
                        c30 = c30.mul(alpha);
                        c31 = c31.mul(alpha);
                    }
                    c00.intoArray(c, ci);
                    c01.intoArray(c, ci + L);
                    c10.intoArray(c, ci + ldc);
                    c11.intoArray(c, ci + ldc + L);
                    c20.intoArray(c, ci + 2 * ldc);
                    c21.intoArray(c, ci + 2 * ldc + L);
                    c30.intoArray(c, ci + 3 * ldc);
                    c31.intoArray(c, ci + 3 * ldc + L);
                } else {
                    c00.intoArray(tile, 0);
                    c01.intoArray(tile, L);
                    c10.intoArray(tile, 2 * L);
                    c11.intoArray(tile, 3 * L);
                    c20.intoArray(tile, 4 * L);
                    c21.intoArray(tile, 5 * L);
                    c30.intoArray(tile, 6 * L);
                    c31.intoArray(tile, 7 * L);
                    merge(tile, i - at, skip, alpha, beta, c, ci, ldc);
                }
            }
        }
    }

    /** {@code C = alpha * tile + beta * C} for rows from {@code r0} and columns from {@code j0} of a parked tile. */
    private static void merge(float[] tile, int r0, int j0, float alpha, float beta, float[] c, int ci, int ldc) {
        for (int r = r0; r < MR; r++) {
            int o = ci + r * ldc;
            if (j0 == 0) {
                FloatVector x0 = FloatVector.fromArray(S, tile, r * NR).mul(alpha);
                FloatVector x1 = FloatVector.fromArray(S, tile, r * NR + L).mul(alpha);
                FloatVector.fromArray(S, c, o).mul(beta).add(x0).intoArray(c, o);
                FloatVector.fromArray(S, c, o + L).mul(beta).add(x1).intoArray(c, o + L);
            } else {
                for (int j = j0; j < NR; j++) {
                    c[o + j] = alpha * tile[r * NR + j] + beta * c[o + j];
                }
            }
        }
    }

    /**
     * {@code bt[p * ldt + j] = b[bOff + j * ldb + p]} for the n x k block of B.
     * Whole blocks of L rows of B are transposed in registers. When L does not
     * divide k the last depth block overlaps the one before. A k below L is read
     * as L floats a row anyway, the tail from the next row or the padding: it only
     * fills rows k to L of bt (which holds {@code max(k, L)} rows), and the kernel
     * never reads them; such blocks stop where that read would leave the array.
     * Rows of B past the last block are copied one element at a time.
     */
    static void packTransposed(float[] b, int bOff, int ldb, int n, int k, float[] bt, int ldt) {
        int jv = BlockTranspose.available() ? n / L * L : 0;
        while (k < L && jv > 0 && bOff + (jv - 1) * ldb + L > b.length) {
            jv -= L;
        }
        for (int j = 0; j < jv; j += L) {
            for (int p0 = 0; p0 < k; p0 += L) {
                int p = Math.max(0, Math.min(p0, k - L));
                BlockTranspose.block(b, bOff + j * ldb + p, ldb, bt, p * ldt + j, ldt);
            }
        }
        for (int j = jv; j < n; j++) {
            int s = bOff + j * ldb;
            for (int p = 0; p < k; p++) {
                bt[p * ldt + j] = b[s + p];
            }
        }
    }
}
