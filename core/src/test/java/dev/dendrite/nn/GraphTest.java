package dev.dendrite.nn;

import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The functional model API: building, naming, shapes, fusion, several outputs, summaries and mistakes. */
class GraphTest {

    @Test
    void aChainNamesItsWeightsAsSequentialDoesAndComputesTheSameValues() {
        Rng rng = new Rng(1);
        Sequential seq = new Sequential(new Dense(4, 5, Init.HE_UNIFORM, rng), Activation.relu(),
                new Dense(5, 2, Init.XAVIER_UNIFORM, rng));
        Graph.Builder b = Graph.builder();
        Graph.Node x = b.input("x", 4);
        Graph.Node h = b.apply(new Dense(5), x);
        Graph.Node r = b.apply(Activation.relu(), h);
        Graph g = b.build(new Rng(9), b.apply(new Dense(2), r));
        assertThat(g.parameters().keySet()).containsExactlyElementsOf(seq.parameters().keySet());
        seq.parameters().forEach((k, p) -> g.parameters().get(k).update(p.value()));
        Tensor in = Tensor.uniform(rng, -1f, 1f, 7, 4);
        Tensor a = seq.forward(Var.constant(in), Mode.EVAL).value();
        Tensor c = g.forward(Var.constant(in), Mode.EVAL).value();
        assertThat(c.toArray()).containsExactly(a.toArray());
    }

    @Test
    void layersDeclaredWithoutInputSizesAreSizedFromTheInputs() {
        Graph.Builder b = Graph.builder();
        Graph.Node x = b.input("pixels", 784);
        Graph.Node h = b.apply("hidden", new Dense(64), x);
        Graph g = b.build(new Rng(3), b.apply("logits", new Dense(10), h));
        assertThat(g.parameters().get("hidden.weight").shape()).isEqualTo(Shape.of(784, 64));
        assertThat(g.parameters().get("logits.weight").shape()).isEqualTo(Shape.of(64, 10));
        assertThat(g.shapes()).containsEntry("logits", Shape.of(10));
    }

    @Test
    void sequentialBuildsLazyLayersFromTheInputShape() {
        Sequential s = new Sequential(new Dense(8), Activation.relu(), new BatchNorm(), new Dense(3))
                .build(Shape.of(5), new Rng(4));
        assertThat(s.parameters().get("0.weight").shape()).isEqualTo(Shape.of(5, 8));
        assertThat(s.buffers().keySet()).containsExactly("2.running_mean", "2.running_var");
        assertThat(s.outputShape(List.of(Shape.of(5)))).isEqualTo(Shape.of(3));
    }

    @Test
    void severalOutputsAndInputsByName() {
        Graph.Builder b = Graph.builder();
        Graph.Node x = b.input("x", 3);
        Graph.Node ids = b.indexInput("id");
        Graph.Node e = b.apply("e", new Embedding(4, 3, new Rng(1)), ids);
        Graph.Node s = b.apply("s", Merge.add(), x, e);
        Graph.Node c = b.apply("c", Merge.concatenate(), x, e);
        Graph g = b.build(new Rng(2), s, c);
        Tensor xv = Tensor.of(new float[] {1, 2, 3}, 1, 3);
        List<Var> outs = g.forwardAll(List.of(Var.constant(xv), Var.indices(new int[] {2})), Mode.EVAL);
        float[] row = g.parameters().get("e.weight").value().row(2);
        assertThat(outs.get(0).value().toArray()).containsExactly(1 + row[0], 2 + row[1], 3 + row[2]);
        assertThat(outs.get(1).shape()).isEqualTo(Shape.of(1, 6));
        assertThatThrownBy(() -> g.forward(Map.of("x", Var.constant(xv), "id", Var.indices(new int[] {2})), Mode.EVAL))
                .hasMessageContaining("2 outputs; use forwardAll");
    }

