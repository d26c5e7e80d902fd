package dev.dendrite.tensor.kernel;

/**
 * A Vector API GEMM in the Goto/BLIS style: {@code op(B)} is packed into panels of
 * {@value #NR} columns, {@code op(A)} into micro-panels of {@value #MR} rows, and a
 * register-blocked {@value #MR}x{@value #NR} micro-kernel ({@link MicroKernel})
 * accumulates each tile of {@code C} in eight 256-bit registers. Depth is cut into
 * blocks of at most {@value #KC} so a B micro-panel stays in L1 and an A block of
 * {@value #MC} rows in L2.
 *
 * <p>Above about {@value #PARALLEL_FLOPS} floating-point operations the work is
 * split across {@link GemmPool}: the B panels are packed by all parts, then each
 * part computes a band of rows of {@code C} (packing only its own rows of A); a
 * short, wide product is split by columns instead. Packing buffers live in
 * per-thread storage and are reused, so steady-state calls allocate only a few
 * small task objects.
 *
 * <p>Same contract as {@link Gemm}; results differ from {@link ScalarGemm} only by
 * float32 rounding (the order of the sums differs and FMA rounds once).
 */
public final class VectorGemm implements Gemm {
    /** Rows of the micro-kernel's tile. */
    static final int MR = 4;
    /** Columns of the micro-kernel's tile: two 8-lane vectors. */
    static final int NR = 16;
    /** Largest depth block: a B micro-panel of KC x NR floats is 16 KiB, half of L1d. */
    static final int KC = 256;
    /** Rows of A packed at once: MC x KC floats is 128 KiB, a quarter of Zen 3's L2. */
    static final int MC = 128;
    /** Most floats of packed B held at once (16 MiB); wider products are cut into column blocks. */
    static final int B_CAP = 1 << 22;
    /** Products smaller than this stay on the calling thread: a fork costs more than it saves. */
    static final double PARALLEL_FLOPS = 2e6;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /**
     * Fails when 256-bit float vectors are not backed by the hardware, where the
     * Vector API would fall back to slow Java loops; {@link Kernels} then keeps
     * {@link ScalarGemm}.
     */
    public VectorGemm() {
        if (jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() < 256) {
            throw new UnsupportedOperationException("VectorGemm needs 256-bit vectors; preferred species is "
                    + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED);
        }
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
        int parts = 2.0 * m * n * k < PARALLEL_FLOPS ? 1 : GemmPool.PARALLELISM;
        int kBlocks = ceilDiv(k, KC);
        int kc = ceilDiv(k, kBlocks);
        int ncMax = Math.max(NR, Math.min(roundUp(n, NR), B_CAP / k / NR * NR));
        float[] bPack = BUFFERS.get().b(roundUp(ncMax, NR) * k);
        for (int jc = 0; jc < n; jc += ncMax) {
            int nc = Math.min(ncMax, n - jc);
            int panels = ceilDiv(nc, NR);
            Block block = new Block(transA, transB, m, k, kc, alpha, a, aOff, lda, b, bOff, ldb, bPack, jc, nc,
                    beta, c, cOff, ldc);
            if (parts == 1) {
                block.packB(0, panels);
                block.compute(0, m, 0, panels);
                continue;
            }
            int packParts = Math.min(parts, panels);
            GemmPool.run(packParts, t -> block.packB(panels * t / packParts, panels * (t + 1) / packParts));
            if (m >= 2 * MR * parts) {
                // Bands of rows: each part packs only its own rows of A.
                int band = roundUp(ceilDiv(m, parts), MR);
                GemmPool.run(parts, t -> block.compute(Math.min(m, t * band), Math.min(m, (t + 1) * band), 0, panels));
            } else {
                int colParts = Math.min(parts, panels);
                GemmPool.run(colParts, t -> block.compute(0, m, panels * t / colParts, panels * (t + 1) / colParts));
            }
        }
    }

    /** One column block of the product, with B already packed; parts compute disjoint tiles of it. */
    private record Block(boolean transA, boolean transB, int m, int k, int kc, float alpha,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] bPack, int jc, int nc, float beta, float[] c, int cOff, int ldc) {

        /** Packs B panels {@code [q0, q1)} of this column block. */
        void packB(int q0, int q1) {
            GemmPack.packB(transB, b, bOff, ldb, k, jc, nc, q0, q1, bPack);
        }

        /** Computes rows {@code [i0, i1)} of {@code C} over B panels {@code [q0, q1)}. */
        void compute(int i0, int i1, int q0, int q1) {
            if (i0 >= i1 || q0 >= q1) {
                return;
            }
            Buffers own = BUFFERS.get();
            float[] aPack = own.a(roundUp(Math.min(MC, i1 - i0), MR) * kc);
            float[] tile = own.tile;
            for (int pc = 0; pc < k; pc += kc) {
                int kcur = Math.min(kc, k - pc);
                // Beta applies once, on the first depth block; later blocks accumulate.
                float betaNow = pc == 0 ? beta : 1f;
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    GemmPack.packA(transA, a, aOff, lda, ic, mc, pc, kcur, aPack);
                    for (int q = q0; q < q1; q++) {
                        int j = jc + q * NR;
                        int cols = Math.min(NR, jc + nc - j);
                        int bi = q * NR * k + pc * NR;
                        for (int ir = 0; ir < mc; ir += MR) {
                            MicroKernel.run(kcur, aPack, ir * kcur, bPack, bi,
                                    c, cOff + (ic + ir) * ldc + j, ldc, Math.min(MR, mc - ir), cols,
                                    alpha, betaNow, tile);
                        }
                    }
                }
            }
        }
    }

    /** Per-thread packing storage, grown on demand and kept. */
    private static final class Buffers {
        private float[] a = new float[0];
        private float[] b = new float[0];
        final float[] tile = new float[MR * NR];

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
