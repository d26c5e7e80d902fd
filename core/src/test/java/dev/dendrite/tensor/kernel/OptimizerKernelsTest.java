package dev.dendrite.tensor.kernel;

import dev.dendrite.tensor.Rng;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The vector Adam loop against its scalar specification, on lengths around the vector width. */
class OptimizerKernelsTest {

    @Test
    void vectorAdamEqualsScalarAdamBitForBit() {
        Rng rng = new Rng(4);
        for (int n : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 33, 1000, 1003, 1 << 15, (1 << 16) + 5, 200_003}) {
            float[] p = rand(rng, n);
            float[] g = rand(rng, n);
            float[] m1 = rand(rng, n);
            float[] v1 = abs(rand(rng, n));
            float[] m2 = m1.clone();
            float[] v2 = v1.clone();
            float[] out1 = new float[n];
            float[] out2 = new float[n];
            // the Simd path is taken by adam() when the Vector API is on (not in the scalar-fallback run)
            assumeTrue(Kernels.SIMD, "the Vector API is switched off");
            OptimizerKernels.adam(p, g, m1, v1, out1, n, 0.9f, 0.1f, 0.999f, 0.001f, 0.01f, 3.1f, 1e-8f, 0.01f, 0.999f);
            OptimizerKernels.adamScalar(p, g, m2, v2, out2, n, 0.9f, 0.1f, 0.999f, 0.001f, 0.01f, 3.1f, 1e-8f, 0.01f, 0.999f);
            assertThat(out1).as("n=" + n).containsExactly(out2);
            assertThat(m1).containsExactly(m2);
            assertThat(v1).containsExactly(v2);
        }
    }

    @Test
    void vectorMaskPositiveEqualsTheScalarRule() {
        Rng rng = new Rng(8);
        for (int n : new int[] {0, 1, 7, 8, 9, 31, 33, 1001}) {
            float[] x = rand(rng, n);
            float[] g = rand(rng, n);
            float[] out = new float[n];
            Elementwise.maskPositive(x, 0, g, 0, out, n);
            for (int i = 0; i < n; i++) {
                assertThat(out[i]).isEqualTo(x[i] > 0f ? g[i] : 0f);
            }
        }
    }

    @Test
    void sgdRules() {
        float[] p = {1, 2};
        float[] g = {0.5f, -1};
        float[] out = new float[2];
        OptimizerKernels.sgd(p, g, null, out, 2, 0.1f, 0, 0, 0);
        assertThat(out).containsExactly(0.95f, 2.1f);
        float[] b = {1, 1};
        OptimizerKernels.sgd(p, g, b, out, 2, 0.1f, 0.9f, 0, 0);
        // b = 0.9 b + g, then p - 0.1 b (float arithmetic, as the kernel does it)
        float b0 = 0.9f * 1 + 0.5f;
        float b1 = 0.9f * 1 + -1f;
        assertThat(b).containsExactly(b0, b1);
        assertThat(out).containsExactly(1 - 0.1f * b0, 2 - 0.1f * b1);
        float[] b2 = {1, 1};
        OptimizerKernels.sgd(p, g, b2, out, 2, 0.1f, 0.9f, 0.9f, 0);
        // Nesterov: d = g + 0.9 b
        assertThat(out).containsExactly(1 - 0.1f * (0.5f + 0.9f * b0), 2 - 0.1f * (-1 + 0.9f * b1));
    }

    private static float[] rand(Rng rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

    private static float[] abs(float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.abs(a[i]);
        }
        return a;
    }
}
