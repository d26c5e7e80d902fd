package dev.dendrite.train;

import dev.dendrite.data.Dataset;
import dev.dendrite.data.Folds;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Folds cover every row once, keep class shares, repeat with a seed; the runner's mean and std. */
class CrossValidationTest {
    /** 30 rows: 20 of class 0, 10 of class 1; feature = row number. */
    private static Dataset data() {
        float[] x = new float[30];
        int[] y = new int[30];
        for (int i = 0; i < 30; i++) {
            x[i] = i;
            y[i] = i < 20 ? 0 : 1;
        }
        return Dataset.classification(Tensor.wrap(x, Shape.of(30, 1)), List.of("i"), y, List.of("a", "b"));
    }

    @Test
    void foldsPartitionTheRowsAndAreStratified() {
        Folds f = Folds.of(data(), 5, 7);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            int[] test = f.test(i);
            assertThat(test).hasSize(6);
            int ones = 0;
            for (int r : test) {
                assertThat(seen.add(r)).as("row " + r + " in two folds").isTrue();
                ones += r >= 20 ? 1 : 0;
            }
            // 20 and 10 rows over 5 folds: 4 and 2 in each
            assertThat(ones).isEqualTo(2);
            assertThat(f.train(i)).hasSize(24).doesNotContain(test);
        }
        assertThat(seen).hasSize(30);
        assertThat(Folds.of(data(), 5, 7).test(3)).containsExactly(f.test(3));
        assertThat(Arrays.equals(Folds.of(data(), 5, 8).test(0), f.test(0))).isFalse();
        assertThatThrownBy(() -> Folds.of(data(), 1, 0)).hasMessageContaining("need 2 to 30 folds");
    }

    @Test
    void runnerPassesEachFoldOnceAndSummarises() {
        List<Integer> folds = new ArrayList<>();
        CrossValidation.Result r = CrossValidation.run(data(), 3, 1, (train, test, fold) -> {
            folds.add(fold);
            assertThat(train.size() + test.size()).isEqualTo(30);
            return Map.of("score", (double) fold);
        });
        assertThat(folds).containsExactly(0, 1, 2);
        // scores 0, 1, 2: mean 1, population std sqrt(2/3)
        assertThat(r.mean("score")).isEqualTo(1.0);
        assertThat(r.std("score")).isCloseTo(Math.sqrt(2.0 / 3), within(1e-12));
        assertThat(r.summary()).isEqualTo("score 1.0000 ± 0.8165 (3 folds)" + System.lineSeparator());
    }
}
