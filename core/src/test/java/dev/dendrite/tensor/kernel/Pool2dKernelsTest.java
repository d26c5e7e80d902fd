package dev.dendrite.tensor.kernel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Max pooling's choices where PyTorch's fixtures cannot reach: ties go to the
 * first element of the window (row-major), and a NaN anywhere in a window is
 * the window's maximum, with and without padding (two code paths).
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
}
