package dev.dendrite.recommend;

import dev.dendrite.nn.Graph;
import dev.dendrite.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecommenderTest {
    @TempDir
    Path dir;

    @Test
    void aSavedRecommenderServesTheSameAnswersAndExcludesSeenItems() {
        Interactions d = NcfModelsTest.planted(4);
        UserItems seen = UserItems.of(d);
        Graph g = NcfModels.neumf(d.userCount(), d.itemCount(), 8, new int[] {16, 8}, new Rng(2));
        NcfTrainer.train(g, seen, new NcfTrainer.Options(20, 64, 4, 0.01, 3), null);
        Recommender r = new Recommender(g, d.users(), d.items(), seen, java.util.Map.of("note", "test"));
        Path file = dir.resolve("rec.dnd");
        r.save(file);
        Recommender back = Recommender.load(file);
        assertThat(back.model().metadata().get("note")).isEqualTo("test");
        Recommender.Recommendations top = r.top("5", 4);
        assertThat(back.top("5", 4)).isEqualTo(top);
        assertThat(top.fallback()).isFalse();
        // user 5 is in group 1 (items 10..19) and has seen 6 of them: the 4 others come first
        for (Recommender.Scored s : top.items()) {
            int item = Integer.parseInt(s.id());
            assertThat(item).isBetween(10, 19);
            assertThat(seen.contains(5, item)).isFalse();
        }
        assertThat(back.score("5", "12")).isEqualTo(r.score("5", "12")).isBetween(0f, 1f);
        assertThat(Float.isNaN(r.score("nobody", "12"))).isTrue();
    }

    @Test
    void anUnknownUserGetsThePopularItemsFlagged() {
        IdMap users = IdMap.of(List.of("a", "b", "c"));
        IdMap items = IdMap.of(List.of("x", "y", "z"));
        UserItems seen = new UserItems(new int[][] {{1}, {1, 2}, {0, 1, 2}}, 3);
        Recommender r = new Recommender(NcfModels.gmf(3, 3, 2, new Rng(1)), users, items, seen, null);
        Recommender.Recommendations top = r.top("stranger", 2);
        assertThat(top.fallback()).isTrue();
        assertThat(top.items()).extracting(Recommender.Scored::id).containsExactly("y", "z");
        assertThat(r.top("c", 5).items()).isEmpty();
    }

    @Test
    void similarItemsComeFromTheEmbeddingRows() {
        IdMap users = IdMap.of(List.of("a"));
        IdMap items = IdMap.of(List.of("x", "y", "z"));
        Graph g = NcfModels.gmf(1, 3, 2, new Rng(1));
        // x = (1, 0), y = (0.9, 0.1): close; z = (-1, 0): opposite
        g.parameters().get("gmf_item.weight").update(dev.dendrite.tensor.Tensor.of(
                new float[] {1, 0, 0.9f, 0.1f, -1, 0}, 3, 2));
        Recommender r = new Recommender(g, users, items, new UserItems(new int[][] {{0}}, 3), null);
        List<Recommender.Scored> sim = r.similar("x", 2);
        assertThat(sim).extracting(Recommender.Scored::id).containsExactly("y", "z");
        assertThat(sim.get(1).score()).isEqualTo(-1f);
        assertThat(r.similar("nothing", 2)).isNull();
    }

    @Test
    void baselinesCountPopularityAndCosine() {
        // users: 0 {0, 1}, 1 {0, 1}, 2 {0, 2}
        UserItems t = new UserItems(new int[][] {{0, 1}, {0, 1}, {0, 2}}, 3);
        float[] out = new float[3];
        Baselines.mostPopular(t).score(0, new int[] {0, 1, 2}, out);
        assertThat(out).containsExactly(3f, 2f, 1f);
        // user 2's items 0 and 2: cos(0, 1) = 2 / sqrt(3 * 2), cos(2, 1) = 0 -> score(1) = 2 / sqrt(6)
        Baselines.itemKnn(t).score(2, new int[] {1}, out);
        assertThat(out[0]).isEqualTo((float) (2 / Math.sqrt(6)));
    }
}