    @Test
    void mistakesAreNamed() {
        Graph.Builder b = Graph.builder();
        Graph.Node x = b.input("x", 3);
        Dense d = new Dense(2);
        b.apply("a", d, x);
        assertThatThrownBy(() -> b.apply("b", d, x)).hasMessageContaining("applied twice");
        assertThatThrownBy(() -> b.apply("a", new Dense(2), x)).hasMessageContaining("'a' is used twice");
        assertThatThrownBy(() -> b.apply("with.dot", new Dense(2), x)).hasMessageContaining("without dots");
        Graph.Node other = Graph.builder().input("y", 2);
        assertThatThrownBy(() -> b.apply("c", new Dense(2), other)).hasMessageContaining("another graph");

        Graph.Builder bad = Graph.builder();
        Graph.Node p = bad.input("p", 3);
        Graph.Node q = bad.input("q", 4);
        Graph.Node sum = bad.apply("sum", Merge.add(), p, q);
        assertThatThrownBy(() -> bad.build(new Rng(1), sum))
                .hasMessage("graph node 'sum': add: inputs must have one shape, got [[3], [4]]");

        Graph.Builder kinds = Graph.builder();
        Graph.Node id = kinds.indexInput("id");
        Graph g = kinds.build(new Rng(1), kinds.apply(new Embedding(3, 2, new Rng(1)), id));
        assertThatThrownBy(() -> g.forward(List.of(Var.constant(Tensor.vector(1f))), Mode.EVAL))
                .hasMessage("graph: input 'id' takes integer ids, got floats");
        assertThatThrownBy(() -> g.forward(List.of(Var.indices(new int[] {3})), Mode.EVAL))
                .hasMessage("embedding(3 x 2): id 3 at position 0 is out of range [0, 3)");
        // ids of another width per example are refused, not read as other examples' ids
        assertThatThrownBy(() -> g.forward(List.of(Var.indices(new int[] {0, 1}, 1, 2)), Mode.EVAL))
                .hasMessage("graph: input 'id' takes one id per example, got [1, 2]");
        Graph.Builder lists = Graph.builder();
        Graph.Node history = lists.indexInput("history", 3);
        Graph bag = lists.build(new Rng(1), lists.apply(new EmbeddingBag(5, 2, 1, 0.1f, new Rng(1)), history));
        assertThat(bag.forward(List.of(Var.indices(new int[] {0, 1, -1, 4, 4, 4}, 2, 3)), Mode.EVAL).shape())
                .isEqualTo(Shape.of(2, 2));
        assertThatThrownBy(() -> bag.forward(List.of(Var.indices(new int[] {0, 1, 2, 3}, 2, 2)), Mode.EVAL))
                .hasMessage("graph: input 'history' takes [3] ids per example, got [2, 2]");
        assertThatThrownBy(() -> bag.forward(List.of(Var.indices(new int[] {0, 1, 2})), Mode.EVAL))
                .hasMessage("graph: input 'history' takes [3] ids per example, got [3]");
    }

    @Test
    void denseThenReluIsFusedInAGraphOnlyWhenNothingElseReadsTheDenseOutput() {
        Rng rng = new Rng(6);
        Graph.Builder b = Graph.builder();
        Graph.Node x = b.input("x", 3);
        Graph.Node h = b.apply("h", new Dense(4), x);
        Graph.Node r = b.apply("r", Activation.relu(), h);
        Graph fused = b.build(rng, b.apply("o", new Dense(2), r));
        Tensor in = Tensor.uniform(rng, -1f, 1f, 5, 3);
        assertThat(fused.forward(Var.constant(in), Mode.EVAL).op()).isEqualTo("linear");
        // the relu node is the fused one: its output feeds the last dense layer
        Graph.Builder b2 = Graph.builder();
        Graph.Node x2 = b2.input("x", 3);
        Graph.Node h2 = b2.apply("h", new Dense(4), x2);
        Graph.Node r2 = b2.apply("r", Activation.relu(), h2);
        Graph both = b2.build(rng, b2.apply("o", Merge.concatenate(), r2, h2));
        both.parameters().forEach((k, p) -> p.update(fused.parameters().get(k).value()));
        Tensor out = both.forward(Var.constant(in), Mode.EVAL).value();
        Tensor pre = in.matmul(fused.parameters().get("h.weight").value()).add(fused.parameters().get("h.bias").value());
        assertThat(out.slice(1, 4, 8).contiguous().toArray()).containsExactly(pre.toArray());
        assertThat(out.slice(1, 0, 4).contiguous().toArray()).containsExactly(pre.relu().toArray());
    }

    @Test
    void summaryListsLayersShapesAndCounts() {
        Graph.Builder b = Graph.builder();
        Graph.Node user = b.indexInput("user");
        Graph.Node item = b.indexInput("item");
        Graph.Node u = b.apply("user_vec", new Embedding(10, 4, new Rng(1)), user);
        Graph.Node i = b.apply("item_vec", new Embedding(20, 4, new Rng(1)), item);
        Graph.Node m = b.apply("gmf", Merge.multiply(), u, i);
        Graph g = b.build(new Rng(1), b.apply("score", new Dense(1), m));
        String s = Summary.of(g, List.of());
        List<String> lines = s.lines().map(l -> l.trim().replaceAll("\\s{2,}", " | ")).toList();
        assertThat(lines).contains("layer | type | input | output shape | parameters",
                "user | input (ids) | [N] | 0",
                "user_vec | embedding | user | [N, 4] | 40",
                "gmf | multiply | user_vec, item_vec | [N, 4] | 0",
                "score | dense | gmf | [N, 1] | 5");
        // 10x4 + 20x4 + 4 + 1
        assertThat(s).contains("total: 125 trainable parameters");
    }
}
