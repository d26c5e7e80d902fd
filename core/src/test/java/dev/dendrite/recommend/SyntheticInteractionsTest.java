package dev.dendrite.recommend;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticInteractionsTest {

    @Test
    void popularityFollowsAPowerLawAndTheDrawIsSeeded() {
        UserItems a = SyntheticInteractions.powerLaw(2000, 500, 40_000, 0.8, 1.0, 7);
        UserItems b = SyntheticInteractions.powerLaw(2000, 500, 40_000, 0.8, 1.0, 7);
        for (int u = 0; u < 2000; u++) {
            assertThat(a.items(u)).containsExactly(b.items(u));
        }
        int[] pop = a.popularity();
        int[] sorted = pop.clone();
        Arrays.sort(sorted);
        // with exponent 1 the top item draws 1/H(500) ~ 15% of all draws; the median item about 1/(250 H) ~ 0.06%
        int top = sorted[sorted.length - 1];
        int median = sorted[sorted.length / 2];
        assertThat(top).isGreaterThan(20 * median);
        for (int u = 0; u < 2000; u++) {
            int[] l = a.items(u);
            for (int j = 1; j < l.length; j++) {
                assertThat(l[j]).isGreaterThan(l[j - 1]); // sorted, no repeats
            }
        }
    }
}
