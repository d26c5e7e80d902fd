package dev.dendrite.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dendrite.tensor.kernel.VectorGemmTest.GemmCase;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Parity of {@link NarrowGemm}'s kernels with {@link ScalarGemm} on awkward
 * shapes: widths around the kernels' column groups and panels (1, 2, 7, 10, 12,
 * 13), odd heights and depths, heights just above a block (so the last block
 * overlaps the one before), every transpose, alpha and beta, offsets and padded
 * leading dimensions, and heights large enough to be split across threads. The
 * build runs this class with both vector widths ({@code kernels-avx2}) and under
 * {@code -Ddendrite.simd=false}.
 */
class NarrowGemmTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();
    private static final Gemm NARROW = new Gemm() {
        @Override
        public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float beta, float[] c, int cOff, int ldc) {
            NarrowGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }

        @Override
        public String name() {
            return "narrow";
        }
    };

    /** The MLP's 10-wide layer takes the new kernels where they were measured to pay (see docs/benchmarks.md). */
    @Test
    void theOutputLayerOfTheMlpIsDispatchedHere() {
        assertThat(NarrowGemm.handles(true, 128, 10, 128)).as("TN weight gradient").isTrue();
        // the input gradient NT:128:128:10 is ShallowGemm's
        assertThat(NarrowGemm.handles(false, 128, 128, 10)).as("NT input gradient, depth 10").isFalse();
        // the forward product NN:128:10:128 needs a panel at least half used: AVX2's 16 lanes, not AVX-512's 32
        assertThat(NarrowGemm.handles(false, 128, 10, 128)).isEqualTo(2 * 10 > VectorGemm.NR);
        // and nothing large or square
        assertThat(NarrowGemm.handles(false, 128, 256, 784)).isFalse();
        assertThat(NarrowGemm.handles(true, 784, 256, 128)).isFalse();
    }

    @TestFactory
    Stream<DynamicTest> narrowOutputs() {
        List<DynamicTest> tests = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(11);
        int[] heights = {2 * L, 2 * L + 1, 3 * L - 1, 4 * L + 3, 33, 127, 128};
        float[][] scalings = {{1f, 0f}, {1f, 1f}, {-0.5f, 0f}, {2f, -0.75f}};
        for (int n : new int[] {1, 2, 7, 9, 10, 12}) {
            for (int m : heights) {
                for (int k : new int[] {1, 3, 17, 128}) {
                    for (int flags = 0; flags < 4; flags++) {
                        boolean ta = (flags & 1) != 0;
                        boolean tb = (flags & 2) != 0;
                        if (!NarrowGemm.handles(ta, m, n, k)) {
                            continue;
                        }
                        float[] ab = scalings[rnd.nextInt(scalings.length)];
                        GemmCase g = new GemmCase(ta, tb, m, n, k, ab[0], ab[1], rnd.nextInt(3), rnd.nextInt(4),
                                rnd.nextLong());
                        tests.add(DynamicTest.dynamicTest(g.toString(), () -> g.check(NARROW)));
                    }
                }
            }
        }
        assertThat(tests).hasSizeGreaterThan(200);
        return tests.stream();
    }

    /** Tall enough to be cut into bands for the pool; odd heights leave a ragged last band. */
    @TestFactory
    Stream<DynamicTest> splitAcrossThreads() {
        List<DynamicTest> tests = new ArrayList<>();
        long seed = 500;
        for (int flags = 0; flags < 4; flags++) {
            boolean ta = (flags & 1) != 0;
            boolean tb = (flags & 2) != 0;
            for (GemmCase g : List.of(
                    new GemmCase(ta, tb, 3001, 10, 129, 1f, 0.5f, 1, 2, seed++),
                    new GemmCase(ta, tb, 2049, 12, 100, -1f, 0f, 0, 1, seed++),
                    new GemmCase(ta, tb, 999, 300, 13, 1f, 0f, 2, 0, seed++))) {
                if (NarrowGemm.handles(ta, g.m(), g.n(), g.k())) {
                    tests.add(DynamicTest.dynamicTest(g.toString(), () -> g.check(NARROW)));
                }
                // and through VectorGemm, whichever kernel its dispatch picks
                tests.add(DynamicTest.dynamicTest("vector " + g, () -> g.check(VectorGemmTest.VECTOR)));
            }
        }
        return tests.stream();
    }

    /** The same awkward shapes through VectorGemm's dispatch: narrow, shallow and the boundaries around them. */
    @TestFactory
    Stream<DynamicTest> throughTheDispatch() {
        List<DynamicTest> tests = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(13);
        for (int n : new int[] {1, 2, 7, 10, 12, 13}) {
            for (int m : new int[] {1, 5, 15, 17, 127, 128}) {
                for (int k : new int[] {1, 9, 10, 16, 17, 129}) {
                    int flags = rnd.nextInt(4);
                    GemmCase g = new GemmCase((flags & 1) != 0, (flags & 2) != 0, m, n, k,
                            rnd.nextBoolean() ? 1f : -2f, rnd.nextBoolean() ? 0f : 1f, rnd.nextInt(3), rnd.nextInt(3),
                            rnd.nextLong());
                    tests.add(DynamicTest.dynamicTest(g.toString(), () -> g.check(VectorGemmTest.VECTOR)));
                    GemmCase t = new GemmCase(g.ta(), g.tb(), n * 11, m, k, 1f, 0f, 1, 0, rnd.nextLong());
                    tests.add(DynamicTest.dynamicTest(t.toString(), () -> t.check(VectorGemmTest.VECTOR)));
                }
            }
        }
        return tests.stream();
    }
}
