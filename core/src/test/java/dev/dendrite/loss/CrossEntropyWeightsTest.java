package dev.dendrite.loss;

import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Class weights by hand: zero logits make every row's loss ln 2 and its softmax (1/2, 1/2). */
class CrossEntropyWeightsTest {
    @Test
    void weightedMeanAndItsGradient() {
        Var logits = Var.variable(Tensor.zeros(2, 2));
        Var loss = CrossEntropy.weighted(1f, 3f).apply(logits, Tensor.vector(0, 1));
        // (1 ln2 + 3 ln2) / (1 + 3)
        assertThat(loss.value().item()).isCloseTo((float) Math.log(2), within(1e-6f));
        // row i: w[y_i] / sum(w) * (softmax - onehot)
        assertThat(loss.backward().get(logits).toArray()).containsExactly(
                new float[] {-0.125f, 0.125f, 0.375f, -0.375f}, within(1e-6f));
    }

    @Test
    void badWeightsAreRefused() {
        assertThatThrownBy(() -> CrossEntropy.weighted(1f, 0f)).hasMessageContaining("class 1 must be a positive");
        assertThatThrownBy(() -> CrossEntropy.weighted(1f, Float.NaN)).hasMessageContaining("positive finite");
        assertThatThrownBy(() -> CrossEntropy.weighted(1f, 2f).apply(Var.variable(Tensor.zeros(1, 3)),
                Tensor.vector(0))).hasMessageContaining("2 class weights for 3 classes");
        assertThat(CrossEntropy.weighted(1f, 2f).classWeights()).containsExactly(1f, 2f);
        assertThat(new CrossEntropy().classWeights()).isNull();
    }
}
