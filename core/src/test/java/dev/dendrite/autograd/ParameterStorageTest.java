package dev.dendrite.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link Parameter#step} reuses the storage of old values only where nobody can
 * see it: handed-out values stay as they were, and graphs that are too old fail
 * loudly instead of reading overwritten numbers.
 */
class ParameterStorageTest {

    /** One update rule: next = current + 1, element by element. */
    private static void plusOne(Parameter p) {
        p.step((cur, next) -> {
            for (int i = 0; i < cur.length; i++) {
                next[i] = cur[i] + 1f;
            }
        });
    }

    private static Parameter param() {
        return new Parameter("w", Tensor.vector(1, 2, 3));
    }

    @Test
    void stepsComputeFromTheCurrentValue() {
        Parameter p = param();
        for (int i = 0; i < 5; i++) {
            plusOne(p);
        }
        assertThat(p.value().toArray()).containsExactly(6, 7, 8);
    }

    @Test
    void storageIsReusedTwoStepsLater() {
        Parameter p = param();
        plusOne(p); // no spare array yet: this step allocates
        float[] a = p.var().tensor().denseArray();
        plusOne(p);
        float[] b = p.var().tensor().denseArray();
        plusOne(p); // writes into a's array: a's value is two updates old
        assertThat(p.var().tensor().denseArray()).isSameAs(a).isNotSameAs(b);
        assertThat(p.value().toArray()).containsExactly(4, 5, 6);
    }

    @Test
    void aValueHandedOutNeverChanges() {
        Parameter p = param();
        plusOne(p);
        Tensor seen = p.value();
        for (int i = 0; i < 4; i++) {
            plusOne(p);
        }
        assertThat(seen.toArray()).containsExactly(2, 3, 4);
        assertThat(p.value().toArray()).containsExactly(6, 7, 8);
    }

    @Test
    void theInitialValueNeverChanges() {
        Tensor initial = Tensor.vector(1, 2, 3);
        Parameter p = new Parameter("w", initial);
        for (int i = 0; i < 4; i++) {
            plusOne(p);
        }
        assertThat(initial.toArray()).containsExactly(1, 2, 3);
    }

    @Test
    void aTensorGivenToUpdateNeverChanges() {
        Parameter p = param();
        Tensor restored = Tensor.vector(10, 20, 30); // e.g. a snapshot the caller keeps
        p.update(restored);
        for (int i = 0; i < 4; i++) {
            plusOne(p);
        }
        assertThat(restored.toArray()).containsExactly(10, 20, 30);
        assertThat(p.value().toArray()).containsExactly(14, 24, 34);
    }

    @Test
    void aValueReadFromTheGraphNeverChanges() {
        Parameter p = param();
        Var leaf = p.var();
        Var view = leaf.reshape(3, 1);
        Tensor fromLeaf = leaf.value();
        Tensor fromView = view.value();
        for (int i = 0; i < 4; i++) {
            plusOne(p);
        }
        assertThat(fromLeaf.toArray()).containsExactly(1, 2, 3);
        assertThat(fromView.toArray()).containsExactly(1, 2, 3);
    }

    @Test
    void backwardOnAGraphOneUpdateOldStillSeesItsValues() {
        Parameter p = param();
        Var loss = p.var().mul(p.var()).sum(); // d/dw sum(w^2) = 2w at the graph's w
        plusOne(p);
        assertThat(loss.backward().get(p).toArray()).containsExactly(2, 4, 6);
    }

    @Test
    void backwardOnAGraphTwoUpdatesOldFailsClearly() {
        Parameter p = param();
        plusOne(p);
        Var loss = p.var().mul(p.var()).sum();
        plusOne(p);
        plusOne(p);
        assertThatThrownBy(loss::backward)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("backward: parameter w has been updated twice since this graph was built,"
                        + " and its old value is gone; run the forward pass again");
    }

    @Test
    void readingAStaleViewFailsClearly() {
        Parameter p = param();
        plusOne(p);
        Var view = p.var().reshape(1, 3);
        plusOne(p);
        plusOne(p);
        assertThatThrownBy(view::value)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("value: parameter w has been updated twice");
    }

    @Test
    void computedValuesAreNotTiedToTheParameter() {
        Parameter p = param();
        plusOne(p);
        Var doubled = p.var().mul(2f);
        plusOne(p);
        plusOne(p);
        plusOne(p);
        // its own array: still readable and unchanged
        assertThat(doubled.value().toArray()).containsExactly(4, 6, 8);
    }

    @Test
    void aFailingRuleLeavesTheValueAlone() {
        Parameter p = param();
        plusOne(p);
        plusOne(p);
        assertThatThrownBy(() -> p.step((cur, next) -> {
            next[0] = 99f;
            throw new ArithmeticException("boom");
        })).isInstanceOf(ArithmeticException.class);
        assertThat(p.value().toArray()).containsExactly(3, 4, 5);
        plusOne(p);
        assertThat(p.value().toArray()).containsExactly(4, 5, 6);
    }
}
