package dev.dendrite.tensor.kernel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The batch-norm kernels' vector loops ({@link VectorBatchNorm}) against the
 * plain loops of {@link BatchNormKernels}, with and without the fused ReLU, with
 * the batch's statistics and with fixed ones, on planes shorter than a vector
 * (plain loops on both sides), a vector and a tail, and the reference CNN's
 * 14x14. The statistics are summed in another order, so values agree to float
 * rounding; the fused ReLU's zeros are exact.
 */
class BatchNormKernelsTest {

    @ParameterizedTest
    @CsvSource({
        "6, 3, 1, true", "6, 3, 1, false",
        "4, 2, 7, true",
        "5, 3, 16, true", "5, 3, 16, false",
        "3, 4, 25, true", "3, 4, 25, false",
        "8, 2, 196, true", "8, 2, 196, false"})
    void vectorLoopsMatchThePlainLoops(int n, int c, int s, boolean relu) {
        // the vector loops are asked for by name here: a JVM without the module has none to compare
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "no jdk.incubator.vector");
        Random r = new Random(n * 100 + c * 10 + s);
        float[] x = new float[n * c * s];
        float[] dy = new float[n * c * s];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 2 + 0.5);
            dy[i] = (float) r.nextGaussian();
        }
        float[] gamma = new float[c];
        float[] beta = new float[c];
        for (int ch = 0; ch < c; ch++) {
            gamma[ch] = 0.5f + ch;
            beta[ch] = 0.1f * ch - 0.2f;
        }
        for (boolean batchStats : new boolean[] {true, false}) {
            float[] meanV = new float[c];
            float[] varV = new float[c];
            float[] meanS = new float[c];
            float[] varS = new float[c];
            if (!batchStats) {
                for (int ch = 0; ch < c; ch++) {
                    meanV[ch] = meanS[ch] = 0.3f * ch;
                    varV[ch] = varS[ch] = 1.5f + ch;
                }
            }
            float[] yV = BatchNormKernels.forward(x, n, c, s, meanV, varV, batchStats, gamma, beta, 1e-5f, relu, true);
            float[] yS = BatchNormKernels.forward(x, n, c, s, meanS, varS, batchStats, gamma, beta, 1e-5f, relu, false);
            close("mean", meanV, meanS);
            close("var", varV, varS);
            close("output", yV, yS);
            if (relu) {
                for (int i = 0; i < yS.length; i++) {
                    assertThat(yV[i] == 0f).as("zero at " + i).isEqualTo(yS[i] == 0f);
                }
            }
            float[][] gV = BatchNormKernels.backward(x, dy, relu ? beta : null, n, c, s, meanS, varS, batchStats, gamma,
                    1e-5f, true, true);
            float[][] gS = BatchNormKernels.backward(x, dy, relu ? beta : null, n, c, s, meanS, varS, batchStats, gamma,
                    1e-5f, true, false);
            close("input gradient", gV[0], gS[0]);
            close("gamma gradient", gV[1], gS[1]);
            close("beta gradient", gV[2], gS[2]);
        }
    }

    private static void close(String what, float[] actual, float[] expected) {
        float scale = 1f;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as(what + " " + i + ": " + actual[i] + " vs " + expected[i])
                    .isLessThanOrEqualTo(2e-5f * scale);
        }
    }
}
