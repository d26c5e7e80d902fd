package dev.dendrite.tensor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TensorTest {

    private static Tensor t23() {
        return Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    }

    @Test
    void viewsShareDataAndIndexCorrectly() {
        Tensor a = t23();
        Tensor tr = a.transpose();
        assertThat(tr.shape()).isEqualTo(Shape.of(3, 2));
        assertThat(tr.isContiguous()).isFalse();
        assertThat(tr.toArray()).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(a.slice(1, 1, 3).toArray()).containsExactly(2, 3, 5, 6);
        assertThat(a.reshape(3, -1).toArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(Tensor.vector(1, 2, 3).broadcastTo(Shape.of(2, 3)).toArray()).containsExactly(1, 2, 3, 1, 2, 3);
        assertThat(a.get(1, 2)).isEqualTo(6f);
        assertThat(tr.get(2, 1)).isEqualTo(6f);
    }

    @Test
    void broadcastingArithmetic() {
        Tensor a = t23();
        assertThat(a.add(Tensor.vector(10, 20, 30)).toArray()).containsExactly(11, 22, 33, 14, 25, 36);
        assertThat(a.mul(Tensor.of(new float[] {2, 3}, 2, 1)).toArray()).containsExactly(2, 4, 6, 12, 15, 18);
        assertThat(a.sub(Tensor.scalar(1)).toArray()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(a.transpose().add(a.transpose()).toArray()).containsExactly(2, 8, 4, 10, 6, 12);
    }

    @Test
    void reductions() {
        Tensor a = t23();
        assertThat(a.sum().item()).isEqualTo(21f);
        assertThat(a.sum(false, 0).toArray()).containsExactly(5, 7, 9);
        assertThat(a.sum(true, 1).shape()).isEqualTo(Shape.of(2, 1));
        assertThat(a.sum(true, 1).toArray()).containsExactly(6, 15);
        assertThat(a.mean(false, 1).toArray()).containsExactly(2, 5);
        assertThat(a.max(0, false).toArray()).containsExactly(4, 5, 6);
        assertThat(a.argmax(1, false).toArray()).containsExactly(2, 2);
        assertThat(a.sumTo(Shape.of(3)).toArray()).containsExactly(5, 7, 9);
        assertThat(a.sumTo(Shape.of(2, 1)).toArray()).containsExactly(6, 15);
        Tensor b = Tensor.arange(24).reshape(2, 3, 4);
        assertThat(b.sum(false, 0, 2).toArray()).containsExactly(60, 92, 124);
    }

    @Test
    void matmulAllTransposeCombinations() {
        Tensor a = t23();
        Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
        assertThat(a.matmul(b).toArray()).containsExactly(4, 5, 10, 11);
        // a·aᵀ via a transposed view; aᵀ·a likewise
        assertThat(a.matmul(a.transpose()).toArray()).containsExactly(14, 32, 32, 77);
        assertThat(a.transpose().matmul(a).toArray()).containsExactly(17, 22, 27, 22, 29, 36, 27, 36, 45);
        assertThat(b.transpose().matmul(a.transpose()).toArray())
                .containsExactly(a.matmul(b).transpose().toArray());
    }

    @Test
    void largeGatherSplitAcrossThreadsCopiesEveryRow() {
        // 300 rows of 512 floats: above the size where the copy is split across the kernel pool
        int rows = 1000;
        int width = 512;
        float[] data = new float[rows * width];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        Tensor t = Tensor.wrap(data, Shape.of(rows, 2, width / 2));
        int[] idx = new int[300];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (int i = 0; i < idx.length; i++) {
            idx[i] = rnd.nextInt(rows);
        }
        Tensor g = t.gather(idx);
        assertThat(g.shape()).isEqualTo(Shape.of(300, 2, width / 2));
        float[] out = g.toArray();
        for (int i = 0; i < idx.length; i++) {
            for (int j = 0; j < width; j++) {
                assertThat(out[i * width + j]).isEqualTo((float) (idx[i] * width + j));
            }
        }
        assertThatThrownBy(() -> t.gather(new int[] {0, rows}))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index 1000 out of range for 1000 rows");
    }

    @Test
    void gatherAndScatter() {
        Tensor a = t23();
        assertThat(a.gather(new int[] {1, 1, 0}).toArray()).containsExactly(4, 5, 6, 4, 5, 6, 1, 2, 3);
        assertThat(Tensor.ones(3, 2).scatterAddRows(new int[] {1, 1, 0}, 2).toArray()).containsExactly(1, 1, 2, 2);
        assertThat(Tensor.vector(7, 8).padInto(Shape.of(4), 0, 1).toArray()).containsExactly(0, 7, 8, 0);
    }

    @Test
    void shapeErrorsNameTheOpAndBothShapes() {
        assertThatThrownBy(() -> Tensor.zeros(32, 784).matmul(Tensor.zeros(128, 10)))
                .hasMessage("matmul: [32, 784] x [128, 10]: inner dimensions differ (784 vs 128)");
        assertThatThrownBy(() -> t23().add(Tensor.zeros(4)))
                .hasMessage("add: [2, 3] and [4] cannot broadcast (axis 1: 3 vs 4)");
        assertThatThrownBy(() -> t23().reshape(4, 2))
                .hasMessageContaining("reshape [2, 3] to [4, 2]");
        assertThatThrownBy(() -> t23().sum(false, 2))
                .hasMessage("sum: axis 2 is out of range for shape [2, 3]");
    }

    @Test
    void seededFactoriesRepeat() {
        assertThat(Tensor.normal(new Rng(9), 0, 1, 50).toArray()).containsExactly(Tensor.normal(new Rng(9), 0, 1, 50).toArray());
        assertThat(Tensor.uniform(new Rng(9), 0, 1, 50).toArray()).isNotEqualTo(Tensor.uniform(new Rng(10), 0, 1, 50).toArray());
        Rng r = new Rng(5);
        r.nextLong();
        Rng copy = Rng.restore(r.state());
        assertThat(copy.nextLong()).isEqualTo(r.nextLong());
    }
}
