package dev.dendrite.nn;

import dev.dendrite.autograd.GradCheck;
import dev.dendrite.autograd.Gradients;
import dev.dendrite.autograd.RowSparse;
import dev.dendrite.autograd.Var;
import dev.dendrite.loss.SquaredError;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link EmbeddingBag}: outputs worked out from its definition by hand, the
 * table's row-sparse gradient against central differences, the sharing of
 * rows with identical ids (also when two different rows hash alike) against
 * each row computed alone, and its refusals.
 */
class EmbeddingBagTest {
    private static final int E = EmbeddingBag.EMPTY;

    /**
     * Six lists of four slots over a table of 7 rows: row 0 three times (twice
     * apart), an empty row, an id twice in one row, an empty slot before a used
     * one; table rows 4 and 6 are in no list.
     */
    private static final int[] IDS = {
        3, 0, E, 1,
        3, 0, E, 1,
        E, E, E, E,
        2, 2, 5, E,
        3, 0, E, 1,
        5, E, E, 0};

    /** A bag over a 4 x 2 table of known values: row r is (10^r, 2 * 10^r). */
    private static EmbeddingBag known(double halfLife) {
        EmbeddingBag bag = new EmbeddingBag(4, 2, halfLife, 0f, new Rng(1));
        bag.weight().update(Tensor.of(new float[] {1, 2, 10, 20, 100, 200, 1000, 2000}, 4, 2));
        return bag;
    }

