package dev.dendrite.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked inner loop of {@link VectorGemm}: a tile of 4 rows by two
 * vectors of the preferred species (4x16 with AVX2, 4x32 with AVX-512). Eight
 * accumulator vectors, two B vectors and one broadcast of A occupy 11 vector
 * registers, so C2 keeps everything in registers even with AVX2's 16. Wider
 * 256-bit tiles (6x16, 4x24, 5x16) were measured to spill on JDK 25 and run at
 * half the speed; with 512-bit vectors the same loop does twice the work per
 * instruction, which is what lets it reach the FMA units' peak (see
 * docs/benchmarks.md).
 *
 * <p>The species is {@link FloatVector#SPECIES_PREFERRED}, as in every other
 * kernel: when two vector shapes are used in one JVM, the type profiles of the
 * shared {@code FloatVector} methods see both, and C2 was seen (one JVM start in
 * about fifteen) to compile this loop with boxed vectors, eight times slower.
 *
 * <p>Everything happens in one method on purpose: a vector passed to a method
 * that is not inlined, or stored in an array, is boxed, which is ~30x slower.
 * The depth loop is not unrolled by hand because that brings back range checks.
 */
final class MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = VectorGemm.MR;
    private static final int NR = VectorGemm.NR;

    private MicroKernel() {
    }

    /**
     * Adds {@code alpha * Apanel * Bpanel} to the {@code rows x cols} tile of C at
     * {@code ci}, after scaling it by {@code beta} (not reading it when beta is 0).
     * The panels are always full ({@code MR x kc} and {@code kc x NR}, zero padded).
     */
    static void run(int kc, float[] ap, int ai, float[] bp, int bi,
                    float[] c, int ci, int ldc, int rows, int cols,
                    float alpha, float beta, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bi + p * NR;
            int ao = ai + p * MR;
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
        }
        if (rows == MR && cols == NR) {
            FloatVector va = FloatVector.broadcast(S, alpha);
            int r0 = ci;
            int r1 = ci + ldc;
            int r2 = ci + 2 * ldc;
            int r3 = ci + 3 * ldc;
            if (beta == 0f) {
                c00.mul(va).intoArray(c, r0);
                c01.mul(va).intoArray(c, r0 + L);
                c10.mul(va).intoArray(c, r1);
                c11.mul(va).intoArray(c, r1 + L);
                c20.mul(va).intoArray(c, r2);
                c21.mul(va).intoArray(c, r2 + L);
                c30.mul(va).intoArray(c, r3);
                c31.mul(va).intoArray(c, r3 + L);
            } else {
                FloatVector vb = FloatVector.broadcast(S, beta);
                c00.fma(va, FloatVector.fromArray(S, c, r0).mul(vb)).intoArray(c, r0);
                c01.fma(va, FloatVector.fromArray(S, c, r0 + L).mul(vb)).intoArray(c, r0 + L);
                c10.fma(va, FloatVector.fromArray(S, c, r1).mul(vb)).intoArray(c, r1);
                c11.fma(va, FloatVector.fromArray(S, c, r1 + L).mul(vb)).intoArray(c, r1 + L);
                c20.fma(va, FloatVector.fromArray(S, c, r2).mul(vb)).intoArray(c, r2);
                c21.fma(va, FloatVector.fromArray(S, c, r2 + L).mul(vb)).intoArray(c, r2 + L);
                c30.fma(va, FloatVector.fromArray(S, c, r3).mul(vb)).intoArray(c, r3);
                c31.fma(va, FloatVector.fromArray(S, c, r3 + L).mul(vb)).intoArray(c, r3 + L);
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
        for (int r = 0; r < rows; r++) {
            int o = ci + r * ldc;
            for (int j = 0; j < cols; j++) {
                float v = alpha * tile[r * NR + j];
                c[o + j] = beta == 0f ? v : v + beta * c[o + j];
            }
        }
    }
}
