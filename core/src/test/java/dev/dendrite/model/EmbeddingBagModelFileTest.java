package dev.dendrite.model;

import dev.dendrite.autograd.Var;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Task;
import dev.dendrite.io.ModelFile;
import dev.dendrite.io.ModelFileException;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.EmbeddingBag;
import dev.dendrite.nn.Graph;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.LayerTypes;
import dev.dendrite.nn.Merge;
import dev.dendrite.recommend.NcfModels;
import dev.dendrite.recommend.NcfTrainer;
import dev.dendrite.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An {@link EmbeddingBag} in a model file: a graph with one, and NeuMF with the
 * history input, load back with the same configuration and give bit-identical
 * outputs; a configuration the layer refuses is a load error naming the file.
 */
class EmbeddingBagModelFileTest {
    private static final int E = EmbeddingBag.EMPTY;

    @TempDir
    Path dir;

    private static Graph userAndHistory(Rng rng) {
        Graph.Builder b = Graph.builder();
        Graph.Node user = b.indexInput("user");
        Graph.Node history = b.indexInput("history", 3);
        Graph.Node u = b.apply("user_vec", new Embedding(4, 2, 0.5f, rng), user);
        Graph.Node h = b.apply("history_vec", new EmbeddingBag(6, 2, 2.5, 0.5f, rng), history);
        return b.build(rng, b.apply("out", new Dense(1), b.apply("sum", Merge.add(), u, h)));
    }

    private static Model regression(Graph g) {
        return new Model(g, Normalizer.none(), Task.REGRESSION, List.of(), List.of(), Map.of("note", "bag"));
    }

    @Test
    void aGraphWithABagRoundTrips() {
        Graph g = userAndHistory(new Rng(37));
        Model m = regression(g);
        Path file = dir.resolve("bag.dnd");
        m.save(file);
        Model back = Model.load(file);
        Graph loaded = (Graph) back.network();
        assertThat(loaded.inputs()).isEqualTo(g.inputs());
        Layer layer = loaded.layer("history_vec");
        assertThat(layer).isInstanceOf(EmbeddingBag.class);
        EmbeddingBag bag = (EmbeddingBag) layer;
        assertThat(bag.count()).isEqualTo(6);
        assertThat(bag.dim()).isEqualTo(2);
        assertThat(bag.halfLife()).isEqualTo(2.5);
        assertThat(bag.weight().value().toArray())
                .containsExactly(g.parameters().get("history_vec.weight").value().toArray());
        // empty slots, an empty row and a repeated row
        Map<String, Var> in = Map.of("user", Var.indices(new int[] {0, 3, 3, 1}),
                "history", Var.indices(new int[] {5, E, 2, E, E, E, 5, E, 2, 1, 1, 0}, 4, 3));
        assertThat(back.output(in).toArray()).containsExactly(m.output(in).toArray());
        assertThat(back.summary()).isEqualTo(m.summary());
    }

    @Test
    void neumfWithTheHistoryInputRoundTrips() {
        Graph g = NcfModels.neumf(5, 6, 3, new int[] {4, 3}, 0f, false, 3, 1.5, new Rng(41));
        Path file = dir.resolve("neumf.dnd");
        regression(g).save(file);
        Graph loaded = (Graph) Model.load(file).network();
        assertThat(NcfModels.historyLength(loaded)).isEqualTo(3);
        assertThat(((EmbeddingBag) loaded.layer("gmf_history")).halfLife()).isEqualTo(1.5);
        assertThat(((EmbeddingBag) loaded.layer("mlp_history")).halfLife()).isEqualTo(1.5);
        int[] users = {0, 0, 4};
        int[] items = {5, 1, 2};
        int[] history = {2, 3, E, 2, 3, E, E, E, E};
        assertThat(NcfTrainer.logits(loaded, users, items, null, history))
                .containsExactly(NcfTrainer.logits(g, users, items, null, history));
    }

    @Test
    void theConfigurationRebuildsTheLayer() {
        EmbeddingBag bag = new EmbeddingBag(9, 4, 0.75, 0.1f, new Rng(5));
        Map<String, Object> spec = new LinkedHashMap<>(bag.config());
        spec.put("type", bag.type());
        assertThat(bag.type()).isEqualTo("embedding_bag");
        Layer back = LayerTypes.builtIn().create(spec);
        assertThat(back).isInstanceOf(EmbeddingBag.class);
        assertThat(back.config()).isEqualTo(bag.config());
        Map<String, Object> noHalfLife = new LinkedHashMap<>(spec);
        noHalfLife.remove("half_life");
        assertThatThrownBy(() -> LayerTypes.builtIn().create(noHalfLife)).hasMessageContaining("'half_life'");
        Map<String, Object> noRows = new LinkedHashMap<>(spec);
        noRows.put("count", 0);
        assertThatThrownBy(() -> LayerTypes.builtIn().create(noRows)).hasMessageContaining("'count'");
    }

    @Test
    void aForgedNegativeHalfLifeIsALoadErrorNamingTheFile() {
        Model m = regression(userAndHistory(new Rng(43)));
        Map<String, Object> spec = ModelCodec.spec(m);
        assertThat(setHalfLife(spec, -1.0)).as("the bag's entry in the spec").isEqualTo(1);
        Path file = dir.resolve("forged.dnd");
        ModelFile.write(file, spec, ModelCodec.tensors(m));
        assertThatThrownBy(() -> Model.load(file)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining("half-life")
                .hasMessageContaining("-1.0");
    }

    /** Sets {@code half_life} of every embedding bag entry in a spec (maps and lists, any depth); how many. */
    @SuppressWarnings("unchecked")
    private static int setHalfLife(Object node, double value) {
        int n = 0;
        if (node instanceof Map<?, ?> map) {
            if ("embedding_bag".equals(map.get("type"))) {
                ((Map<String, Object>) map).put("half_life", value);
                n++;
            }
            for (Object v : map.values()) {
                n += setHalfLife(v, value);
            }
        } else if (node instanceof List<?> list) {
            for (Object v : list) {
                n += setHalfLife(v, value);
            }
        }
        return n;
    }
}
