package dev.dendrite.blas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dendrite.tensor.kernel.Gemm;
import dev.dendrite.tensor.kernel.Kernels;
import dev.dendrite.tensor.kernel.ScalarGemm;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Parity of {@link OpenBlasGemm} with {@link ScalarGemm}; skipped where OpenBLAS is not installed. */
class OpenBlasGemmTest {
    private final OpenBlasGemmProvider provider = new OpenBlasGemmProvider();

    @BeforeEach
    void needsLibrary() {
        assumeTrue(provider.available(), () -> "OpenBLAS not available: " + OpenBlasGemm.loadProblem());
    }

    @TestFactory
    Stream<DynamicTest> matchesScalarGemm() {
        SplittableRandom rnd = new SplittableRandom(3);
        float[] alphas = {1f, -0.5f, 0f, 2f};
        float[] betas = {0f, 1f, 0.25f};
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            boolean ta = rnd.nextBoolean();
            boolean tb = rnd.nextBoolean();
            int m = rnd.nextInt(40);
            int n = rnd.nextInt(40);
            int k = rnd.nextInt(40);
            float alpha = alphas[rnd.nextInt(alphas.length)];
            float beta = betas[rnd.nextInt(betas.length)];
            int off = rnd.nextInt(4);
            int pad = rnd.nextInt(4);
            long seed = rnd.nextLong();
            tests.add(DynamicTest.dynamicTest((ta ? "T" : "N") + (tb ? "T" : "N") + " " + m + "x" + n + "x" + k
                            + " alpha=" + alpha + " beta=" + beta,
                    () -> check(provider.gemm(), ta, tb, m, n, k, alpha, beta, off, pad, seed)));
        }
        tests.add(DynamicTest.dynamicTest("NN 200x190x300 (threaded in OpenBLAS)",
                () -> check(provider.gemm(), false, false, 200, 190, 300, 1f, 0f, 1, 2, 9)));
        tests.add(DynamicTest.dynamicTest("TT 131x77x257",
                () -> check(provider.gemm(), true, true, 131, 77, 257, 1f, 0.5f, 0, 0, 10)));
        return tests.stream();
    }

    @Test
    void selectedByName() {
        Gemm before = Kernels.gemm();
        try {
            Kernels.useGemm("openblas");
            assertThat(Kernels.gemm().name()).isEqualTo("openblas");
        } finally {
            Kernels.useGemm(before);
        }
    }

    @Test
    void arraysTooSmallAreRejectedBeforeNativeCode() {
        Gemm g = provider.gemm();
        float[] small = new float[5];
        float[] c = new float[4];
        assertThatThrownBy(() -> g.sgemm(false, false, 2, 2, 3, 1f, small, 0, 3, new float[6], 0, 2, 0f, c, 0, 2))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("needs 6 floats, array has 5");
    }

    private static void check(Gemm gemm, boolean ta, boolean tb, int m, int n, int k,
                              float alpha, float beta, int off, int pad, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int lda = Math.max(1, (ta ? m : k) + pad);
        int ldb = Math.max(1, (tb ? k : n) + pad);
        int ldc = Math.max(1, n + pad);
        float[] a = random(rnd, off + (ta ? k : m) * lda);
        float[] b = random(rnd, off + (tb ? n : k) * ldb);
        float[] c = random(rnd, off + m * ldc);
        float[] expected = c.clone();
        float[] actual = c.clone();
        new ScalarGemm().sgemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, expected, off, ldc);
        gemm.sgemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, actual, off, ldc);
        // Inputs lie in [-1, 1): every sum of k products is within about k * eps * k of exact in magnitude.
        double tol = 4 * (k + 2) * Math.ulp(1f) * (Math.abs(alpha) * k + Math.abs(beta)) + 1e-30;
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], Offset.offset(tol));
        }
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
