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

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @Test
    void aSavedRecommenderWithTheHistoryServesTheSameAnswers() {
        Interactions d = NeighbourhoodTest.random(6); // 12 users, 30 items
        UserItems ui = UserItems.of(d);
        Graph g = NcfModels.neumf(12, 30, 4, new int[] {8, 4}, 0f, false, 6, 2, new Rng(8));
        NcfTrainer.train(g, ui, null, Histories.of(ui, 6), new NcfTrainer.Options(4, 16, 2, 0.02, 1), null);
        Recommender r = new Recommender(g, d.users(), d.items(), ui, Neighbourhood.Options.OFF, java.util.Map.of());
        java.nio.file.Path file = dir.resolve("history.dnd");
        r.save(file);
        Recommender back = Recommender.load(file);
        int[] all = new int[30];
        for (int i = 0; i < 30; i++) {
            all[i] = i;
        }
        for (int u = 0; u < 12; u++) {
            String name = d.users().name(u);
            assertThat(back.top(name, 5)).isEqualTo(r.top(name, 5));
            assertThat(back.seen().ages(u)).containsExactly(ui.ages(u));
            // the fast path (the user vectors once, then every item) agrees with the graph pair by pair
            float[] graph = new float[30];
            r.scorer().score(u, all, graph);
            float[] fast = back.scoreAll(u);
            for (int i = 0; i < 30; i++) {
                assertThat(fast[i]).as("user %d item %d", u, i).isCloseTo(graph[i], org.assertj.core.api.Assertions.within(1e-5f));
            }
        }
        // one pair alone scores as it does among pairs of other users
        float alone = r.score(d.users().name(3), d.items().name(9));
        float[] many = r.score(new int[] {1, 3, 3, 0}, new int[] {2, 9, 4, 9});
        assertThat(many[1]).isCloseTo(alone, org.assertj.core.api.Assertions.within(1e-6f));
        // a file without the ages cannot feed the history: refused with its name
        java.util.Map<String, Object> meta = new java.util.LinkedHashMap<>(r.model().metadata());
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> rec = new java.util.LinkedHashMap<>((java.util.Map<String, Object>) meta.get("recommender"));
        rec.remove("ages");
        meta.put("recommender", rec);
        java.nio.file.Path bad = dir.resolve("no-ages.dnd");
        new dev.dendrite.model.Model(g, dev.dendrite.data.Normalizer.none(), dev.dendrite.data.Task.REGRESSION,
                java.util.List.of(), java.util.List.of(), meta).save(bad);
        assertThatThrownBy(() -> Recommender.load(bad)).isInstanceOf(dev.dendrite.io.ModelFileException.class)
                .hasMessageContaining("no-ages.dnd").hasMessageContaining("ages");
    }

    /**
     * The items form a ring of 40 and each user walked six steps along it from a
     * random start; the sixth, held out, continues the walk. A user's embedding,
     * trained on five interactions, locates the walk only roughly; the history
     * input sees where it stopped. NeuMF with the input ranks the held-out item
     * higher than without, on every seed.
     */
    @Test
    void theHistoryOfTheLatestItemsFindsTheNextOne() {
        LeaveOneOut.Holdout h = NeighbourhoodTest.ringWalk();
        double[] plain = new double[3];
        double[] with = new double[3];
        for (int seed = 0; seed < 3; seed++) {
            plain[seed] = ndcg(h, Histories.Options.OFF, seed);
            with[seed] = ndcg(h, new Histories.Options(3, 2), seed);
        }
        double p = Arrays.stream(plain).average().orElseThrow();
        double w = Arrays.stream(with).average().orElseThrow();
        assertThat(w).as("NDCG@5 with the history %s, without %s", Arrays.toString(with), Arrays.toString(plain))
                .isGreaterThan(p + 0.05);
        for (int seed = 0; seed < 3; seed++) {
            assertThat(with[seed]).as("seed %d", seed).isGreaterThan(plain[seed]);
        }
    }

    private static double ndcg(LeaveOneOut.Holdout h, Histories.Options o, long seed) {
        NcfPipeline.Settings s = new NcfPipeline.Settings(NcfModels.Kind.NEUMF, 4, new int[] {8, 4}, 15, 64, 4, 0.02,
                false, 0, 0f, false, NcfTrainer.LrSchedule.CONSTANT, NcfTrainer.Recency.NONE,
                Neighbourhood.Options.OFF, o);
        Graph g = NcfPipeline.fit(s, h.trainItems(), seed, null);
        return Ranking.evaluate(NcfPipeline.scorer(s, g, h.trainItems()), h, 5, false).ndcg();
    }
}
