package dev.dendrite.loss;

import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Tensor;

/**
 * Binary cross-entropy from logits, element-wise mean of
 * {@code -[t log sigmoid(x) + (1 - t) log(1 - sigmoid(x))]}, computed in the
 * stable form {@code max(x, 0) - x t + log(1 + exp(-|x|))} by one fused node
 * ({@link Var#binaryCrossEntropyWithLogits}) whose gradient is
 * {@code (sigmoid(x) - t) / N}. Built from relu and |x| instead, the gradient
 * was wrong wherever a logit was exactly 0 (the kink's zero slope), as it is for
 * a zero-initialised output layer on its first step.
 */
public final class BinaryCrossEntropy implements Loss {

    @Override
    public Var apply(Var logits, Tensor target) {
        if (!logits.shape().equals(target.shape())) {
            throw new IllegalArgumentException("binary cross-entropy: logits " + logits.shape()
                    + " and target " + target.shape() + " differ");
        }
        return logits.binaryCrossEntropyWithLogits(target);
    }

    @Override
    public String toString() {
        return "binary_cross_entropy";
    }
}
