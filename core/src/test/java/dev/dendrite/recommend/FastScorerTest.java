package dev.dendrite.recommend;

import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Graph;
import dev.dendrite.nn.Merge;
import dev.dendrite.tensor.Rng;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FastScorerTest {

    @Test
    void everyBuiltInModelScoresAllItemsAsItsGraphDoes() {
        UserItems data = UserItems.of(NcfModelsTest.planted(2));
        for (NcfModels.Kind kind : NcfModels.Kind.values()) {
            Graph g = NcfModels.build(kind, NcfModelsTest.USERS, NcfModelsTest.ITEMS, 6, new int[] {12, 8, 4},
                    new Rng(kind.ordinal()));
            // trained a little so that biases and ReLUs are not at their initial values
            NcfTrainer.train(g, data, new NcfTrainer.Options(2, 32, 2, 0.02, 1), null);
            FastScorer f = FastScorer.of(g);
            assertThat(f).as(kind.label()).isNotNull();
            int[] items = new int[NcfModelsTest.ITEMS];
            for (int i = 0; i < items.length; i++) {
                items[i] = i;
            }
            for (int u : new int[] {0, 17, 79}) {
                int[] users = new int[items.length];
                java.util.Arrays.fill(users, u);
                float[] want = NcfTrainer.logits(g, users, items);
                float[] got = f.scoreAll(u, null);
                for (int i = 0; i < items.length; i++) {
                    assertThat(got[i]).as(kind + " user " + u + " item " + i).isCloseTo(want[i], within(1e-5f));
                }
            }
            // a later training step changes the weights: the cache must follow
            NcfTrainer.train(g, data, new NcfTrainer.Options(1, 32, 2, 0.05, 2), null);
            int[] users = new int[items.length];
            assertThat(f.scoreAll(0, null)[5]).isCloseTo(NcfTrainer.logits(g, users, items)[5], within(1e-5f));
        }
    }

    @Test
    void aTowerWithDropoutKeepsTheFastPathAndScoresAsTheGraph() {
        UserItems data = UserItems.of(NcfModelsTest.planted(4));
        Graph g = NcfModels.neumf(NcfModelsTest.USERS, NcfModelsTest.ITEMS, 6, new int[] {12, 8, 4}, 0.3f, new Rng(7));
        NcfTrainer.train(g, data, new NcfTrainer.Options(2, 32, 2, 0.02, 1), null);
        FastScorer f = FastScorer.of(g);
        assertThat(f).isNotNull();
        int[] items = new int[NcfModelsTest.ITEMS];
        for (int i = 0; i < items.length; i++) {
            items[i] = i;
        }
        int[] users = new int[items.length];
        java.util.Arrays.fill(users, 11);
        float[] want = NcfTrainer.logits(g, users, items); // evaluation mode: dropout passes values through
        float[] got = f.scoreAll(11, null);
        for (int i = 0; i < items.length; i++) {
            assertThat(got[i]).as("item " + i).isCloseTo(want[i], within(1e-5f));
        }
    }

    @Test
    void neumfWithTheHistoryInputScoresAllItemsAsItsGraphDoes() {
        UserItems data = UserItems.of(NcfModelsTest.planted(3));
        for (boolean neighbours : new boolean[] {false, true}) {
            Graph g = NcfModels.neumf(NcfModelsTest.USERS, NcfModelsTest.ITEMS, 6, new int[] {12, 8, 4}, 0f,
                    neighbours, 5, 2, new Rng(3));
            Histories h = Histories.of(data, 5);
            Neighbourhood nb = neighbours ? Neighbourhood.of(data, new Neighbourhood.Options(3, 10, 4)) : null;
            NcfTrainer.train(g, data, nb, h, new NcfTrainer.Options(2, 32, 2, 0.02, 1), null);
            FastScorer f = FastScorer.of(g);
            assertThat(f).as("neighbours " + neighbours).isNotNull();
            assertThat(f.history()).isTrue();
            int[] items = new int[NcfModelsTest.ITEMS];
            for (int i = 0; i < items.length; i++) {
                items[i] = i;
            }
            for (int u : new int[] {0, 17, 79}) {
                int[] users = new int[items.length];
                java.util.Arrays.fill(users, u);
                int[] latest = new int[5];
                h.latest(u, latest, 0);
                float[] scores = nb == null ? null : nb.scores(u, items);
                float[] want = NcfTrainer.logits(g, users, items, scores, h.latestRepeated(u, items.length));
                float[] got = f.scoreAll(u, scores, latest);
                for (int i = 0; i < items.length; i++) {
                    assertThat(got[i]).as("user " + u + " item " + i).isCloseTo(want[i], within(1e-5f));
                }
            }
            assertThatThrownBy(() -> f.scoreAll(0, nb == null ? null : new float[NcfModelsTest.ITEMS], null))
                    .hasMessageContaining("history needed");
        }
    }

    @Test
    void aGraphOfAnotherShapeIsLeftToTheGeneralPath() {
        Rng rng = new Rng(1);
        Graph.Builder b = Graph.builder();
        Graph.Node u = b.apply("gmf_user", new Embedding(4, 3, rng), b.indexInput("user"));
        Graph.Node i = b.apply("gmf_item", new Embedding(5, 3, rng), b.indexInput("item"));
        // the same names, but an addition where GMF multiplies
        Graph.Node x = b.apply("gmf", Merge.add(), u, i);
        Graph g = b.build(rng, b.apply("out", new Dense(1), x));
        assertThat(FastScorer.of(g)).isNull();
    }
}
