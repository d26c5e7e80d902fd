package dev.dendrite.recommend;

import dev.dendrite.nn.EmbeddingBag;
import dev.dendrite.nn.Graph;
import dev.dendrite.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * NeuMF's history input: {@link Histories} lists a user's items latest first
 * by their ages, training feeds each example only the items before its
 * positive (so an item that is always a user's newest never reaches the
 * history tables), and a model and a history that do not fit are refused.
 */
class HistoryInputTest {
    private static final int E = EmbeddingBag.EMPTY;

    @Test
    void historiesListTheItemsBeforeAPointLatestFirst() {
        // user 0: items 1, 3, 4 aged 5, 0, 9, so in time order 4, 1, 3; user 1: item 2 alone
        UserItems train = UserItems.withAges(new int[][] {{1, 3, 4}, {2}}, 6, new int[][] {{5, 0, 9}, {0}});
        Histories h = Histories.of(train, 4);
        int[] out = new int[4];
        h.latest(0, out, 0);
        assertThat(out).containsExactly(3, 1, 4, E);
        assertThat(h.positions(0)).containsExactly(1, 2, 0);
        h.before(0, 2, out, 0); // before item 3, the newest
        assertThat(out).containsExactly(1, 4, E, E);
        h.before(0, 0, out, 0); // before item 4, the oldest
        assertThat(out).containsOnly(E);
        h.latest(1, out, 0);
        assertThat(out).containsExactly(2, E, E, E);
        int[] two = Histories.of(train, 2).latestRepeated(0, 3);
        assertThat(two).containsExactly(3, 1, 3, 1, 3, 1);
        assertThatThrownBy(() -> Histories.of(new UserItems(new int[][] {{1}}, 3), 2))
                .hasMessageContaining("times");
    }

    @Test
    void trainingFeedsOnlyTheItemsBeforeEachPositive() {
        // item 5 is every user's newest: no positive has it before, so its rows of the history tables never
        // get a gradient (Adam without decay then leaves them as they were); item 0 nobody chose
        UserItems train = UserItems.withAges(new int[][] {{1, 2, 5}, {2, 3, 5}, {1, 4, 5}, {3, 5}}, 6,
                new int[][] {{2, 1, 0}, {1, 2, 0}, {1, 2, 0}, {1, 0}});
        Graph g = NcfModels.neumf(4, 6, 3, new int[] {4, 2}, 0f, false, 2, 1, new Rng(3));
        float[] gmfBefore = g.parameters().get("gmf_history.weight").value().toArray();
        float[] mlpBefore = g.parameters().get("mlp_history.weight").value().toArray();
        double loss = NcfTrainer.train(g, train, null, Histories.of(train, 2),
                new NcfTrainer.Options(3, 4, 2, 0.05, 9), null);
        assertThat(loss).isFinite();
        float[] gmf = g.parameters().get("gmf_history.weight").value().toArray();
        float[] mlp = g.parameters().get("mlp_history.weight").value().toArray();
        for (int item = 0; item < 6; item++) {
            boolean read = item >= 1 && item <= 4;
            assertThat(!Arrays.equals(gmf, item * 3, item * 3 + 3, gmfBefore, item * 3, item * 3 + 3))
                    .as("gmf history row of item " + item + " changed").isEqualTo(read);
            assertThat(!Arrays.equals(mlp, item * 2, item * 2 + 2, mlpBefore, item * 2, item * 2 + 2))
                    .as("mlp history row of item " + item + " changed").isEqualTo(read);
        }
    }

    @Test
    void aModelAndAHistoryThatDoNotFitAreRefused() {
        UserItems train = UserItems.withAges(new int[][] {{1, 2}}, 3, new int[][] {{1, 0}});
        NcfTrainer.Options o = new NcfTrainer.Options(1, 4, 1, 0.01, 1);
        Graph withHistory = NcfModels.neumf(1, 3, 2, new int[] {2}, 0f, false, 3, 0, new Rng(1));
        Graph without = NcfModels.neumf(1, 3, 2, new int[] {2}, 0f, false, new Rng(1));
        assertThatThrownBy(() -> NcfTrainer.train(withHistory, train, null, null, o, null))
                .hasMessageContaining("latest 3 items, but no history was given");
        assertThatThrownBy(() -> NcfTrainer.train(without, train, null, Histories.of(train, 3), o, null))
                .hasMessageContaining("no 'history' input");
        assertThatThrownBy(() -> NcfTrainer.train(withHistory, train, null, Histories.of(train, 2), o, null))
                .hasMessageContaining("3 history slots, the history has 2");
        assertThatThrownBy(() -> NcfTrainer.scorer(withHistory, null, null)).hasMessageContaining("no history");
    }
}
