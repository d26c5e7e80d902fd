package dev.dendrite.recommend;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RankingTest {

    /** Two users, 5 items; user 0 trains on item 0 and holds out item 1, user 1 trains on 2 and holds out 3. */
    private static LeaveOneOut.Holdout holdout() {
        Interactions d = Interactions.ofPairs(2, 5, new int[] {0, 1, 0, 1}, new int[] {0, 2, 1, 3});
        return LeaveOneOut.of(d).test(3, 1);
    }

    @Test
    void ranksCountHigherScoresAndHalfTheTies() {
        float[] s = {0.5f, 0.9f, 0.5f, 0.5f, 0.1f, 0.5f};
        // one higher (0.9), four ties at 0.5 (indices 0, 2, 3, 5 minus itself: compare against all given)
        assertThat(Ranking.rank(0.5f, s, 1, s.length)).isEqualTo(1 + 3 / 2);
        assertThat(Ranking.ndcg(0, 10)).isEqualTo(1.0);
        assertThat(Ranking.ndcg(2, 10)).isCloseTo(0.5, within(1e-12));
        assertThat(Ranking.ndcg(10, 10)).isZero();
    }

    @Test
    void theSplitHoldsOutTheLatestAndSamplesUnseenNegatives() {
        LeaveOneOut.Holdout h = holdout();
        assertThat(h.targets()).containsExactly(1, 3);
        assertThat(h.train()).containsExactly(0, 1);
        // user 0 saw items 0 and 1: its negatives are 3 of {2, 3, 4}, all distinct
        assertThat(h.negatives()[0]).containsExactlyInAnyOrder(2, 3, 4);
        assertThat(h.negatives()[1]).containsExactlyInAnyOrder(0, 1, 4);
    }

    @Test
    void aPerfectScorerHitsEverythingAndAConstantOneHitsHalfway() {
        LeaveOneOut.Holdout h = holdout();
        Scorer perfect = (u, items, out) -> {
            for (int j = 0; j < items.length; j++) {
                out[j] = items[j] == h.targets()[u] ? 1 : 0;
            }
        };
        Ranking.Metrics m = Ranking.evaluate(perfect, h, 1, true);
        assertThat(m.hr()).isEqualTo(1.0);
        assertThat(m.ndcg()).isEqualTo(1.0);
        assertThat(m.mrr()).isEqualTo(1.0);
        assertThat(m.fullHr()).isEqualTo(1.0);
        // the top-1 lists are items 1 and 3: 2 of 5 items
        assertThat(m.coverage()).isEqualTo(0.4);
        Ranking.Metrics c = Ranking.evaluate((u, items, out) -> java.util.Arrays.fill(out, 0, items.length, 7f), h, 1, false);
        // 3 ties: rank 1 for both users, so no hit at K = 1 and MRR = 1/2
        assertThat(c.hr()).isZero();
        assertThat(c.mrr()).isEqualTo(0.5);
    }

    @Test
    void latestIsTestSecondLatestIsValidationAndTiesFollowTheFile() {
        IdMap users = IdMap.of(java.util.List.of("u"));
        IdMap items = IdMap.of(java.util.List.of("a", "b", "c", "d", "e"));
        // times 5, 9, 9, 1: the tie at 9 goes to the later row (item c) as latest
        Interactions d = new Interactions(users, items, new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3},
                new double[] {5, 9, 9, 1}, new float[] {1, 1, 1, 1});
        LeaveOneOut split = LeaveOneOut.of(d);
        assertThat(split.test(1, 3).targets()).containsExactly(2);
        LeaveOneOut.Holdout v = split.validation(1, 3);
        assertThat(v.targets()).containsExactly(1);
        assertThat(v.train()).containsExactly(0, 3);
        // the only unseen item is e
        assertThat(v.negatives()[0]).containsExactly(4);
    }

    @Test
    void topKSkipsExcludedAndPutsTheBestFirst() {
        float[] s = {0.3f, 0.9f, 0.9f, 0.1f, 0.7f};
        assertThat(TopK.select(s, 3, null)).containsExactly(1, 2, 4);
        assertThat(TopK.select(s, 3, new int[] {1, 4})).containsExactly(2, 0, 3);
        assertThat(TopK.select(s, 10, new int[] {0})).containsExactly(1, 2, 4, 3);
    }
}
