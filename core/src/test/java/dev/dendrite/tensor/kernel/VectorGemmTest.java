package dev.dendrite.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Parity of {@link VectorGemm} with {@link ScalarGemm} over shapes that hit every
 * edge: empty and unit sizes, primes, sizes that are not multiples of the tile,
 * all transpose flags, alpha/beta, offsets and padded leading dimensions, and
 * products big enough to be blocked and split across threads.
 */
class VectorGemmTest {
    static final Gemm VECTOR = new VectorGemm();
    static final Gemm SCALAR = new ScalarGemm();

    /**
     * The panel width follows the vector width the JVM runs with; the kernels-avx2
     * execution of the build (-XX:MaxVectorSize=32) states the width it must see,
     * so that the AVX2 path is known to be the one under test there.
     */
    @Test
    void panelWidthIsTwoPreferredVectors() {
        assertThat(VectorGemm.NR).isEqualTo(2 * FloatVector.SPECIES_PREFERRED.length());
        String expected = System.getProperty("dendrite.test.expectedPanelWidth");
        if (expected != null) {
            assertThat(VectorGemm.NR).isEqualTo(Integer.parseInt(expected));
        }
    }

    @TestFactory
    Stream<DynamicTest> edgeShapes() {
        int[] sizes = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65};
        List<DynamicTest> tests = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(1);
        for (int m : sizes) {
            for (int n : sizes) {
                int k = sizes[rnd.nextInt(sizes.length)];
                int flags = rnd.nextInt(4);
                GemmCase g = new GemmCase((flags & 1) != 0, (flags & 2) != 0, m, n, k, 1f, 0f, 0, 0, rnd.nextLong());
                tests.add(DynamicTest.dynamicTest(g.toString(), () -> g.check(VECTOR)));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> randomShapes() {
        SplittableRandom rnd = new SplittableRandom(42);
        float[] alphas = {1f, -1f, 0.5f, 0f, 2.5f};
        float[] betas = {0f, 1f, -0.75f, 2f};
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            GemmCase g = new GemmCase(rnd.nextBoolean(), rnd.nextBoolean(),
                    rnd.nextInt(70), rnd.nextInt(70), rnd.nextInt(70),
                    alphas[rnd.nextInt(alphas.length)], betas[rnd.nextInt(betas.length)],
                    rnd.nextInt(5), rnd.nextInt(9), rnd.nextLong());
            tests.add(DynamicTest.dynamicTest(g.toString(), () -> g.check(VECTOR)));
        }
        return tests.stream();
    }

    /** Few output columns (a classifier layer): computed as the transposed product (12 and 13: the AVX2 boundary). */
    @TestFactory
    Stream<DynamicTest> narrowOutputs() {
        List<DynamicTest> tests = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(5);
        for (int m : new int[] {16, 128, 1000}) {
            for (int n : new int[] {1, 3, 10, 12, 13, 15}) {
                for (int k : new int[] {1, 128}) {
                    for (int flags = 0; flags < 4; flags++) {
                        for (float beta : new float[] {0f, 1f}) {
                            GemmCase g = new GemmCase((flags & 1) != 0, (flags & 2) != 0, m, n, k, 1f, beta,
                                    rnd.nextInt(3), rnd.nextInt(5), rnd.nextLong());
                            tests.add(DynamicTest.dynamicTest(g.toString(), () -> g.check(VECTOR)));
                        }
                    }
                }
            }
        }
        return tests.stream();
    }

    /** Large enough to be cut into depth and row blocks and split across threads. */
    @TestFactory
    Stream<DynamicTest> blockedAndParallel() {
        List<DynamicTest> tests = new ArrayList<>();
        long seed = 7;
        for (int flags = 0; flags < 4; flags++) {
            boolean ta = (flags & 1) != 0;
            boolean tb = (flags & 2) != 0;
            List<GemmCase> cases = List.of(
                    // several depth blocks (k > KC), several row blocks (m > MC), row bands
                    new GemmCase(ta, tb, 293, 261, 541, 1f, 0f, 3, 5, seed++),
                    new GemmCase(ta, tb, 131, 97, 263, -0.5f, 1.5f, 1, 3, seed++),
                    // short and wide: split by columns
                    new GemmCase(ta, tb, 3, 701, 611, 1f, 1f, 2, 1, seed++),
                    // the MLP's shapes
                    new GemmCase(ta, tb, 128, 256, 784, 1f, 0f, 0, 0, seed++),
                    new GemmCase(ta, tb, 128, 10, 128, 1f, 1f, 0, 0, seed++));
            for (GemmCase g : cases) {
                tests.add(DynamicTest.dynamicTest(g.toString(), () -> g.check(VECTOR)));
            }
        }
        // wider than a column block (NC), on one thread and split by columns
        for (GemmCase wide : List.of(new GemmCase(false, true, 3, 8200, 37, 1f, 0.5f, 1, 2, 99),
                new GemmCase(true, false, 5, 8300, 61, 1f, 0f, 0, 1, 98))) {
            tests.add(DynamicTest.dynamicTest(wide.toString(), () -> wide.check(VECTOR)));
        }
        return tests.stream();
    }

    /** A small cap on the whole-packed operand forces several passes over C, by rows and by columns. */
    @TestFactory
    Stream<DynamicTest> multiplePasses() {
        Gemm capped = new VectorGemm(2000);
        List<DynamicTest> tests = new ArrayList<>();
        long seed = 300;
        for (int flags = 0; flags < 4; flags++) {
            boolean ta = (flags & 1) != 0;
            boolean tb = (flags & 2) != 0;
            for (GemmCase g : List.of(
                    new GemmCase(ta, tb, 300, 100, 50, 1f, 0.5f, 1, 2, seed++),   // by rows, parallel
                    new GemmCase(ta, tb, 60, 50, 40, 1f, 0f, 0, 1, seed++),       // by rows, one thread
                    new GemmCase(ta, tb, 100, 300, 50, -1f, 1f, 2, 0, seed++),    // by columns, parallel
                    new GemmCase(ta, tb, 33, 70, 300, 1f, 0f, 0, 3, seed++))) {   // by columns, k > KC
                tests.add(DynamicTest.dynamicTest(g.toString(), () -> g.check(capped)));
            }
        }
        return tests.stream();
    }

    @Test
    void concurrentCallersGetTheirOwnResults() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                GemmCase g = new GemmCase(t % 2 == 0, t % 3 == 0, 150 + t, 140 - t, 200 + 7 * t, 1f, 0.5f, t, t, 1000 + t);
                futures.add(pool.submit(() -> {
                    for (int r = 0; r < 3; r++) {
                        g.check(VECTOR);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void nanInCIsIgnoredWhenBetaIsZero() {
        GemmCase g = new GemmCase(false, false, 9, 21, 5, 1f, 0f, 0, 0, 5);
        g.check(VECTOR); // GemmCase fills C with NaN whenever beta is 0
    }

    @Test
    void kernelsPickVectorGemmWhenTheModuleIsPresent() {
        assumeTrue(FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256, "no 256-bit vectors on this CPU");
        assumeTrue(!"false".equalsIgnoreCase(System.getProperty("dendrite.simd")), "run with -Ddendrite.simd=false");
        assertThat(Kernels.SIMD).isTrue();
        assertThat(Kernels.javaGemm()).isInstanceOf(VectorGemm.class);
        assertThat(Kernels.javaGemm().name()).isEqualTo("vector");
    }

    /** The build's scalar-fallback execution runs the whole suite with the Vector API switched off. */
    @Test
    void simdFalseSelectsTheScalarKernels() {
        assumeTrue("false".equalsIgnoreCase(System.getProperty("dendrite.simd")), "only with -Ddendrite.simd=false");
        assertThat(Kernels.SIMD).isFalse();
        assertThat(Kernels.javaGemm()).isInstanceOf(ScalarGemm.class);
    }

    /** One product with its operands laid out in padded arrays at offsets. */
    record GemmCase(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                    int offset, int pad, long seed) {

        void check(Gemm gemm) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int aRows = ta ? k : m;
            int aCols = ta ? m : k;
            int bRows = tb ? n : k;
            int bCols = tb ? k : n;
            int lda = Math.max(1, aCols + pad);
            int ldb = Math.max(1, bCols + pad);
            int ldc = Math.max(1, n + pad);
            float[] a = matrix(rnd, offset, aRows, aCols, lda);
            float[] b = matrix(rnd, offset + 1, bRows, bCols, ldb);
            float[] c = matrix(rnd, offset + 2, m, n, ldc);
            if (beta == 0f) {
                fillRegion(c, offset + 2, m, n, ldc, Float.NaN); // must not be read
            }
            float[] expected = c.clone();
            float[] actual = c.clone();
            SCALAR.sgemm(ta, tb, m, n, k, alpha, a, offset, lda, b, offset + 1, ldb, beta, expected, offset + 2, ldc);
            gemm.sgemm(ta, tb, m, n, k, alpha, a, offset, lda, b, offset + 1, ldb, beta, actual, offset + 2, ldc);
            for (int idx = 0; idx < c.length; idx++) {
                int rel = idx - (offset + 2);
                boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
                if (!inside) {
                    assertThat(Float.floatToRawIntBits(actual[idx])).as("%s: untouched element %d", this, idx)
                            .isEqualTo(Float.floatToRawIntBits(c[idx]));
                    continue;
                }
                int i = rel / ldc;
                int j = rel % ldc;
                // Both sides sum k products in different orders: each is within (k + 2) * eps of the
                // exact value relative to the sum of magnitudes, so their difference is within twice that.
                double magnitude = Math.abs(alpha) * absDot(a, lda, b, ldb, i, j)
                        + (beta == 0f ? 0 : Math.abs(beta * c[idx]));
                double tol = 2 * (k + 2) * Math.ulp(1f) * magnitude + 1e-30;
                assertThat((double) actual[idx]).as("%s: C[%d, %d]", this, i, j)
                        .isCloseTo(expected[idx], org.assertj.core.data.Offset.offset(tol));
            }
        }

        private double absDot(float[] a, int lda, float[] b, int ldb, int i, int j) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                float x = ta ? a[offset + p * lda + i] : a[offset + i * lda + p];
                float y = tb ? b[offset + 1 + j * ldb + p] : b[offset + 1 + p * ldb + j];
                s += Math.abs((double) x * y);
            }
            return s;
        }

        /** Random values in [-1, 1); padding between rows holds NaN so stray reads show up. */
        private static float[] matrix(SplittableRandom rnd, int off, int rows, int cols, int ld) {
            float[] x = new float[off + rows * ld + 3];
            java.util.Arrays.fill(x, Float.NaN);
            for (int r = 0; r < rows; r++) {
                for (int q = 0; q < cols; q++) {
                    x[off + r * ld + q] = (float) (rnd.nextDouble() * 2 - 1);
                }
            }
            return x;
        }

        private static void fillRegion(float[] x, int off, int rows, int cols, int ld, float v) {
            for (int r = 0; r < rows; r++) {
                java.util.Arrays.fill(x, off + r * ld, off + r * ld + cols, v);
            }
        }

        @Override
        public String toString() {
            return (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k
                    + " alpha=" + alpha + " beta=" + beta + " off=" + offset + " pad=" + pad;
        }
    }
}
