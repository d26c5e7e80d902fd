package dev.dendrite.train.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ConfusionMatrixTest {
    static final int[] ACTUAL = {0, 0, 0, 1, 1, 1, 1, 2, 2, 2};
    static final int[] PREDICTED = {0, 0, 1, 1, 1, 2, 1, 2, 0, 2};
    static final List<String> NAMES = List.of("cat", "dog", "bird");

    @Test
    void countsAndScoresByHand() {
        ConfusionMatrix m = ConfusionMatrix.of(ACTUAL, PREDICTED, NAMES);
        // rows = actual, columns = predicted:
        //   cat:  2 1 0
        //   dog:  0 3 1
        //   bird: 1 0 2
        assertThat(m.counts()).isDeepEqualTo(new int[][] {{2, 1, 0}, {0, 3, 1}, {1, 0, 2}});
        assertThat(m.total()).isEqualTo(10);
        assertThat(m.accuracy()).isEqualTo(0.7); // (2 + 3 + 2) / 10
        // precision = diagonal / column sum: 2/3, 3/4, 2/3
        assertThat(m.precision(0)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.precision(1)).isEqualTo(0.75);
        assertThat(m.precision(2)).isCloseTo(2.0 / 3, within(1e-12));
        // recall = diagonal / row sum: 2/3, 3/4, 2/3
        assertThat(m.recall(0)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.recall(1)).isEqualTo(0.75);
        assertThat(m.support(1)).isEqualTo(4);
        assertThat(m.predictedCount(1)).isEqualTo(4);
        // F1 = 2PR / (P + R) equals P when P = R
        assertThat(m.f1(1)).isEqualTo(0.75);
        // macro = (2/3 + 3/4 + 2/3) / 3 = 25/36 = 0.694444...
        assertThat(m.macroPrecision()).isCloseTo(25.0 / 36, within(1e-12));
        assertThat(m.macroRecall()).isCloseTo(25.0 / 36, within(1e-12));
        assertThat(m.macroF1()).isCloseTo(25.0 / 36, within(1e-12));
    }

    @Test
    void unequalPrecisionAndRecall() {
        // class 1: TP 1, FP 2, FN 1 -> P = 1/3, R = 1/2, F1 = 2 * (1/6) / (5/6) = 0.4
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {1, 1, 0, 0}, new int[] {1, 0, 1, 1}, 2);
        assertThat(m.precision(1)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(m.recall(1)).isEqualTo(0.5);
        assertThat(m.f1(1)).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void zeroOverZeroIsZero() {
        // class 1 never occurs and is never predicted: P = R = F1 = 0 by definition, not NaN
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0}, new int[] {0, 0}, 2);
        assertThat(m.precision(1)).isZero();
        assertThat(m.recall(1)).isZero();
        assertThat(m.f1(1)).isZero();
        assertThat(m.macroF1()).isEqualTo(0.5); // (1 + 0) / 2
        assertThat(ConfusionMatrix.of(new int[0], new int[0], 3).accuracy()).isZero();
    }

    @Test
    void formatsAnAlignedTable() {
        String table = ConfusionMatrix.of(ACTUAL, PREDICTED, NAMES).format();
        assertThat(table).isEqualTo("""
                actual \\ predicted  cat  dog  bird
                cat                   2    1     0
                dog                   0    3     1
                bird                  1    0     2
                """);
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0}, new int[] {0, 1}, 2))
                .hasMessage("ConfusionMatrix: 1 labels but 2 predictions");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 1}, 2))
                .hasMessage("ConfusionMatrix: row 1 has label 3 and prediction 1, expected both in 0..1");
    }
}
