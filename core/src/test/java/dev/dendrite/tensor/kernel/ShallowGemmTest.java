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
 * Parity of {@link ShallowGemm} with {@link ScalarGemm}: every depth from 1 to 16
 * (below, at and above one vector, so the transposed packing takes its blocks,
 * its overlapped last block and its element-by-element path), widths that end
 * inside the first vector of the last panel (the one-vector edge column, which
 * needs at least eight rows) or the second, heights that leave 1 to 3 rows past
 * the last block, both layouts of A and of B, alpha and beta (beta 0 stores
 * overlapped values twice, other betas must merge each element once),
 * offsets and padded leading dimensions, and calls split across threads. The
 * build runs this class with both vector widths ({@code kernels-avx2}) and
 * under {@code -Ddendrite.simd=false}.
 */
class ShallowGemmTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();
    private static final int NR = VectorGemm.NR;
    private static final Gemm SHALLOW = new Gemm() {
        @Override
        public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float beta, float[] c, int cOff, int ldc) {
            ShallowGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }

        @Override
        public String name() {
            return "shallow";
        }
    };

    /** The input gradient through the MLP's 10-wide layer and its neighbours come here; deeper or narrower products do not. */
    @Test
    void theShallowProductsOfTheMlpAreDispatchedHere() {
        assertThat(ShallowGemm.handles(false, 128, 128, 10)).as("NT:128:128:10").isTrue();
        assertThat(ShallowGemm.handles(false, 128, 256, 10)).isTrue();
        assertThat(ShallowGemm.handles(false, 32, 128, 10)).isTrue();
        assertThat(ShallowGemm.handles(false, 128, 100, 10)).isEqualTo(100 >= NR);
        assertThat(ShallowGemm.handles(false, 128, 128, 16)).isTrue();
        assertThat(ShallowGemm.handles(false, 128, 128, 17)).isFalse();
        assertThat(ShallowGemm.handles(true, 128, 128, 10)).as("A stored [k, m]").isTrue();
        assertThat(ShallowGemm.handles(true, 1 << 17, 128, 10)).as("A too large to transpose into scratch").isFalse();
        assertThat(ShallowGemm.handles(false, 1 << 17, 128, 10)).as("A read in place").isTrue();
        assertThat(ShallowGemm.handles(false, 3, 128, 10)).as("less than one block of rows").isFalse();
        assertThat(ShallowGemm.handles(false, 128, NR - 1, 10)).as("less than one panel").isFalse();
    }

    @TestFactory
    Stream<DynamicTest> everyDepthAndEdge() {
        List<DynamicTest> tests = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(21);
        float[][] scalings = {{1f, 0f}, {1f, 1f}, {-0.5f, 0f}, {2f, -0.75f}};
        int[] widths = {NR, NR + 1, NR + L - 1, NR + L, 2 * NR - 1, 100, 128, 130};
        int[] heights = {4, 5, 6, 7, 10, 31, 128};
        for (int k = 1; k <= ShallowGemm.MAX_K; k++) {
            for (int n : widths) {
                for (int m : heights) {
                    for (int flags = 0; flags < 4; flags++) {
                        boolean ta = (flags & 1) != 0;
                        boolean tb = (flags & 2) != 0;
                        float[] ab = scalings[rnd.nextInt(scalings.length)];
                        GemmCase g = new GemmCase(ta, tb, m, n, k, ab[0], ab[1], rnd.nextInt(3), rnd.nextInt(4),
                                rnd.nextLong());
                        assertThat(ShallowGemm.handles(ta, m, n, k)).as(g.toString()).isTrue();
                        tests.add(DynamicTest.dynamicTest(g.toString(), () -> g.check(SHALLOW)));
                    }
                }
            }
        }
        return tests.stream();
    }

    /** Every scaling on the MLP's shape and on one with both edges, so each store path runs. */
    @TestFactory
    Stream<DynamicTest> everyScaling() {
        List<DynamicTest> tests = new ArrayList<>();
        long seed = 300;
        for (float[] ab : new float[][] {{1f, 0f}, {-1.5f, 0f}, {1f, 1f}, {0.5f, 2f}, {1f, -1f}}) {
            for (int flags = 0; flags < 4; flags++) {
                boolean ta = (flags & 1) != 0;
                boolean tb = (flags & 2) != 0;
                for (GemmCase g : List.of(
                        new GemmCase(ta, tb, 128, 128, 10, ab[0], ab[1], 0, 0, seed++),
                        new GemmCase(ta, tb, 33, 2 * NR + 3, 10, ab[0], ab[1], 1, 2, seed++))) {
                    tests.add(DynamicTest.dynamicTest(g.toString(), () -> g.check(SHALLOW)));
                }
            }
        }
        return tests.stream();
    }

    /** Tall enough to be cut into bands for the pool, with a ragged last band; the bits must not depend on the count. */
    @TestFactory
    Stream<DynamicTest> splitAcrossThreads() {
        List<DynamicTest> tests = new ArrayList<>();
        long seed = 400;
        for (int flags = 0; flags < 4; flags++) {
            boolean ta = (flags & 1) != 0;
            boolean tb = (flags & 2) != 0;
            for (GemmCase g : List.of(
                    new GemmCase(ta, tb, 999, 300, 13, 1f, 0f, 2, 0, seed++),
                    new GemmCase(ta, tb, 2050, 130, 10, -1f, 0.5f, 1, 3, seed++),
                    new GemmCase(ta, tb, 1027, 784, 16, 1f, 0f, 0, 1, seed++))) {
                tests.add(DynamicTest.dynamicTest(g.toString(), () -> g.check(SHALLOW)));
                tests.add(DynamicTest.dynamicTest("threads " + g, () -> sameBitsWithOneThreadOrThree(g)));
            }
        }
        return tests.stream();
    }

    private static void sameBitsWithOneThreadOrThree(GemmCase g) {
        assertThat(2.0 * g.m() * g.n() * g.k()).as("big enough to split").isGreaterThan(VectorGemm.PARALLEL_FLOPS);
        SplittableRandom rnd = new SplittableRandom(g.seed());
        float[] a = new float[g.m() * g.k()];
        float[] b = new float[g.n() * g.k()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rnd.nextGaussian();
        }
        int lda = g.ta() ? g.m() : g.k();
        int ldb = g.tb() ? g.k() : g.n();
        int before = Kernels.threads();
        try {
            float[][] out = new float[2][];
            int[] counts = {1, 3};
            for (int t = 0; t < 2; t++) {
                Kernels.threads(counts[t]);
                out[t] = new float[g.m() * g.n()];
                java.util.Arrays.fill(out[t], 1f);
                SHALLOW.sgemm(g.ta(), g.tb(), g.m(), g.n(), g.k(), g.alpha(), a, 0, lda, b, 0, ldb, g.beta(),
                        out[t], 0, g.n());
            }
            assertThat(out[1]).isEqualTo(out[0]);
        } finally {
            Kernels.threads(before);
        }
    }
}
