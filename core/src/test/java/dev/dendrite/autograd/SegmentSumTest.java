package dev.dendrite.autograd;

import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Var#segmentSum}: values worked out by hand, gradients against central
 * differences (repeated segments, segments no row names, weights other than 1,
 * a non-contiguous input), and its refusals.
 */
class SegmentSumTest {
    /** Segments 2 and 0 take two or three rows each, 1 and 4 none; weights of both signs. */
    private static final int[] SEGMENTS = {2, 0, 2, 2, 3, 0};
    private static final float[] WEIGHTS = {0.5f, -1.25f, 2f, 0.75f, 1.5f, 3f};

    @Test
    void sumsWeightedRowsIntoTheirSegments() {
        Var x = Var.constant(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        Var out = x.segmentSum(new int[] {1, 1, 0}, new float[] {2f, -1f, 0.5f}, 3);
        // segment 0: 0.5 * (5, 6); segment 1: 2 * (1, 2) - (3, 4); segment 2: no rows
        assertThat(out.shape().dims()).containsExactly(3, 2);
        assertThat(out.value().toArray()).containsExactly(2.5f, 3f, -1f, 0f, 0f, 0f);
    }

    @Test
    void gradientAgreesWithFiniteDifferences() {
        Rng rng = new Rng(17);
        // tanh after the sum so that the check is not of a linear map alone
        GradCheck.Report r = GradCheck.check(v -> v.get(0).segmentSum(SEGMENTS, WEIGHTS, 5).tanh(),
                List.of(Tensor.uniform(rng, -1f, 1f, 6, 3)), GradCheck.Options.defaults());
        assertThat(r.passed()).as(r.worst()).isTrue();
    }

    @Test
    void aTransposedInputIsReadInItsLogicalOrder() {
        Rng rng = new Rng(18);
        GradCheck.Report r = GradCheck.check(v -> v.get(0).transpose().segmentSum(SEGMENTS, WEIGHTS, 5).sigmoid(),
                List.of(Tensor.uniform(rng, -1f, 1f, 3, 6)), GradCheck.Options.defaults());
        assertThat(r.passed()).as(r.worst()).isTrue();
    }

    @Test
    void eachRowsGradientIsItsWeightTimesItsSegmentsGradient() {
        Tensor x = Tensor.uniform(new Rng(19), -1f, 1f, 6, 2);
        Var leaf = Var.variable(x);
        // d/dout of sum(out * p) is p; row m then gets weights[m] * p[segments[m]]
        Tensor p = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5, 2);
        float[] weights = WEIGHTS.clone();
        Var out = leaf.segmentSum(SEGMENTS, weights, 5);
        weights[0] = 100f; // the op keeps its own copy
        float[] g = out.mul(Var.constant(p)).sum().backward().get(leaf).toArray();
        assertThat(g).containsExactly(0.5f * 5, 0.5f * 6, -1.25f * 1, -1.25f * 2, 2f * 5, 2f * 6,
                0.75f * 5, 0.75f * 6, 1.5f * 7, 1.5f * 8, 3f * 1, 3f * 2);
    }

    @Test
    void refusesSegmentsOutOfRangeAndMismatchedLengths() {
        Var x = Var.constant(Tensor.zeros(3, 2));
        assertThatThrownBy(() -> x.segmentSum(new int[] {0, 3, 1}, new float[] {1, 1, 1}, 3))
                .hasMessage("segmentSum: segment 3 at row 1 is out of range [0, 3)");
        assertThatThrownBy(() -> x.segmentSum(new int[] {0, -1, 1}, new float[] {1, 1, 1}, 3))
                .hasMessageContaining("segment -1 at row 1");
        assertThatThrownBy(() -> x.segmentSum(new int[] {0, 1}, new float[] {1, 1, 1}, 3))
                .hasMessageContaining("need one segment and one weight each, got 2 and 3");
        assertThatThrownBy(() -> Var.constant(Tensor.zeros(3)).segmentSum(new int[] {0, 0, 0},
                new float[] {1, 1, 1}, 1)).hasMessageContaining("segmentSum: rows [3]");
    }
}
