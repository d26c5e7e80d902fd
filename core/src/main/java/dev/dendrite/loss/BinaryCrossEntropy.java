package dev.dendrite.loss;

import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Tensor;

/**
 * Binary cross-entropy from logits, element-wise mean of
 * {@code -[t log sigmoid(x) + (1 - t) log(1 - sigmoid(x))]}, computed in the
 * stable form {@code relu(x) - x t + log(1 + exp(-|x|))} where
 * {@code |x| = relu(x) + relu(-x)}.
 */
public final class BinaryCrossEntropy implements Loss {

    @Override
    public Var apply(Var logits, Tensor target) {
        if (!logits.shape().equals(target.shape())) {
            throw new IllegalArgumentException("binary cross-entropy: logits " + logits.shape()
                    + " and target " + target.shape() + " differ");
        }
        Var pos = logits.relu();
        Var abs = pos.add(logits.neg().relu());
        Var softplus = abs.neg().exp().add(1f).log();
        return pos.sub(logits.mul(Var.constant(target))).add(softplus).mean();
    }

    @Override
    public String toString() {
        return "binary_cross_entropy";
    }
}
