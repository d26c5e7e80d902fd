package dev.dendrite.optim;

import dev.dendrite.autograd.Gradients;
import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row-sparse updates: where every row is touched in every step they must agree
 * exactly with the dense update (the same formula, element by element); rows a
 * step does not touch keep their values and their optimizer state (lazy, as
 * PyTorch's SparseAdam).
 */
class SparseUpdateTest {
    private static final int ROWS = 6;
    private static final int DIM = 3;

    /** Runs five steps of sum(w[ids] * weights) with a fresh table and optimizer; lookup or dense gather. */
    private static float[][] run(Function<Map<String, Parameter>, Optimizer> make, int[][] idsPerStep, boolean sparse) {
        return run(make, idsPerStep, sparse, DIM);
    }

    private static float[][] run(Function<Map<String, Parameter>, Optimizer> make, int[][] idsPerStep, boolean sparse,
                                 int dim) {
        Rng rng = new Rng(17);
        Parameter table = new Parameter("w", Tensor.uniform(rng, -1f, 1f, ROWS, dim));
        Optimizer opt = make.apply(Map.of("emb.weight", table));
        for (int[] ids : idsPerStep) {
            Tensor weights = Tensor.uniform(rng, -1f, 1f, ids.length, dim);
            Var rows = sparse ? table.var().lookup(ids) : table.var().gather(ids);
            Gradients g = rows.mul(Var.constant(weights)).tanh().sum().backward();
            assertThat(g.sparse(table) != null).isEqualTo(sparse);
            opt.step(g);
        }
        Map<String, Tensor> state = opt.state();
        float[] m = state.containsKey("emb.weight.m") ? state.get("emb.weight.m").toArray()
                : state.containsKey("emb.weight.momentum") ? state.get("emb.weight.momentum").toArray() : new float[0];
        return new float[][] {table.value().toArray(), m};
    }

    private static final int[][] EVERY_ROW = {{5, 0, 3, 1, 4, 2}, {2, 2, 0, 1, 3, 4, 5}, {0, 1, 2, 3, 4, 5}};

    @Test
    void adamOnEveryRowMatchesTheDenseUpdateExactly() {
        for (Function<Map<String, Parameter>, Optimizer> make : java.util.List.<Function<Map<String, Parameter>, Optimizer>>of(
                p -> new Adam(p, 0.05), p -> new Adam(p, 0.05, 0.8, 0.9, 1e-6, 0.1, false), p -> Adam.adamW(p, 0.05, 0.3))) {
            float[][] dense = run(make, EVERY_ROW, false);
            float[][] sparse = run(make, EVERY_ROW, true);
            assertThat(sparse[0]).containsExactly(dense[0]);
            assertThat(sparse[1]).containsExactly(dense[1]);
        }
    }

    @Test
    void adamOnWideRowsMatchesTheDenseUpdateExactly() {
        // rows of 8 or more values take the vector loop (37: whole vectors and a scalar tail; 64: vectors only)
        for (int dim : new int[] {8, 37, 64}) {
            for (Function<Map<String, Parameter>, Optimizer> make : java.util.List.<Function<Map<String, Parameter>, Optimizer>>of(
                    p -> new Adam(p, 0.05), p -> new Adam(p, 0.05, 0.8, 0.9, 1e-6, 0.1, false),
                    p -> Adam.adamW(p, 0.05, 0.3))) {
                float[][] dense = run(make, EVERY_ROW, false, dim);
                float[][] sparse = run(make, EVERY_ROW, true, dim);
                assertThat(sparse[0]).as("width %d", dim).containsExactly(dense[0]);
                assertThat(sparse[1]).as("width %d", dim).containsExactly(dense[1]);
            }
        }
    }

    @Test
    void sgdOnEveryRowMatchesTheDenseUpdateExactly() {
        for (Function<Map<String, Parameter>, Optimizer> make : java.util.List.<Function<Map<String, Parameter>, Optimizer>>of(
                p -> new Sgd(p, 0.1), p -> new Sgd(p, 0.1, 0.9, false, 0.01), p -> new Sgd(p, 0.1, 0.9, true, 0))) {
            float[][] dense = run(make, EVERY_ROW, false);
            float[][] sparse = run(make, EVERY_ROW, true);
            assertThat(sparse[0]).containsExactly(dense[0]);
            assertThat(sparse[1]).containsExactly(dense[1]);
        }
    }

    @Test
    void untouchedRowsKeepTheirValuesAndState() {
        int[][] someRows = {{1, 4}, {4, 4, 1}, {1}};
        Rng rng = new Rng(17);
        float[] initial = Tensor.uniform(rng, -1f, 1f, ROWS, DIM).toArray();
        float[][] after = run(p -> new Adam(p, 0.05), someRows, true);
        for (int r : new int[] {0, 2, 3, 5}) {
            for (int j = 0; j < DIM; j++) {
                assertThat(after[0][r * DIM + j]).isEqualTo(initial[r * DIM + j]);
                assertThat(after[1][r * DIM + j]).isZero();
            }
        }
        // touched rows did move
        assertThat(after[0][DIM]).isNotEqualTo(initial[DIM]);
        assertThat(after[0][4 * DIM]).isNotEqualTo(initial[4 * DIM]);
    }

    @Test
    void aStepCostsTheRowsTouchedNotTheTable() {
        // a table of 2 million rows: a dense Adam step would sweep 3 x 8 MB; the sparse one touches 2 rows
        Parameter big = new Parameter("w", Tensor.zeros(2_000_000, 1));
        Adam opt = new Adam(Map.of("e.weight", big), 0.1);
        Gradients g = big.var().lookup(new int[] {7, 1_999_999}).sum().backward();
        opt.step(g);
        Tensor v = big.value();
        assertThat(v.toArray()[7]).isEqualTo(-0.1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(v.toArray()[8]).isZero();
        assertThat(v.toArray()[1_999_999]).isEqualTo(-0.1f, org.assertj.core.data.Offset.offset(1e-6f));
    }
}
