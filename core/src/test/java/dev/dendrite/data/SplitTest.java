package dev.dendrite.data;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SplitTest {
    /** Feature 0 holds the row number, so every part can be traced back to its rows. */
    static Dataset imbalanced() {
        // 600 rows: class 0 has 400, class 1 has 150, class 2 has 50
        int n = 600;
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i % 12 < 8 ? 0 : i % 12 < 11 ? 1 : 2;
        }
        return Dataset.classification(Tensor.wrap(x, Shape.of(n, 1)), List.of("row"), y, List.of("a", "b", "c"));
    }

    static int[] rows(Dataset d) {
        float[] x = d.features().toArray();
        int[] r = new int[x.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (int) x[i];
        }
        return r;
    }

    @Test
    void rowIndicesAreThePartsThatApplyTakes() {
        Split split = new Split(0.1, 0.2, 7);
        int[][] parts = split.rows(imbalanced());
        Splits s = split.apply(imbalanced());
        // feature 0 is the row number, so each part's rows read back its indices
        assertThat(parts[0]).containsExactly(rows(s.train()));
        assertThat(parts[1]).containsExactly(rows(s.validation()));
        assertThat(parts[2]).containsExactly(rows(s.test()));
        assertThat(parts[0].length + parts[1].length + parts[2].length).isEqualTo(600);
    }

    @Test
    void stratifiedKeepsClassProportions() {
        Splits s = new Split(0.1, 0.2, 7).apply(imbalanced());
        assertThat(s.test().size()).isEqualTo(120);
        assertThat(s.validation().size()).isEqualTo(60);
        assertThat(s.train().size()).isEqualTo(420);
        // 20% of 400/150/50 = 80/30/10; 10% = 40/15/5; the rest trains
        assertThat(s.test().classCounts()).containsExactly(80, 30, 10);
        assertThat(s.validation().classCounts()).containsExactly(40, 15, 5);
        assertThat(s.train().classCounts()).containsExactly(280, 105, 35);
        assertThat(s.train().classNames()).containsExactly("a", "b", "c");
    }

    @Test
    void partsAreDisjointAndCoverEveryRow() {
        Splits s = new Split(0.15, 0.15, 1).apply(imbalanced());
        int[] all = concat(rows(s.train()), rows(s.validation()), rows(s.test()));
        Arrays.sort(all);
        for (int i = 0; i < all.length; i++) {
            assertThat(all[i]).isEqualTo(i);
        }
    }

    @Test
    void deterministicForASeedAndDifferentAcrossSeeds() {
        Dataset d = imbalanced();
        Splits a = new Split(0.1, 0.2, 42).apply(d);
        Splits b = new Split(0.1, 0.2, 42).apply(d);
        Splits c = new Split(0.1, 0.2, 43).apply(d);
        assertThat(a).isEqualTo(b);
        assertThat(rows(a.test())).isNotEqualTo(rows(c.test()));
    }

    @Test
    void regressionShufflesAndCuts() {
        int n = 101;
        Dataset d = Dataset.regression(Tensor.arange(n).reshape(n, 1), List.of("row"), Tensor.arange(n));
        Splits s = Split.trainTest(d, 0.25, 9);
        assertThat(s.test().size()).isEqualTo(25); // round(101 * 0.25) = round(25.25)
        assertThat(s.validation().size()).isZero();
        assertThat(s.train().size()).isEqualTo(76);
        // targets follow their rows
        assertThat(s.test().targets().toArray()).containsExactly(s.test().features().toArray());
        assertThat(Split.trainTest(d, 0.25, 9)).isEqualTo(s);
    }

    @Test
    void smallClassesRoundWithTotalsExact() {
        // 7 classes of 3 rows: 30% of each is 0.9 rows; cumulative rounding gives 6 test rows in all
        int n = 21;
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i / 3;
        }
        Dataset d = Dataset.classification(Tensor.arange(n).reshape(n, 1), List.of("row"), y,
                List.of("0", "1", "2", "3", "4", "5", "6"));
        Splits s = Split.trainTest(d, 0.3, 5);
        assertThat(s.test().size()).isEqualTo(6); // round(21 * 0.3) = round(6.3)
        for (int c : s.test().classCounts()) {
            assertThat(c).isBetween(0, 1);
        }
    }

    @Test
    void badFractions() {
        assertThatThrownBy(() -> new Split(0.5, 0.5, 1)).hasMessageContaining("sum below 1");
        assertThatThrownBy(() -> new Split(-0.1, 0.2, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }
}
