package dev.dendrite.tensor.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;

/**
 * A Vector API GEMM in the Goto/BLIS style: {@code op(B)} is packed into panels of
 * {@link #NR} columns (two vectors of the preferred species: 16 with AVX2, 32 with
 * AVX-512), a transposed {@code op(A)} into micro-panels of {@value #MR} rows, and a
 * register-blocked micro-kernel ({@link MicroKernel}) accumulates each tile of
 * {@code C} in eight vector registers. An A stored as rows is not packed: the
 * same tile reads its four rows in place ({@link NarrowGemm#outerTile}), which
 * saved the 5-7% that its interleaving shuffles cost at the MLP's shapes. Depth is cut into blocks of at most
 * {@link #KC} so a B micro-panel stays in L1 and an A block of up to {@value #MC}
 * rows in L2. Shallow products (depth up to 16) go to {@link ShallowGemm} with AVX2 and a
 * C a few columns wide to {@link NarrowGemm}, where these tiles would spend more
 * on packing and edges than on arithmetic.
 *
 * <p>{@code C} is cut along its longer side into chunks: bands of rows when
 * {@code m >= n}, of columns otherwise. Each thread that takes part packs the
 * other operand whole, once, then takes chunks from a shared counter until none
 * are left, packing only its chunk of the cut operand. Threads never wait for
 * each other, a thread that is scheduled late simply takes fewer chunks (or none,
 * and then packs nothing), and only the smaller operand's packing is repeated.
 * Below about {@value #PARALLEL_FLOPS} floating-point operations everything runs
 * on the calling thread; above, on {@link GemmPool}'s shared daemon threads.
 * Packing buffers are per thread and reused, so steady-state calls allocate only
 * a few small objects; the price is that a thread which ran a large product keeps
 * its buffers (at most about 16 MiB for the whole-packed operand plus one chunk).
 *
 * <p>Same contract as {@link Gemm}; results differ from {@link ScalarGemm} only by
 * float32 rounding (the order of the sums differs and FMA rounds once).
 */
public final class VectorGemm implements Gemm {
    /** Rows of the micro-kernel's tile. */
    static final int MR = 4;
    /** Columns of the micro-kernel's tile: two vectors of the preferred species. */
    static final int NR = 2 * FloatVector.SPECIES_PREFERRED.length();
    /**
     * Largest depth block: a B micro-panel of KC x NR floats is 16 KiB with AVX2 and
     * 32 KiB with AVX-512 (all of Zen 4's L1d; 128 measured the same there).
     */
    static final int KC = 256;
    /** Most rows of A packed per depth block: MC x KC floats is 128 KiB, a quarter of Zen 3's L2. */
    static final int MC = 128;
    /** Most columns of B packed per depth block when B is the operand cut into chunks. */
    static final int NC = 1024;
    /**
     * C narrower than this runs transposed (see {@link #transposed}). Half a tile with
     * AVX-512 (n below 16); with AVX2's 16-wide tile, up to 12 columns: a 10-wide
     * output layer then fills 10 of 12 tile rows instead of 10 of 16 tile columns.
     */
    static final int NARROW = NR == 16 ? 13 : NR / 2;
    /** Products smaller than this stay on the calling thread: a fork costs more than it saves. */
    static final double PARALLEL_FLOPS = 2e6;
    /** Chunks per thread: enough to even out a thread that is descheduled for a while. */
    private static final int CHUNKS_PER_THREAD = 4;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** Most floats of the operand packed whole (16 MiB); beyond it C is done in several passes. */
    private final int packCap;

    /**
     * Fails when 256-bit float vectors are not backed by the hardware, where the
     * Vector API would fall back to slow Java loops; {@link Kernels} then keeps
     * {@link ScalarGemm}.
     */
    public VectorGemm() {
        this(1 << 22);
    }

