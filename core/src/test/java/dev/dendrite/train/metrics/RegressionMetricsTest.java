package dev.dendrite.train.metrics;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RegressionMetricsTest {
    private static final Tensor PREDICTED = Tensor.of(new float[] {2.5f, 0f, 2f, 8f}, 4, 1);
    private static final Tensor ACTUAL = Tensor.vector(3f, -0.5f, 2f, 7f);

    @Test
    void byHand() {
        // errors: -0.5, 0.5, 0, 1
        // MSE = (0.25 + 0.25 + 0 + 1) / 4 = 0.375
        assertThat(RegressionMetrics.mse(PREDICTED, ACTUAL)).isEqualTo(0.375);
        // MAE = (0.5 + 0.5 + 0 + 1) / 4 = 0.5
        assertThat(RegressionMetrics.mae(PREDICTED, ACTUAL)).isEqualTo(0.5);
        // mean(y) = 11.5 / 4 = 2.875; SS_tot = 0.125^2 + 3.375^2 + 0.875^2 + 4.125^2 = 29.1875
        // SS_res = 1.5; R^2 = 1 - 1.5 / 29.1875 = 0.94860813...
        assertThat(RegressionMetrics.r2(PREDICTED, ACTUAL)).isCloseTo(1 - 1.5 / 29.1875, within(1e-12));
    }

    @Test
    void constantTargets() {
        Tensor y = Tensor.vector(2f, 2f);
        assertThat(RegressionMetrics.r2(y, y)).isEqualTo(1.0);
        assertThat(RegressionMetrics.r2(Tensor.vector(2f, 3f), y)).isZero();
        // predicting the mean everywhere gives R^2 = 0
        assertThat(RegressionMetrics.r2(Tensor.full(2.875f, 4), ACTUAL)).isCloseTo(0, within(1e-12));
    }

    @Test
    void sizeMismatch() {
        assertThatThrownBy(() -> RegressionMetrics.mse(Tensor.zeros(3), Tensor.zeros(4)))
                .hasMessage("mse: predictions [3] and targets [4] differ in size");
    }
}
