package dev.dendrite.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * An 8 x 2L tile of C for {@link ConvTiles} when vectors have 16 lanes
 * (AVX-512, 32 vector registers): sixteen accumulators, two B vectors and a
 * broadcast of A fit in registers, and every B vector loaded feeds eight FMAs
 * instead of {@link MicroKernel}'s four, so fewer loads and range checks go
 * with each FMA (the bare tile: 218-228 GFLOP/s on one Zen 5 core for conv2's
 * products). Three forms: {@link #run} takes packed operands, the eight rows
 * being two consecutive micro-panels of {@link GemmPack}'s A layout read side
 * by side (so the packing is the GEMM's); {@link #runRows} reads B's rows in
 * place from an image's frame and {@link #runColumns} reads A's rows there
 * (the convolution without unfolding). With 16 registers (AVX2) this tile
 * would spill; {@link ConvTiles} then keeps to {@link MicroKernel}.
 */
final class ConvMicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 2 * VectorGemm.MR;
    private static final int NR = VectorGemm.NR;

    private ConvMicroKernel() {
    }

    /**
     * Adds the product of the A micro-panels at {@code a0} and {@code a1} ({@code kc} x 4 each)
     * and the B panel at {@code bi} to the {@code rows x cols} tile of C at {@code ci}, after
     * scaling it by {@code beta}, which is 0 (C is not read) or 1. Panels are full and zero padded.
     * Everything stays in this one method: a vector passed to a call that is not inlined is boxed.
     */
    static void run(int kc, float[] ap, int a0, int a1, float[] bp, int bi,
                    float[] c, int ci, int ldc, int rows, int cols, float beta, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        FloatVector c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bi + p * NR;
            int ao = a0 + p * 4;
            int ao1 = a1 + p * 4;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao1]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao1 + 1]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ao1 + 2]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ao1 + 3]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        if (rows == MR && cols == NR) {
            int r0 = ci;
            int r1 = ci + ldc;
            int r2 = ci + 2 * ldc;
            int r3 = ci + 3 * ldc;
            int r4 = ci + 4 * ldc;
            int r5 = ci + 5 * ldc;
            int r6 = ci + 6 * ldc;
            int r7 = ci + 7 * ldc;
            if (beta == 0f) {
                c00.intoArray(c, r0);
                c01.intoArray(c, r0 + L);
                c10.intoArray(c, r1);
                c11.intoArray(c, r1 + L);
                c20.intoArray(c, r2);
                c21.intoArray(c, r2 + L);
                c30.intoArray(c, r3);
                c31.intoArray(c, r3 + L);
                c40.intoArray(c, r4);
                c41.intoArray(c, r4 + L);
                c50.intoArray(c, r5);
                c51.intoArray(c, r5 + L);
                c60.intoArray(c, r6);
                c61.intoArray(c, r6 + L);
                c70.intoArray(c, r7);
                c71.intoArray(c, r7 + L);
            } else {
                // beta is 1: the later depth blocks of a product, or the next image of a weight-gradient run
                c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
                c01.add(FloatVector.fromArray(S, c, r0 + L)).intoArray(c, r0 + L);
                c10.add(FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
                c11.add(FloatVector.fromArray(S, c, r1 + L)).intoArray(c, r1 + L);
                c20.add(FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
                c21.add(FloatVector.fromArray(S, c, r2 + L)).intoArray(c, r2 + L);
                c30.add(FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
                c31.add(FloatVector.fromArray(S, c, r3 + L)).intoArray(c, r3 + L);
                c40.add(FloatVector.fromArray(S, c, r4)).intoArray(c, r4);
                c41.add(FloatVector.fromArray(S, c, r4 + L)).intoArray(c, r4 + L);
                c50.add(FloatVector.fromArray(S, c, r5)).intoArray(c, r5);
                c51.add(FloatVector.fromArray(S, c, r5 + L)).intoArray(c, r5 + L);
                c60.add(FloatVector.fromArray(S, c, r6)).intoArray(c, r6);
                c61.add(FloatVector.fromArray(S, c, r6 + L)).intoArray(c, r6 + L);
                c70.add(FloatVector.fromArray(S, c, r7)).intoArray(c, r7);
                c71.add(FloatVector.fromArray(S, c, r7 + L)).intoArray(c, r7 + L);
            }
            return;
        }
        // An edge tile: park the accumulators in a scratch tile and merge only the valid part.
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, 2 * L);
        c11.intoArray(tile, 3 * L);
        c20.intoArray(tile, 4 * L);
        c21.intoArray(tile, 5 * L);
        c30.intoArray(tile, 6 * L);
        c31.intoArray(tile, 7 * L);
        c40.intoArray(tile, 8 * L);
        c41.intoArray(tile, 9 * L);
        c50.intoArray(tile, 10 * L);
        c51.intoArray(tile, 11 * L);
        c60.intoArray(tile, 12 * L);
        c61.intoArray(tile, 13 * L);
        c70.intoArray(tile, 14 * L);
        c71.intoArray(tile, 15 * L);
        for (int r = 0; r < rows; r++) {
            int o = ci + r * ldc;
            for (int j = 0; j < cols; j++) {
                float v = tile[r * NR + j];
                c[o + j] = beta == 0f ? v : v + c[o + j];
            }
        }
    }

    /**
     * The full tile at {@code ci} (row stride {@code ldc}) of the product of the A micro-panels at
     * {@code a0} and {@code a1} and a B whose depth row {@code p} is read in place at
     * {@code src[offs[oi + p] + jr]}: an image's unfolded columns without unfolding them (each
     * row of the columns is a contiguous run of the zero-padded image, see {@link ConvTiles}).
     * Added to C when {@code accumulate}, else written.
     */
    static void runRows(int kc, float[] ap, int a0, int a1, float[] src, int[] offs, int oi, int jr,
                        float[] c, int ci, int ldc, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        FloatVector c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = offs[oi + p] + jr;
            int ao = a0 + p * 4;
            int ao1 = a1 + p * 4;
            FloatVector b0 = FloatVector.fromArray(S, src, bo);
            FloatVector b1 = FloatVector.fromArray(S, src, bo + L);
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao1]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao1 + 1]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ao1 + 2]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ao1 + 3]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        int r0 = ci;
        int r1 = ci + ldc;
        int r2 = ci + 2 * ldc;
        int r3 = ci + 3 * ldc;
        int r4 = ci + 4 * ldc;
        int r5 = ci + 5 * ldc;
        int r6 = ci + 6 * ldc;
        int r7 = ci + 7 * ldc;
        if (!accumulate) {
            c00.intoArray(c, r0);
            c01.intoArray(c, r0 + L);
            c10.intoArray(c, r1);
            c11.intoArray(c, r1 + L);
            c20.intoArray(c, r2);
            c21.intoArray(c, r2 + L);
            c30.intoArray(c, r3);
            c31.intoArray(c, r3 + L);
            c40.intoArray(c, r4);
            c41.intoArray(c, r4 + L);
            c50.intoArray(c, r5);
            c51.intoArray(c, r5 + L);
            c60.intoArray(c, r6);
            c61.intoArray(c, r6 + L);
            c70.intoArray(c, r7);
            c71.intoArray(c, r7 + L);
        } else {
            // a later depth block
            c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
            c01.add(FloatVector.fromArray(S, c, r0 + L)).intoArray(c, r0 + L);
            c10.add(FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
            c11.add(FloatVector.fromArray(S, c, r1 + L)).intoArray(c, r1 + L);
            c20.add(FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
            c21.add(FloatVector.fromArray(S, c, r2 + L)).intoArray(c, r2 + L);
            c30.add(FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
            c31.add(FloatVector.fromArray(S, c, r3 + L)).intoArray(c, r3 + L);
            c40.add(FloatVector.fromArray(S, c, r4)).intoArray(c, r4);
            c41.add(FloatVector.fromArray(S, c, r4 + L)).intoArray(c, r4 + L);
            c50.add(FloatVector.fromArray(S, c, r5)).intoArray(c, r5);
            c51.add(FloatVector.fromArray(S, c, r5 + L)).intoArray(c, r5 + L);
            c60.add(FloatVector.fromArray(S, c, r6)).intoArray(c, r6);
            c61.add(FloatVector.fromArray(S, c, r6 + L)).intoArray(c, r6 + L);
            c70.add(FloatVector.fromArray(S, c, r7)).intoArray(c, r7);
            c71.add(FloatVector.fromArray(S, c, r7 + L)).intoArray(c, r7 + L);
        }
    }

    /**
     * The full tile at {@code ci} (row stride {@code ldc}) of {@code A B} where row {@code r} of A
     * is read in place at {@code src[offs[oi + r] + p0 ...]} (eight rows of an image's columns,
     * see {@link ConvTiles#multiplyColumns}) and B is a packed panel at {@code bi}. Added to C
     * when {@code accumulate}, else written.
     */
    static void runColumns(int kc, float[] src, int[] offs, int oi, int p0, float[] bp, int bi,
                           float[] c, int ci, int ldc, boolean accumulate) {
        int s0 = offs[oi] + p0;
        int s1 = offs[oi + 1] + p0;
        int s2 = offs[oi + 2] + p0;
        int s3 = offs[oi + 3] + p0;
        int s4 = offs[oi + 4] + p0;
        int s5 = offs[oi + 5] + p0;
        int s6 = offs[oi + 6] + p0;
        int s7 = offs[oi + 7] + p0;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        FloatVector c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x = FloatVector.broadcast(S, src[s0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, src[s1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, src[s2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, src[s3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, src[s4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, src[s5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, src[s6 + p]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, src[s7 + p]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        int r0 = ci;
        int r1 = ci + ldc;
        int r2 = ci + 2 * ldc;
        int r3 = ci + 3 * ldc;
        int r4 = ci + 4 * ldc;
        int r5 = ci + 5 * ldc;
        int r6 = ci + 6 * ldc;
        int r7 = ci + 7 * ldc;
        if (!accumulate) {
            c00.intoArray(c, r0);
            c01.intoArray(c, r0 + L);
            c10.intoArray(c, r1);
            c11.intoArray(c, r1 + L);
            c20.intoArray(c, r2);
            c21.intoArray(c, r2 + L);
            c30.intoArray(c, r3);
            c31.intoArray(c, r3 + L);
            c40.intoArray(c, r4);
            c41.intoArray(c, r4 + L);
            c50.intoArray(c, r5);
            c51.intoArray(c, r5 + L);
            c60.intoArray(c, r6);
            c61.intoArray(c, r6 + L);
            c70.intoArray(c, r7);
            c71.intoArray(c, r7 + L);
        } else {
            // a later depth block
            c00.add(FloatVector.fromArray(S, c, r0)).intoArray(c, r0);
            c01.add(FloatVector.fromArray(S, c, r0 + L)).intoArray(c, r0 + L);
            c10.add(FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
            c11.add(FloatVector.fromArray(S, c, r1 + L)).intoArray(c, r1 + L);
            c20.add(FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
            c21.add(FloatVector.fromArray(S, c, r2 + L)).intoArray(c, r2 + L);
            c30.add(FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
            c31.add(FloatVector.fromArray(S, c, r3 + L)).intoArray(c, r3 + L);
            c40.add(FloatVector.fromArray(S, c, r4)).intoArray(c, r4);
            c41.add(FloatVector.fromArray(S, c, r4 + L)).intoArray(c, r4 + L);
            c50.add(FloatVector.fromArray(S, c, r5)).intoArray(c, r5);
            c51.add(FloatVector.fromArray(S, c, r5 + L)).intoArray(c, r5 + L);
            c60.add(FloatVector.fromArray(S, c, r6)).intoArray(c, r6);
            c61.add(FloatVector.fromArray(S, c, r6 + L)).intoArray(c, r6 + L);
            c70.add(FloatVector.fromArray(S, c, r7)).intoArray(c, r7);
            c71.add(FloatVector.fromArray(S, c, r7 + L)).intoArray(c, r7 + L);
        }
    }
}
