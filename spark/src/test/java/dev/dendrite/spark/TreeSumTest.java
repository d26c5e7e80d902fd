package dev.dendrite.spark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TreeSumTest {

    // values chosen so that float addition in different orders gives different bits
    private static final float[] A = {1e8f, 0.1f};
    private static final float[] B = {1f, 0.2f};
    private static final float[] C = {-1e8f, 0.3f};

    @Test
    void theSumIsTheFixedTreeWhateverTheArrivalOrder() {
        // three partitions: the tree is ((0 + 1) + 2), with 3 an empty leaf
        float[] expected = {(A[0] + B[0]) + C[0], (A[1] + B[1]) + C[1]};
        assertThat((A[0] + C[0]) + B[0]).isNotEqualTo(expected[0]); // order would matter without the tree
        int[][] orders = {{0, 1, 2}, {2, 1, 0}, {1, 2, 0}, {2, 0, 1}};
        float[][] v = {A, B, C};
        for (int[] order : orders) {
            TreeSum t = new TreeSum(3);
            for (int i : order) {
                t.add(i, v[i].clone(), 0);
            }
            assertThat(t.total()).containsExactly(expected);
        }
    }

    @Test
    void partialSumsMergedInAnyOrderGiveTheSameTotal() {
        TreeSum x = new TreeSum(3).add(2, C.clone(), 5);
        TreeSum y = new TreeSum(3).add(0, A.clone(), 7).add(1, B.clone(), 3);
        TreeSum xy = new TreeSum(3).merge(x).merge(y);
        TreeSum yx = new TreeSum(3).add(1, B.clone(), 3).merge(new TreeSum(3).add(2, C.clone(), 5))
                .merge(new TreeSum(3).add(0, A.clone(), 7));
        assertThat(xy.total()).containsExactly(yx.total());
        assertThat(xy.maxComputeNanos()).isEqualTo(7);
        assertThat(xy.sumComputeNanos()).isEqualTo(15);
    }

    @Test
    void anEmptyPartitionCountsAsZeroAndAMissingOneIsAnError() {
        TreeSum t = new TreeSum(2).add(0, null, 0);
        assertThat(t.complete()).isFalse();
        assertThatThrownBy(t::total).hasMessageContaining("only subtrees");
        t.add(1, B.clone(), 0);
        assertThat(t.total()).containsExactly(B);
        assertThatThrownBy(() -> t.add(1, B.clone(), 0)).hasMessageContaining("twice");
    }
}
