package dev.dendrite.nn;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.autograd.Gradients;
import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.RowSparse;
import dev.dendrite.autograd.Var;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.loss.SquaredError;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finite-difference checks of what the model core added: concatenation, the
 * row-sparse embedding lookup, batch normalisation in training mode (1-d and
 * 2-d, and fused with the ReLU after it), the merges and a whole two-input graph. Tolerances as in
 * {@link GradCheck.Options#defaults()}.
 */
class ModelCoreGradCheckTest {

    private record Case(String name, Layer model, Supplier<Var> loss) {
    }

    private static Stream<Case> cases() {
        Rng rng = new Rng(11);
        Tensor x = Tensor.uniform(rng, -1f, 1f, 6, 4);
        Tensor y3 = Tensor.uniform(rng, -1f, 1f, 6, 3);
        Tensor labels = Tensor.vector(0, 2, 1, 1, 0, 2);
        int[] ids = {3, 0, 3, 1, 4, 3};

        Embedding emb = new Embedding(5, 3, 0.5f, rng);
        BatchNorm bn = new BatchNorm();
        Sequential bnNet = new Sequential(new Dense(4, 5, Init.XAVIER_UNIFORM, rng), bn, Activation.tanh(),
                new Dense(5, 3, Init.XAVIER_UNIFORM, rng)).build(Shape.of(4), rng);
        BatchNorm bn2 = new BatchNorm(2);
        Tensor images = Tensor.uniform(rng, -1f, 1f, 3, 2, 2, 2);
        Tensor imageTarget = Tensor.uniform(rng, -1f, 1f, 3, 2, 2, 2);
        // planes of 4x5: one vector and a tail on 256-bit vectors
        Sequential bnRelu = new Sequential(new BatchNorm(), Activation.relu()).build(Shape.of(2, 4, 5), rng);
        Tensor planes = Tensor.uniform(rng, -1f, 1f, 3, 2, 4, 5);
        Tensor planeTarget = Tensor.uniform(rng, -1f, 1f, 3, 2, 4, 5);

        Graph.Builder b = Graph.builder();
        Graph.Node user = b.indexInput("user");
        Graph.Node feats = b.input("x", 4);
        Graph.Node u = b.apply("u", new Embedding(5, 3, 0.5f, rng), user);
        Graph.Node f = b.apply("f", new Dense(3), feats);
        Graph.Node prod = b.apply("prod", Merge.multiply(), u, f);
        Graph.Node sum = b.apply("sum", Merge.add(), u, f);
        Graph.Node dot = b.apply("dot", Merge.dot(), u, f);
        Graph.Node cat = b.apply("cat", Merge.concatenate(), prod, sum, f, dot);
        Graph.Node out = b.apply("out", new Dense(3), b.apply("t", Activation.tanh(), cat));
        Graph graph = b.build(rng, out);

        return Stream.of(
                new Case("embedding lookup (row-sparse)", emb, () -> SquaredError.mean().apply(
                        emb.forward(Var.indices(ids), Mode.EVAL), y3)),
                new Case("batch norm 1-d, training mode", bnNet, () -> new CrossEntropy().apply(
                        bnNet.forward(Var.constant(x), Mode.train(new Rng(1))), labels)),
                new Case("batch norm 2-d channels, training mode", bn2, () -> SquaredError.mean().apply(
                        bn2.forward(Var.constant(images), Mode.train(new Rng(1))), imageTarget)),
                new Case("batch norm then relu (one fused node), training mode", bnRelu, () -> SquaredError.mean()
                        .apply(bnRelu.forward(Var.constant(planes), Mode.train(new Rng(1))), planeTarget)),
                new Case("graph: embedding, dense, multiply, add, dot, concatenate", graph, () -> new CrossEntropy().apply(
                        graph.forward(List.of(Var.indices(ids), Var.constant(x)), Mode.EVAL), labels)));
    }

    @TestFactory
    Stream<DynamicTest> parametersAgreeWithFiniteDifferences() {
        return cases().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            GradCheck.Report r = GradCheck.checkParameters(c.loss(), c.model().parameters().values(),
                    GradCheck.Options.defaults());
            assertThat(r.passed()).as(c.name() + ": " + r.worst()).isTrue();
        }));
    }

    @Test
    void concatenationAgreesWithFiniteDifferences() {
        Rng rng = new Rng(5);
        GradCheck.Report r = GradCheck.check(v -> Var.concat(List.of(v.get(0), v.get(1), v.get(2)), -1).tanh(),
                List.of(Tensor.uniform(rng, -1f, 1f, 3, 2), Tensor.uniform(rng, -1f, 1f, 3, 4),
                        Tensor.uniform(rng, -1f, 1f, 3, 1)), GradCheck.Options.defaults());
        assertThat(r.passed()).as(r.worst()).isTrue();
        GradCheck.Report axis0 = GradCheck.check(v -> Var.concat(List.of(v.get(0), v.get(1)), 0).sigmoid(),
                List.of(Tensor.uniform(rng, -1f, 1f, 2, 3), Tensor.uniform(rng, -1f, 1f, 1, 3)),
                GradCheck.Options.defaults());
        assertThat(axis0.passed()).as(axis0.worst()).isTrue();
    }

    @Test
    void aLookupGivesTheDenseGathersGradientAsRowSparse() {
        Rng rng = new Rng(2);
        Parameter table = new Parameter("w", Tensor.uniform(rng, -1f, 1f, 6, 3));
        Tensor weights = Tensor.uniform(rng, 0.5f, 1.5f, 5, 3);
        int[] ids = {4, 1, 4, 4, 0};
        Gradients sparse = table.var().lookup(ids).mul(Var.constant(weights)).sum().backward();
        Gradients dense = table.var().gather(ids).mul(Var.constant(weights)).sum().backward();
        RowSparse rows = sparse.sparse(table);
        assertThat(rows).isNotNull();
        assertThat(rows.rows()).containsExactly(0, 1, 4);
        assertThat(dense.sparse(table)).isNull();
        assertThat(rows.toDense().toArray()).containsExactly(dense.get(table).toArray());
        // repeated ids are summed: row 4 was read three times
        float[] w = weights.toArray();
        assertThat(rows.values().toArray()[2 * 3]).isEqualTo(w[0] + w[2 * 3] + w[3 * 3]);
    }

    @Test
    void aParameterReadBothWaysGetsOneDenseGradient() {
        Parameter table = new Parameter("w", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        Var both = table.var().lookup(new int[] {1}).sum().add(table.var().mul(2f).sum());
        Gradients g = both.backward();
        assertThat(g.sparse(table)).isNull();
        assertThat(g.get(table).toArray()).containsExactly(2, 2, 3, 3);
    }
}