    /** With a smaller cap on the whole-packed operand, so tests reach the multi-pass paths cheaply. */
    VectorGemm(int packCap) {
        if (FloatVector.SPECIES_PREFERRED.vectorBitSize() < 256) {
            throw new UnsupportedOperationException("VectorGemm needs 256-bit vectors; preferred species is "
                    + FloatVector.SPECIES_PREFERRED);
        }
        this.packCap = packCap;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m=" + m + ", n=" + n + ", k=" + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(beta, c, cOff, ldc, m, n);
            return;
        }
        if (ShallowGemm.DISPATCHED && ShallowGemm.handles(transA, m, n, k)) {
            ShallowGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (NarrowGemm.handles(transA, m, n, k)) {
            NarrowGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (n < NARROW && m > n) {
            transposed(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int parts = 2.0 * m * n * k < PARALLEL_FLOPS ? 1 : GemmPool.parallelism();
        // Depth blocks of equal size, at most KC: k = 300 gives two blocks of 150, not 256 + 44.
        Product p = new Product(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                ceilDiv(k, ceilDiv(k, KC)));
        if (m >= n) {
            int units = ceilDiv(m, MR);
            int chunks = Math.max(ceilDiv(m, MC), Math.min(units, CHUNKS_PER_THREAD * parts));
            int width = Math.max(NR, Math.min(roundUp(n, NR), packCap / k / NR * NR));
            for (int j0 = 0; j0 < n; j0 += width) {
                p.byRows(parts, chunks, j0, Math.min(width, n - j0));
            }
        } else {
            int units = ceilDiv(n, NR);
            int chunks = Math.max(ceilDiv(n, NC), Math.min(units, CHUNKS_PER_THREAD * parts));
            int height = Math.max(MR, Math.min(roundUp(m, MR), packCap / k / MR * MR));
            for (int i0 = 0; i0 < m; i0 += height) {
                p.byColumns(parts, chunks, i0, Math.min(height, m - i0));
            }
        }
    }

    /**
     * A C with fewer than {@link #NARROW} columns (a classifier's output layer) would
     * fill a fraction of every micro-kernel tile, and every tile would be an
     * edge tile. Its transpose {@code Cᵀ = op(B)ᵀ·op(A)ᵀ} has those few columns as
     * rows instead, where the tile is only {@value #MR} high: computed into a
     * per-thread scratch array, then copied into C transposed.
     */
    private void transposed(boolean transA, boolean transB, int m, int n, int k,
                            float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        float[] ct = BUFFERS.get().t(n * m);
        if (beta != 0f) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    ct[j * m + i] = c[cOff + i * ldc + j];
                }
            }
        }
        // op(B)ᵀ is B read with the opposite flag, op(A)ᵀ likewise; leading dimensions stay
        sgemm(!transB, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, ct, 0, m);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = ct[j * m + i];
            }
        }
    }

    /** The arguments of one call, and the loops that run on each participating thread. */
    private record Product(boolean transA, boolean transB, int m, int n, int k, float alpha,
                           float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float beta, float[] c, int cOff, int ldc, int kc) {

        /** Columns {@code [j0, j0+nc)} of C in {@code chunks} bands of rows; B packed whole by each thread. */
        void byRows(int parts, int chunks, int j0, int nc) {
            int units = ceilDiv(m, MR);
            AtomicInteger next = new AtomicInteger();
            GemmPool.run(Math.min(parts, chunks), t -> {
                int r = next.getAndIncrement();
                if (r >= chunks) {
                    return; // started late: the others took everything
                }
                Buffers buf = BUFFERS.get();
                int ncPad = roundUp(nc, NR);
                float[] bPack = buf.b(ncPad * k);
                for (int pc = 0; pc < k; pc += kc) {
                    GemmPack.packB(transB, b, bOff, ldb, pc, Math.min(kc, k - pc), j0, nc, bPack, pc * ncPad);
                }
                boolean inPlace = !transA;
                float[] aPack = inPlace ? null : buf.a(ceilDiv(units, chunks) * MR * kc);
                do {
                    // Chunks differ by at most one micro-panel, so the threads' shares stay even.
                    int i0 = (int) ((long) r * units / chunks) * MR;
                    int mc = Math.min(m, (int) ((long) (r + 1) * units / chunks) * MR) - i0;
                    for (int pc = 0; pc < k; pc += kc) {
                        int kcur = Math.min(kc, k - pc);
                        if (inPlace) {
                            tiles(a, aOff + i0 * lda + pc, lda, bPack, pc * ncPad, kcur, pc == 0, i0, mc, j0, nc, buf);
                        } else {
                            GemmPack.packA(transA, a, aOff, lda, i0, mc, pc, kcur, aPack, 0);
                            tiles(aPack, 0, 0, bPack, pc * ncPad, kcur, pc == 0, i0, mc, j0, nc, buf);
                        }
                    }
                } while ((r = next.getAndIncrement()) < chunks);
            });
        }

        /** Rows {@code [i0, i0+mcAll)} of C in {@code chunks} bands of columns; A packed whole by each thread. */
        void byColumns(int parts, int chunks, int i0, int mcAll) {
            int units = ceilDiv(n, NR);
            AtomicInteger next = new AtomicInteger();
            GemmPool.run(Math.min(parts, chunks), t -> {
                int r = next.getAndIncrement();
                if (r >= chunks) {
                    return;
                }
                Buffers buf = BUFFERS.get();
                int mPad = roundUp(mcAll, MR);
                boolean inPlace = !transA;
                float[] aPack = inPlace ? a : buf.a(mPad * k);
                for (int pc = 0; pc < k && !inPlace; pc += kc) {
                    GemmPack.packA(transA, a, aOff, lda, i0, mcAll, pc, Math.min(kc, k - pc), aPack, pc * mPad);
                }
                float[] bPack = buf.b(ceilDiv(units, chunks) * NR * kc);
                do {
                    int j0 = (int) ((long) r * units / chunks) * NR;
                    int nc = Math.min(n, (int) ((long) (r + 1) * units / chunks) * NR) - j0;
                    for (int pc = 0; pc < k; pc += kc) {
                        int kcur = Math.min(kc, k - pc);
                        GemmPack.packB(transB, b, bOff, ldb, pc, kcur, j0, nc, bPack, 0);
                        for (int ic = 0; ic < mcAll; ic += MC) {
                            tiles(aPack, inPlace ? aOff + (i0 + ic) * lda + pc : pc * mPad + ic * kcur,
                                    inPlace ? lda : 0, bPack, 0, kcur, pc == 0,
                                    i0 + ic, Math.min(MC, mcAll - ic), j0, nc, buf);
                        }
                    }
                } while ((r = next.getAndIncrement()) < chunks);
            });
        }

        /**
         * Runs the micro-kernel over an A block ({@code mc} rows) and a packed B
         * block ({@code nc} columns) of one depth block, for C rows from {@code i0}
         * and columns from {@code j0}. A is packed when {@code aLd} is 0, else read
         * in place with that row stride (a short last micro-panel is packed into
         * scratch first). Beta applies only on the first depth block; later blocks
         * accumulate.
         */
        private void tiles(float[] aSrc, int aBase, int aLd, float[] bPack, int bBase, int kcur, boolean first,
                           int i0, int mc, int j0, int nc, Buffers buf) {
            float betaNow = first ? beta : 1f;
            for (int jr = 0; jr < nc; jr += NR) {
                int cols = Math.min(NR, nc - jr);
                int bi = bBase + jr * kcur;
                for (int ir = 0; ir < mc; ir += MR) {
                    int rows = Math.min(MR, mc - ir);
                    int ci = cOff + (i0 + ir) * ldc + j0 + jr;
                    if (aLd == 0) {
                        MicroKernel.run(kcur, aSrc, aBase + ir * kcur, bPack, bi, c, ci, ldc, rows, cols,
                                alpha, betaNow, buf.tile);
                    } else if (rows == MR) {
                        boolean full = cols == NR;
                        NarrowGemm.outerTile(kcur, aSrc, aBase + ir * aLd, aLd, bPack, bi, 0, full,
                                full ? null : FloatVector.SPECIES_PREFERRED.indexInRange(0, cols),
                                full ? null : FloatVector.SPECIES_PREFERRED.indexInRange(NR / 2, cols),
                                alpha, betaNow, c, ci, ldc, buf.tile);
                    } else {
                        GemmPack.packA(false, aSrc, aBase + ir * aLd, aLd, 0, rows, 0, kcur, buf.edge, 0);
                        MicroKernel.run(kcur, buf.edge, 0, bPack, bi, c, ci, ldc, rows, cols,
                                alpha, betaNow, buf.tile);
                    }
                }
            }
        }
    }

    /** Per-thread packing storage, grown on demand and kept. */
    private static final class Buffers {
        private float[] a = new float[0];
        private float[] b = new float[0];
        private float[] t = new float[0];
        final float[] tile = new float[MR * NR];
        /** A short last micro-panel of an A read in place, packed. */
        final float[] edge = new float[MR * KC];

        /** Scratch for a transposed product; not used by the packing above, so the two never overlap. */
        float[] t(int size) {
            if (t.length < size) {
                t = new float[size];
            }
            return t;
        }

        float[] a(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }

        float[] b(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }
    }

    /** {@code C = beta * C}, for products with nothing to add; beta 0 writes zeros without reading. */
    private static void scale(float beta, float[] c, int cOff, int ldc, int m, int n) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = beta == 0f ? 0f : beta * c[ci + j];
            }
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    private static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }

    @Override
    public String name() {
        return "vector";
    }
}