    private static void assertClose(float[] actual, double... expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("element " + i).isCloseTo(expected[i],
                    within(1e-6 * Math.max(1, Math.abs(expected[i]))));
        }
    }

    @Test
    void slotsWeighHalfPerHalfLifeAndEachRowIsDividedByTheRootOfItsTotal() {
        // half-life 1: slot weights 1, 1/2, 1/4, 1/8
        int[] ids = {
            2, E, 0, E,  // (t2 + t0 / 4) / sqrt(1.25)
            E, 3, E, E,  // (t3 / 2) / sqrt(1/2)
            E, E, E, E,  // zeros
            1, 1, 1, 1}; // t1 (1 + 1/2 + 1/4 + 1/8) / sqrt(1.875) = t1 sqrt(1.875)
        Var out = known(1).forward(Var.indices(ids, 4, 4), Mode.EVAL);
        assertThat(out.shape()).isEqualTo(Shape.of(4, 2));
        double a = 1 / Math.sqrt(1.25);
        double b = 0.5 / Math.sqrt(0.5);
        double c = Math.sqrt(1.875);
        assertClose(out.value().toArray(), 100.25 * a, 200.5 * a, 1000 * b, 2000 * b, 0, 0, 10 * c, 20 * c);
    }

    @Test
    void halfLifeZeroWeighsEverySlotAlike() {
        int[] ids = {3, 0, E, E, E, 1, 2, 1};
        float[] out = known(0).forward(Var.indices(ids, 2, 4), Mode.EVAL).value().toArray();
        // (t3 + t0) / sqrt(2) and (2 t1 + t2) / sqrt(3)
        double r2 = Math.sqrt(2);
        double r3 = Math.sqrt(3);
        assertClose(out, 1001 / r2, 2002 / r2, 120 / r3, 240 / r3);
    }

    @Test
    void aHalfLifeOfTwoSlotsHalvesEveryTwoSlots() {
        // slot weights 1, 2^-1/2, 1/2: slots 1 and 2 alone give (t0 / sqrt(2) + t1 / 2) / sqrt(1/sqrt(2) + 1/2)
        float[] out = known(2).forward(Var.indices(new int[] {E, 0, 1}, 1, 3), Mode.EVAL).value().toArray();
        double s = 1 / Math.sqrt(1 / Math.sqrt(2) + 0.5);
        assertClose(out, (1 / Math.sqrt(2) + 10 / 2.0) * s, (2 / Math.sqrt(2) + 20 / 2.0) * s);
    }

    @Test
    void onlyEmptyRowsGiveZerosAndNoGradient() {
        EmbeddingBag bag = known(1);
        Var out = bag.forward(Var.indices(new int[] {E, E, E, E, E, E}, 3, 2), Mode.EVAL);
        assertThat(out.value().toArray()).containsOnly(0f).hasSize(6);
        Gradients g = out.mul(Var.constant(Tensor.ones(3, 2))).sum().backward();
        assertThat(g.contains(bag.weight())).isFalse();
    }

    @ParameterizedTest(name = "half-life {0}")
    @ValueSource(doubles = {0, 1.5})
    void theTablesGradientIsRowSparseAndAgreesWithFiniteDifferences(double halfLife) {
        Rng rng = new Rng(23);
        EmbeddingBag bag = new EmbeddingBag(7, 3, halfLife, 0.8f, rng);
        Tensor target = Tensor.uniform(rng, -1f, 1f, 6, 3);
        Supplier<Var> loss = () -> SquaredError.mean().apply(bag.forward(Var.indices(IDS, 6, 4), Mode.EVAL), target);
        RowSparse sparse = loss.get().backward().sparse(bag.weight());
        assertThat(sparse).as("a row-sparse gradient").isNotNull();
        assertThat(sparse.rows()).containsExactly(0, 1, 2, 3, 5);
        // the loss is quadratic in the table, so central differences are exact but for float rounding
        // (about 1e-7 / 2 eps): a far tighter tolerance than the defaults holds; the comparison is dense,
        // so the rows no list reads must have zero finite differences too
        GradCheck.Report r = GradCheck.checkParameters(loss, List.of(bag.weight()),
                GradCheck.Options.defaults().withTolerance(1e-4, 1e-3));
        assertThat(r.passed()).as(r.worst()).isTrue();
    }

    @Test
    void repeatedRowsAreComputedOnceAndGiveWhatEachRowGivesAlone() {
        EmbeddingBag bag = new EmbeddingBag(7, 3, 1.5, 0.8f, new Rng(29));
        Var batch = bag.forward(Var.indices(IDS, 6, 4), Mode.EVAL);
        assertThat(batch.op()).as("four distinct rows summed, then gathered into six").isEqualTo("gather");
        assertSameAsEachRowAlone(bag, IDS, 4);
    }

    @Test
    void rowsWhoseHashesCollideAreStillToldApart() {
        // under the fold h = h * 0x9E3779B97F4A7C15 + id that the layer keys rows by, these two lists have
        // one hash (found by lattice reduction): the second must be compared, found different, and summed alone
        int[] a = {0, 19693, 0, 0};
        int[] b = {23789, 0, 31644, 23248};
        int[] ids = new int[16];
        for (int r = 0; r < 4; r++) {
            System.arraycopy(r % 2 == 0 ? a : b, 0, ids, r * 4, 4);
        }
        EmbeddingBag bag = new EmbeddingBag(31645, 2, 2, 1f, new Rng(31));
        float[] out = bag.forward(Var.indices(ids, 4, 4), Mode.EVAL).value().toArray();
        assertThat(Arrays.copyOfRange(out, 0, 2)).isNotEqualTo(Arrays.copyOfRange(out, 2, 4));
        assertSameAsEachRowAlone(bag, ids, 4);
    }

    /** The outputs of the {@code [N, slots]} batch {@code ids} and the table's gradient, against one row at a time. */
    private static void assertSameAsEachRowAlone(EmbeddingBag bag, int[] ids, int slots) {
        int n = ids.length / slots;
        int dim = bag.dim();
        Tensor p = Tensor.uniform(new Rng(30), 0.5f, 1.5f, n, dim);
        Var batch = bag.forward(Var.indices(ids, n, slots), Mode.EVAL);
        float[] together = batch.mul(Var.constant(p)).sum().backward().get(bag.weight()).toArray();
        float[] alone = new float[bag.count() * dim];
        for (int r = 0; r < n; r++) {
            Var one = bag.forward(Var.indices(Arrays.copyOfRange(ids, r * slots, r * slots + slots), 1, slots),
                    Mode.EVAL);
            assertThat(one.value().toArray()).as("row " + r).containsExactly(batch.value().row(r));
            float[] g = one.mul(Var.constant(Tensor.of(p.row(r), 1, dim))).sum().backward().get(bag.weight())
                    .toArray();
            for (int i = 0; i < g.length; i++) {
                alone[i] += g[i];
            }
        }
        for (int i = 0; i < alone.length; i++) {
            assertThat(together[i]).as("gradient element " + i).isCloseTo(alone[i], within(1e-5f));
        }
    }

    @Test
    void anIdOutOfRangeIsNamedWithItsPosition() {
        EmbeddingBag bag = new EmbeddingBag(7, 2, 1, 0.1f, new Rng(2));
        assertThatThrownBy(() -> bag.forward(Var.indices(new int[] {0, 1, 0, 1, 3, 9}, 3, 2), Mode.EVAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embedding bag(7 x 2)").hasMessageContaining("id 9 at position 5")
                .hasMessageContaining("[0, 7)");
        // only -1 marks an empty slot
        assertThatThrownBy(() -> bag.forward(Var.indices(new int[] {4, -2}, 1, 2), Mode.EVAL))
                .hasMessageContaining("id -2 at position 1");
        // in a repeated row, the first place it is read
        assertThatThrownBy(() -> bag.forward(Var.indices(new int[] {7, 0, 7, 0}, 2, 2), Mode.EVAL))
                .hasMessageContaining("id 7 at position 0");
    }

    @Test
    void floatsAndInputsOfAnotherRankAreRefused() {
        EmbeddingBag bag = new EmbeddingBag(7, 2, 1, 0.1f, new Rng(2));
        assertThatThrownBy(() -> bag.forward(Var.constant(Tensor.zeros(2, 3)), Mode.EVAL))
                .hasMessageContaining("embedding bag(7 x 2)").hasMessageContaining("holds floats");
        assertThatThrownBy(() -> bag.forward(Var.indices(new int[] {1, 2}), Mode.EVAL))
                .hasMessageContaining("input [2] must be [N, L]");
        assertThatThrownBy(() -> bag.forward(Var.indices(new int[8], 2, 2, 2), Mode.EVAL))
                .hasMessageContaining("input [2, 2, 2] must be [N, L]");
        // in a graph, an index input of one id per example does not fit
        Graph.Builder b = Graph.builder();
        Graph.Node id = b.indexInput("id");
        Graph.Node out = b.apply("bag", bag, id);
        assertThatThrownBy(() -> b.build(new Rng(1), out)).hasMessageContaining("a list of ids per example");
    }

    @Test
    void constructionRefusesBadSizesHalfLivesAndSpreads() {
        Rng rng = new Rng(3);
        assertThatThrownBy(() -> new EmbeddingBag(0, 2, 1, 0.1f, rng)).hasMessageContaining("got 0 x 2");
        assertThatThrownBy(() -> new EmbeddingBag(-5, 2, 1, 0.1f, rng)).hasMessageContaining("got -5 x 2");
        assertThatThrownBy(() -> new EmbeddingBag(3, 0, 1, 0.1f, rng)).hasMessageContaining("got 3 x 0");
        assertThatThrownBy(() -> new EmbeddingBag(3, 2, -1, 0.1f, rng)).hasMessageContaining("half-life")
                .hasMessageContaining("-1.0");
        assertThatThrownBy(() -> new EmbeddingBag(3, 2, Double.NaN, 0.1f, rng)).hasMessageContaining("half-life");
        assertThatThrownBy(() -> new EmbeddingBag(3, 2, Double.POSITIVE_INFINITY, 0.1f, rng))
                .hasMessageContaining("half-life");
        assertThatThrownBy(() -> new EmbeddingBag(3, 2, 1, -0.1f, rng)).hasMessageContaining("std");
    }
}
