package dev.dendrite.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The products of one image's convolution on {@link VectorGemm}'s micro-kernel,
 * on the calling thread only: {@link Conv2dKernels} gives each thread whole
 * images, so the operands of a product (an image's columns, about 226 KB for
 * 32 channels of 14x14 with a 3x3 window) stay in that core's L2 instead of
 * one batch-wide column buffer streaming from memory. The left factor is packed
 * once per call when it is the weight ({@link #packA}) and reused for every
 * image; the right factor is packed per image, in depth blocks of at most
 * {@link VectorGemm#KC}, as {@link VectorGemm} does. With AVX-512 the tiles
 * are eight rows high ({@link ConvMicroKernel}). Loaded only when
 * {@link Kernels#SIMD} is on.
 */
final class ConvTiles {
    private static final int MR = VectorGemm.MR;
    private static final int NR = VectorGemm.NR;
    /** Eight-row tiles ({@link ConvMicroKernel}) where there are 32 vector registers (AVX-512). */
    static final boolean WIDE = FloatVector.SPECIES_PREFERRED.length() == 16;
    /** Rows of an {@link ConvMicroKernel} tile. */
    static final int TILE_ROWS = ConvMicroKernel.MR;
    /** Columns of a tile: two vectors. */
    static final int TILE_COLS = NR;

    /** Per-thread packing space for the right factor and the edge tile, grown on demand and kept. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(
            () -> new float[][] {new float[0], new float[ConvMicroKernel.MR * NR]});

    private ConvTiles() {
    }

    /** Floats that {@link #packA} writes for an {@code m x k} left factor. */
    static int packedSize(int m, int k) {
        return roundUp(m, MR) * k;
    }

    /** Packs {@code op(A)} ({@code m x k}) whole into {@code dst}: depth block after depth block, micro-panels of MR rows. */
    static void packA(boolean transA, float[] a, int aOff, int lda, int m, int k, float[] dst) {
        int kc = depthBlock(k);
        int mPad = roundUp(m, MR);
        for (int pc = 0; pc < k; pc += kc) {
            GemmPack.packA(transA, a, aOff, lda, 0, m, pc, Math.min(kc, k - pc), dst, pc * mPad);
        }
    }

    /**
     * {@code C = beta C + A op(B)}, beta 0 or 1, with {@code A} packed by {@link #packA} ({@code m x k}) and
     * {@code op(B)} {@code k x n}; {@code C} is {@code m x n} at {@code cOff} with row stride {@code ldc}.
     */
    static void multiply(float[] ap, int m, int k, boolean transB, float[] b, int bOff, int ldb, int n,
                         float beta, float[] c, int cOff, int ldc) {
        int kc = depthBlock(k);
        int mPad = roundUp(m, MR);
        float[][] scratch = SCRATCH.get();
        int need = roundUp(n, NR) * kc;
        if (scratch[0].length < need) {
            scratch[0] = new float[need];
        }
        float[] bp = scratch[0];
        float[] tile = scratch[1];
        for (int pc = 0; pc < k; pc += kc) {
            int kcur = Math.min(kc, k - pc);
            GemmPack.packB(transB, b, bOff, ldb, pc, kcur, 0, n, bp, 0);
            float betaNow = pc == 0 ? beta : 1f;
            int aBase = pc * mPad;
            for (int jr = 0; jr < n; jr += NR) {
                int cols = Math.min(NR, n - jr);
                int bi = jr * kcur;
                int ir = 0;
                if (WIDE) {
                    for (; ir + MR < m; ir += 2 * MR) {
                        ConvMicroKernel.run(kcur, ap, aBase + ir * kcur, aBase + (ir + MR) * kcur, bp, bi,
                                c, cOff + ir * ldc + jr, ldc, Math.min(2 * MR, m - ir), cols, betaNow, tile);
                    }
                }
                for (; ir < m; ir += MR) {
                    MicroKernel.run(kcur, ap, aBase + ir * kcur, bp, bi, c, cOff + ir * ldc + jr, ldc,
                            Math.min(MR, m - ir), cols, 1f, betaNow, tile);
                }
            }
        }
    }

    /**
     * Floats that {@link #packWide} writes for an {@code m x k} left factor: rows rounded up
     * to whole eight-row tiles.
     */
    static int packedWideSize(int m, int k) {
        return roundUp(m, TILE_ROWS) * k;
    }

    /** {@link #packA} with the rows rounded up to whole eight-row tiles, the extra rows zero. */
    static void packWide(boolean transA, float[] a, int aOff, int lda, int m, int k, float[] dst) {
        int kc = depthBlock(k);
        int mPad = roundUp(m, TILE_ROWS);
        int filled = roundUp(m, MR);
        for (int pc = 0; pc < k; pc += kc) {
            int kcur = Math.min(kc, k - pc);
            GemmPack.packA(transA, a, aOff, lda, 0, m, pc, kcur, dst, pc * mPad);
            java.util.Arrays.fill(dst, pc * mPad + filled * kcur, pc * mPad + mPad * kcur, 0f);
        }
    }

    /**
     * {@code C = A B} over whole tiles: {@code A} packed by {@link #packWide} ({@code m x k}),
     * row {@code p} of {@code B} read in place at {@code src[offs[p] ...]} for {@code n}
     * columns (a multiple of {@code 2 L}, every read inside {@code src}); {@code C} has
     * {@code roundUp(m, 8)} rows of stride {@code ldc}.
     */
    static void multiplyRows(float[] ap, int m, int k, float[] src, int[] offs, int oOff, int n,
                             float[] c, int ldc) {
        int kc = depthBlock(k);
        int mPad = roundUp(m, TILE_ROWS);
        for (int pc = 0; pc < k; pc += kc) {
            int kcur = Math.min(kc, k - pc);
            int aBase = pc * mPad;
            for (int jr = 0; jr < n; jr += NR) {
                for (int ir = 0; ir < mPad; ir += TILE_ROWS) {
                    ConvMicroKernel.runRows(kcur, ap, aBase + ir * kcur, aBase + (ir + MR) * kcur, src, offs,
                            oOff + pc, jr, c, ir * ldc + jr, ldc, pc > 0);
                }
            }
        }
    }

    /**
     * {@code C (+)= A op(B)} over whole tiles, where row {@code r} of {@code A} ({@code m x k},
     * {@code m} a multiple of 8) is read in place at {@code src[offs[oOff + r] ...]} (every read
     * inside {@code src}) and {@code B} is {@code op(B) = Bᵀ}, {@code b} stored {@code [n, k]} with
     * row stride {@code ldb} ({@code n} a multiple of {@code 2 L}): an image's weight gradient,
     * its columns times {@code dYᵀ}. Added to C when {@code accumulate}.
     */
    static void multiplyColumns(float[] src, int[] offs, int oOff, int m, int k, float[] b, int bOff, int ldb,
                                int n, float[] c, int cOff, int ldc, boolean accumulate) {
        int kc = depthBlock(k);
        float[][] scratch = SCRATCH.get();
        int need = roundUp(n, NR) * kc;
        if (scratch[0].length < need) {
            scratch[0] = new float[need];
        }
        float[] bp = scratch[0];
        for (int pc = 0; pc < k; pc += kc) {
            int kcur = Math.min(kc, k - pc);
            GemmPack.packB(true, b, bOff, ldb, pc, kcur, 0, n, bp, 0);
            for (int jr = 0; jr < n; jr += NR) {
                for (int ir = 0; ir < m; ir += TILE_ROWS) {
                    ConvMicroKernel.runColumns(kcur, src, offs, oOff + ir, pc, bp, jr * kcur,
                            c, cOff + ir * ldc + jr, ldc, accumulate || pc > 0);
                }
            }
        }
    }

    /** {@code dst[d + j] = src[s + j] + b} for {@code j < len}: one output row taken from a frame row. */
    static void copyPlus(float[] src, int s, float[] dst, int d, int len, float b) {
        VectorSpecies<Float> sp = FloatVector.SPECIES_PREFERRED;
        FloatVector vb = FloatVector.broadcast(sp, b);
        int j = 0;
        for (int bound = len - sp.length(); j <= bound; j += sp.length()) {
            FloatVector.fromArray(sp, src, s + j).add(vb).intoArray(dst, d + j);
        }
        if (j < len) {
            VectorMask<Float> m = sp.indexInRange(j, len);
            FloatVector.fromArray(sp, src, s + j, m).add(vb).intoArray(dst, d + j, m);
        }
    }

    /**
     * The sum of {@code a[off ... off + len)}, in vector lanes (the plain loop is one long
     * dependent chain), the lanes added in order through {@code lanes} (at least one vector long).
     */
    static float sum(float[] a, int off, int len, float[] lanes) {
        VectorSpecies<Float> sp = FloatVector.SPECIES_PREFERRED;
        FloatVector acc = FloatVector.zero(sp);
        int j = 0;
        for (int bound = len - sp.length(); j <= bound; j += sp.length()) {
            acc = acc.add(FloatVector.fromArray(sp, a, off + j));
        }
        float tail = 0f;
        for (; j < len; j++) {
            tail += a[off + j];
        }
        return VectorBatchNorm.laneSum(acc, lanes) + tail;
    }

    /** Depth blocks of equal size, at most KC (as in {@link VectorGemm}). */
    private static int depthBlock(int k) {
        return ceilDiv(k, ceilDiv(k, VectorGemm.KC));
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }
}
