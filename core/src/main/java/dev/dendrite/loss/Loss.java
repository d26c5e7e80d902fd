package dev.dendrite.loss;

import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Tensor;

/**
 * Compares a prediction with the truth and returns a scalar to minimise:
 * {@code (prediction, target) -> scalar Var}.
 *
 * <h2>The target contract</h2>
 * The same for built-in and user losses: the target is what the data set holds
 * for its task, in the form the loss declares with {@link #target()}.
 * <ul>
 *   <li>Regression data: the targets {@code [N, k]}, whatever the loss declares.</li>
 *   <li>Classification data, a loss declaring {@link Target#CLASS_INDICES}: the class
 *       index of each row as a float {@code [N]} (exact integers {@code 0..C-1}).</li>
 *   <li>Classification data, a loss declaring {@link Target#DENSE} (the default):
 *       one-hot rows {@code [N, C]}, one column per class in the data set's order.</li>
 * </ul>
 * The training loop, evaluation and any distributed worker ask the loss, never
 * its class, which form to build.
 */
@FunctionalInterface
public interface Loss {
    /** The form of target a loss wants from classification data. */
    enum Target {
        /** Class indices {@code [N]}, as floats. */
        CLASS_INDICES,
        /** One-hot rows {@code [N, C]}. */
        DENSE
    }

    Var apply(Var prediction, Tensor target);

    /** The target this loss wants from classification data (default: one-hot rows). */
    default Target target() {
        return Target.DENSE;
    }
}
