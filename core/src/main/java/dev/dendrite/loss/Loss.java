package dev.dendrite.loss;

import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Tensor;

/**
 * Compares a prediction with the truth and returns a scalar to minimise:
 * {@code (prediction, target) -> scalar Var}.
 */
@FunctionalInterface
public interface Loss {
    Var apply(Var prediction, Tensor target);
}
