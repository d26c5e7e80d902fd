package dev.dendrite.tensor.kernel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Max pooling's choices where PyTorch's fixtures cannot reach: ties go to the
 * first element of the window (row-major), and a NaN anywhere in a window is
 * the window's maximum, with and without padding (two code paths); and the
 * vector kernel for 2x2 windows at stride 2 against the plain loops, value for
 * value and index for index, on activations full of ties and a few NaNs.
 */
class Pool2dKernelsTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void tiesGoToTheFirstAndNaNWins(int pad) {
        // one 4x4 plane; 2x2 windows with stride 2 (padding 1 moves them, so use 3x3 windows there)
        int k = pad == 0 ? 2 : 3;
        ConvGeometry g = new ConvGeometry(1, 1, 4, 4, 1, k, k, 2, 2, pad, pad, 1, 1, 1);
        float[] x = {
            5, 5, 1, 2,
            5, 5, Float.NaN, 3,
            0, 0, 7, 7,
            0, 0, 7, 7};
        int[] at = new int[g.oh() * g.ow()];
        float[] y = Pool2dKernels.maxForward(g, x, at);
        if (pad == 0) {
            assertThat(y).containsExactly(5f, Float.NaN, 0f, 7f);
            assertThat(at).containsExactly(0, 6, 8, 10);
        } else {
            // windows centred on (0,0), (0,2), (2,0), (2,2): rows/cols -1..1 and 1..3
            assertThat(y).containsExactly(5f, Float.NaN, 5f, Float.NaN);
            assertThat(at).containsExactly(0, 6, 4, 6);
        }
        float[] dx = Pool2dKernels.maxBackward(g, at, new float[] {1, 2, 3, 4});
        float sum = 0;
        for (float v : dx) {
            sum += v;
        }
        assertThat(sum).isEqualTo(10f);
        assertThat(dx[at[0]]).isGreaterThanOrEqualTo(1f);
    }

    @ParameterizedTest
    @CsvSource({
        "3, 5, 28, 28",   // the reference CNN's first pooling
        "2, 4, 14, 14",   // its second (7 outputs per row)
        "1, 2, 7, 9",     // odd sizes: the last row and column are dropped
        "2, 3, 2, 2",     // one window per plane
        "1, 2, 6, 34",    // 17 outputs per row: more than one vector
        "2, 1, 5, 66",
        "1, 1, 3, 2"})
    void twoByTwoKernelMatchesThePlainLoops(int n, int c, int h, int w) {
        ConvGeometry g = new ConvGeometry(n, c, h, w, c, 2, 2, 2, 2, 0, 0, 1, 1, c);
        Random r = new Random(h * 31 + w);
        float[] x = new float[g.inputSize()];
        for (int i = 0; i < x.length; i++) {
            // few distinct values, many zeros as after a ReLU, and a NaN now and then
            int v = r.nextInt(8) - 3;
            x[i] = r.nextInt(50) == 0 ? Float.NaN : Math.max(0, v);
        }
        int[] fastAt = new int[g.outputSize()];
        int[] specAt = new int[g.outputSize()];
        float[] fast = Pool2dKernels.maxForward(g, x, fastAt);
        float[] spec = Pool2dKernels.maxForwardScalar(g, x, specAt);
        assertThat(fast).containsExactly(spec);
        assertThat(fastAt).containsExactly(specAt);
    }
}
