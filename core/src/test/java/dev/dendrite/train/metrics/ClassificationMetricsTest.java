package dev.dendrite.train.metrics;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassificationMetricsTest {
    /** Four rows of four class scores. */
    private static final Tensor SCORES = Tensor.matrix(new float[][] {
            {0.1f, 0.5f, 0.3f, 0.1f}, // true 2: one class (1) above -> top-2
            {0.4f, 0.4f, 0.1f, 0.1f}, // true 1: ties with class 0, lower index wins -> top-2
            {0.7f, 0.1f, 0.1f, 0.1f}, // true 0: nothing above -> top-1
            {0.1f, 0.2f, 0.3f, 0.4f}, // true 0: three classes above -> top-4
    });
    private static final int[] TRUE = {2, 1, 0, 0};

    @Test
    void accuracy() {
        assertThat(ClassificationMetrics.accuracy(new int[] {1, 2, 3, 4}, new int[] {1, 0, 3, 0})).isEqualTo(0.5);
        // argmax per row is 1, 0, 0, 3: only row 2 is right
        assertThat(ClassificationMetrics.accuracy(SCORES, TRUE)).isEqualTo(0.25);
    }

    @Test
    void topK() {
        assertThat(ClassificationMetrics.topKAccuracy(SCORES, TRUE, 1)).isEqualTo(0.25); // row 2
        assertThat(ClassificationMetrics.topKAccuracy(SCORES, TRUE, 2)).isEqualTo(0.75); // rows 0, 1, 2
        assertThat(ClassificationMetrics.topKAccuracy(SCORES, TRUE, 3)).isEqualTo(0.75);
        assertThat(ClassificationMetrics.topKAccuracy(SCORES, TRUE, 4)).isEqualTo(1.0);
        assertThatThrownBy(() -> ClassificationMetrics.topKAccuracy(SCORES, TRUE, 5))
                .hasMessage("topKAccuracy: k = 5 must be in 1..4");
    }

    @Test
    void rocAucByHand() {
        // positives score 0.35 and 0.8, negatives 0.1 and 0.4: of the 4 (positive, negative) pairs
        // the positive wins 3 -> AUC = 3/4
        assertThat(ClassificationMetrics.rocAuc(new float[] {0.1f, 0.4f, 0.35f, 0.8f}, new int[] {0, 0, 1, 1}))
                .isEqualTo(0.75);
    }

    @Test
    void rocAucTiesTakeTheAverageRank() {
        // sorted: 0.2 (rank 1, neg), 0.5 and 0.5 (ranks 2 and 3 -> 2.5 each; one pos, one neg), 0.9 (rank 4, pos)
        // positive rank sum 2.5 + 4 = 6.5; U = 6.5 - 2*3/2 = 3.5; AUC = 3.5 / (2 * 2) = 0.875
        // (pairwise: 0.5 vs 0.5 counts 1/2, 0.5 beats 0.2, 0.9 beats both -> 3.5 of 4)
        assertThat(ClassificationMetrics.rocAuc(new float[] {0.5f, 0.5f, 0.2f, 0.9f}, new int[] {1, 0, 0, 1}))
                .isEqualTo(0.875);
        // all scores equal: every pair ties -> 0.5
        assertThat(ClassificationMetrics.rocAuc(new float[] {1, 1, 1}, new int[] {0, 1, 1})).isEqualTo(0.5);
    }

    @Test
    void rocAucFromTwoColumnScores() {
        // logits (0, s) order rows like the softmax probability of class 1, so AUC matches the 1-D case
        Tensor logits = Tensor.matrix(new float[][] {{0, 0.1f}, {0, 0.4f}, {0, 0.35f}, {0, 0.8f}});
        assertThat(ClassificationMetrics.rocAuc(logits, new int[] {0, 0, 1, 1})).isEqualTo(0.75);
        Tensor probabilities = Tensor.matrix(new float[][] {{0.9f, 0.1f}, {0.6f, 0.4f}, {0.65f, 0.35f}, {0.2f, 0.8f}});
        assertThat(ClassificationMetrics.rocAuc(probabilities, new int[] {0, 0, 1, 1})).isEqualTo(0.75);
        assertThat(ClassificationMetrics.rocAuc(Tensor.vector(0.1f, 0.4f, 0.35f, 0.8f), new int[] {0, 0, 1, 1}))
                .isEqualTo(0.75);
    }

    @Test
    void rocAucNeedsBothClasses() {
        assertThatThrownBy(() -> ClassificationMetrics.rocAuc(new float[] {0.1f, 0.2f}, new int[] {1, 1}))
                .hasMessage("rocAuc: needs both classes, got 2 positives and 0 negatives");
        assertThatThrownBy(() -> ClassificationMetrics.rocAuc(new float[] {0.1f, 0.2f}, new int[] {0, 2}))
                .hasMessage("rocAuc: label 2 of row 1, expected 0 or 1");
    }
}
