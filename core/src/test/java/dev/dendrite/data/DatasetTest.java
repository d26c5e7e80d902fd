package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetTest {
    private static final Tensor X = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);

    @Test
    void rangeIsARowViewWithCopiedLabels() {
        Dataset c = Dataset.classification(X, List.of("a", "b"), new int[] {2, 0, 1}, List.of("x", "y", "z"));
        Dataset part = c.range(1, 3);
        assertThat(part.features().toArray()).containsExactly(3, 4, 5, 6);
        assertThat(part.features().denseArray()).as("a view into the rows, not a fresh array").isNull();
        assertThat(part.labels()).containsExactly(0, 1);
        assertThat(part.features().toArray()).containsExactly(c.subset(new int[] {1, 2}).features().toArray());
        assertThat(c.range(2, 2).size()).isZero();
        Dataset r = Dataset.regression(X, List.of("a", "b"), Tensor.of(new float[] {1, 10, 2, 20, 3, 30}, 3, 2));
        assertThat(r.range(0, 2).targets().toArray()).containsExactly(1, 10, 2, 20);
        assertThat(r.range(0, 2).features().toArray()).containsExactly(1, 2, 3, 4);
        assertThatThrownBy(() -> c.range(2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> c.range(-1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> c.range(2, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void classification() {
        int[] labels = {2, 0, 2};
        Dataset d = Dataset.classification(X, List.of("a", "b"), labels, List.of("x", "y", "z"));
        labels[0] = 1; // the dataset copied the array
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.featureCount()).isEqualTo(2);
        assertThat(d.isClassification()).isTrue();
        assertThat(d.classCount()).isEqualTo(3);
        assertThat(d.labels()).containsExactly(2, 0, 2);
        assertThat(d.classCounts()).containsExactly(1, 0, 2);
        assertThat(d.oneHot()).isEqualTo(Tensor.of(new float[] {0, 0, 1, 1, 0, 0, 0, 0, 1}, 3, 3));
        Dataset s = d.subset(new int[] {2, 1});
        assertThat(s.features().toArray()).containsExactly(5, 6, 3, 4);
        assertThat(s.labels()).containsExactly(2, 0);
        assertThatThrownBy(d::targets).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void regression() {
        Dataset d = Dataset.regression(X, List.of("a", "b"), Tensor.vector(0.5f, 1.5f, 2.5f));
        assertThat(d.isClassification()).isFalse();
        assertThat(d.classCount()).isZero();
        assertThat(d.targets().shape().dims()).containsExactly(3, 1);
        assertThat(d.subset(new int[] {1}).targets().item()).isEqualTo(1.5f);
        assertThatThrownBy(d::labels).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void validation() {
        assertThatThrownBy(() -> Dataset.classification(X, List.of("a", "b"), new int[] {0, 1}, List.of("x", "y")))
                .hasMessage("Dataset: 3 feature rows but 2 labels");
        assertThatThrownBy(() -> Dataset.classification(X, List.of("a", "b"), new int[] {0, 1, 2}, List.of("x", "y")))
                .hasMessage("Dataset: label 2 of row 2 is out of range for 2 classes");
        assertThatThrownBy(() -> Dataset.regression(X, List.of("a"), Tensor.zeros(3)))
                .hasMessage("Dataset: 1 feature names for 2 feature columns");
    }
}
