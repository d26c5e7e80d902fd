package dev.dendrite.tensor.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image-by-image convolution ({@link Conv2dKernels}) against its scalar
 * specification ({@link ScalarConv2d}) on awkward shapes: 1x1 kernels, stride 2,
 * padding larger than 1, odd sizes, one channel, groups, dilation, a window
 * wider than its stride, batches large enough to run on several threads and to
 * put several images in one weight-gradient run, and a first layer's shape
 * (one input channel, many outputs); and bit-identical results for any thread count.
 * Both sum the same products in different orders, so they agree to float32
 * rounding of sums of at most a few hundred terms: 1e-5 of the largest value.
 */
class Conv2dParityTest {

    static Stream<ConvGeometry> shapes() {
        return Stream.of(
                // n, c, h, w, oc, kh, kw, sh, sw, ph, pw, dh, dw, groups
                new ConvGeometry(2, 3, 5, 5, 4, 1, 1, 1, 1, 0, 0, 1, 1, 1),
                new ConvGeometry(2, 3, 7, 6, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1),
                new ConvGeometry(3, 2, 5, 7, 3, 3, 3, 1, 1, 2, 2, 1, 1, 1),
                new ConvGeometry(1, 1, 9, 4, 2, 5, 2, 2, 1, 3, 0, 1, 1, 1),
                new ConvGeometry(2, 4, 6, 6, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2),
                new ConvGeometry(2, 3, 6, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 3),
                new ConvGeometry(2, 2, 8, 8, 3, 3, 3, 1, 2, 2, 2, 2, 2, 1),
                new ConvGeometry(1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1),
                new ConvGeometry(1, 2, 3, 3, 2, 3, 3, 3, 3, 0, 0, 1, 1, 1),
                new ConvGeometry(16, 8, 14, 14, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                // more images than weight-gradient runs (several images per run), groups, one channel per group
                new ConvGeometry(37, 4, 9, 7, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2),
                new ConvGeometry(20, 1, 12, 12, 40, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                // shapes where AVX-512 reads the columns in place (stride 1, c/g kh kw a multiple of 8,
                // whole tiles of 32 output channels): padding 1, groups with uneven padding, dilation
                new ConvGeometry(5, 8, 9, 11, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1),
                new ConvGeometry(3, 16, 7, 6, 64, 3, 3, 1, 1, 2, 1, 1, 1, 2),
                new ConvGeometry(2, 8, 10, 10, 32, 3, 3, 1, 1, 2, 2, 2, 2, 1),
                new ConvGeometry(2, 8, 6, 6, 32, 1, 1, 1, 1, 0, 0, 1, 1, 1));
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void im2colGemmAgreesWithTheDefinition(ConvGeometry g) {
        Random r = new Random(g.hashCode());
        float[] x = random(r, g.inputSize());
        float[] w = random(r, g.weightSize());
        float[] b = random(r, g.oc());
        float[] dy = random(r, g.outputSize());

        close("forward", Conv2dKernels.forward(g, x, w, b), ScalarConv2d.forward(g, x, w, b));
        float[][] fast = Conv2dKernels.backward(g, x, w, dy, true, true, true);
        float[][] spec = ScalarConv2d.backward(g, x, w, dy);
        close("input gradient", fast[0], spec[0]);
        close("weight gradient", fast[1], spec[1]);
        close("bias gradient", fast[2], spec[2]);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void unwantedGradientsAreNotComputed(ConvGeometry g) {
        Random r = new Random(1);
        float[] x = random(r, g.inputSize());
        float[][] out = Conv2dKernels.backward(g, x, random(r, g.weightSize()),
                random(r, g.outputSize()), false, true, false);
        assertThat(out[0]).isNull();
        assertThat(out[1]).hasSize(g.weightSize());
        assertThat(out[2]).isNull();
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        ConvGeometry g = new ConvGeometry(37, 8, 10, 10, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        Random r = new Random(7);
        float[] x = random(r, g.inputSize());
        float[] w = random(r, g.weightSize());
        float[] b = random(r, g.oc());
        float[] dy = random(r, g.outputSize());
        int before = Kernels.threads();
        try {
            Kernels.threads(1);
            float[] y1 = Conv2dKernels.forward(g, x, w, b);
            float[][] g1 = Conv2dKernels.backward(g, x, w, dy, true, true, true);
            Kernels.threads(3);
            float[] y3 = Conv2dKernels.forward(g, x, w, b);
            float[][] g3 = Conv2dKernels.backward(g, x, w, dy, true, true, true);
            assertThat(y3).isEqualTo(y1);
            for (int i = 0; i < 3; i++) {
                assertThat(g3[i]).as("gradient " + i).isEqualTo(g1[i]);
            }
        } finally {
            Kernels.threads(before);
        }
    }

    static void close(String what, float[] actual, float[] expected) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        float scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as(what + " element " + i + ": " + actual[i] + " vs "
                    + expected[i]).isLessThanOrEqualTo(1e-5f * Math.max(1f, scale));
        }
    }
}
