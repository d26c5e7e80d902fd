package dev.dendrite.loss;

import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Tensor;

/**
 * Squared error: {@code sum((p - t)^2)} (the seed example's total error) or its
 * mean over all elements (MSE). Prediction and target must have the same shape.
 */
public final class SquaredError implements Loss {
    private final boolean mean;

    private SquaredError(boolean mean) {
        this.mean = mean;
    }

    /** The total squared error, as in the seed example. */
    public static SquaredError sum() {
        return new SquaredError(false);
    }

    /** The mean squared error. */
    public static SquaredError mean() {
        return new SquaredError(true);
    }

    @Override
    public Var apply(Var prediction, Tensor target) {
        if (!prediction.shape().equals(target.shape())) {
            throw new IllegalArgumentException("squared error: prediction " + prediction.shape()
                    + " and target " + target.shape() + " differ");
        }
        Var sq = prediction.sub(Var.constant(target)).pow(2f);
        return mean ? sq.mean() : sq.sum();
    }

    @Override
    public String toString() {
        return mean ? "mse" : "sse";
    }
}
