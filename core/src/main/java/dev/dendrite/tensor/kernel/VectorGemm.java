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
 * split across {@link GemmPool} in one fork: each part runs the whole blocked
 * algorithm on a band of rows of {@code C} (or of columns, when {@code C} is wider
 * than tall), so the parts never wait for each other. Packing buffers live in
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
    /** Widest column block: a packed KC x NC block of B is 4 MiB, meant to stay in L3. */
    static final int NC = 4096;
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
        if (parts == 1) {
            serial(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        // Each part computes its own rectangle of C with the serial algorithm, packing what it reads.
        // Cutting the longer side duplicates the packing of the smaller operand only:
        // bands of rows when m >= n (A packed once, B by every part), columns otherwise.
        if (m >= n) {
            int band = roundUp(ceilDiv(m, parts), MR);
            GemmPool.run(parts, t -> {
                int i0 = Math.min(m, t * band);
                int rows = Math.min(m, i0 + band) - i0;
                if (rows > 0) {
                    serial(transA, transB, rows, n, k, alpha, a, aOff + (transA ? i0 : i0 * lda), lda,
                            b, bOff, ldb, beta, c, cOff + i0 * ldc, ldc);
                }
            });
        } else {
            int band = roundUp(ceilDiv(n, parts), NR);
            GemmPool.run(parts, t -> {
                int j0 = Math.min(n, t * band);
                int cols = Math.min(n, j0 + band) - j0;
                if (cols > 0) {
                    serial(transA, transB, m, cols, k, alpha, a, aOff, lda,
                            b, bOff + (transB ? j0 * ldb : j0), ldb, beta, c, cOff + j0, ldc);
                }
            });
        }
    }

    /** The whole blocked algorithm on the calling thread, with its own packing buffers. */
    private static void serial(boolean transA, boolean transB, int m, int n, int k,
                               float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        Buffers buf = BUFFERS.get();
        int kBlocks = ceilDiv(k, KC);
        int kc = ceilDiv(k, kBlocks);
        float[] bPack = buf.b(roundUp(Math.min(NC, n), NR) * kc);
        float[] aPack = buf.a(roundUp(Math.min(MC, m), MR) * kc);
        float[] tile = buf.tile;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kc) {
                int kcur = Math.min(kc, k - pc);
                GemmPack.packB(transB, b, bOff, ldb, pc, kcur, jc, nc, bPack);
                // Beta applies once, on the first depth block; later blocks accumulate.
                float betaNow = pc == 0 ? beta : 1f;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    GemmPack.packA(transA, a, aOff, lda, ic, mc, pc, kcur, aPack);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        int bi = jr * kcur;
                        for (int ir = 0; ir < mc; ir += MR) {
                            MicroKernel.run(kcur, aPack, ir * kcur, bPack, bi,
                                    c, cOff + (ic + ir) * ldc + jc + jr, ldc, Math.min(MR, mc - ir), cols,
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
