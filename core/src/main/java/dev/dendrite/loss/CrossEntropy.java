package dev.dendrite.loss;

import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

/**
 * Softmax cross-entropy from logits {@code [N, C]}: the mean over rows of
 * {@code -sum_c t_c log softmax(x)_c}. The target is either class indices
 * {@code [N]} (stored as floats) or a distribution per row {@code [N, C]}.
 * Softmax and the loss are one fused node ({@link Var#softmaxCrossEntropy}), so
 * logits of ±1000 give finite losses and gradients, and a step spends one pass
 * over the logits forward and one backward.
 */
public final class CrossEntropy implements Loss {

    @Override
    public Var apply(Var logits, Tensor target) {
        Shape s = logits.shape();
        if (s.rank() != 2) {
            throw new IllegalArgumentException("cross-entropy: logits must be [N, C], got " + s);
        }
        int n = s.dim(0);
        int c = s.dim(1);
        Tensor weights;
        if (target.rank() == 1) {
            if (target.dim(0) != n) {
                throw new IllegalArgumentException("cross-entropy: " + n + " rows of logits but " + target.dim(0) + " labels");
            }
            weights = oneHot(target.toArray(), c, "cross-entropy");
        } else if (target.shape().equals(s)) {
            weights = target;
        } else {
            throw new IllegalArgumentException("cross-entropy: target " + target.shape() + ", expected [" + n
                    + "] class indices or [" + n + ", " + c + "] probabilities");
        }
        return logits.softmaxCrossEntropy(weights);
    }

    /** One-hot rows {@code [labels.length, classes]} from class indices. */
    public static Tensor oneHot(float[] labels, int classes, String op) {
        int[] at = new int[labels.length];
        float[] ones = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            float l = labels[i];
            if (l != Math.rint(l) || l < 0 || l >= classes) {
                throw new IllegalArgumentException(op + ": label " + l + " at row " + i
                        + " is not a class index in [0, " + classes + ")");
            }
            at[i] = (int) l;
            ones[i] = 1f;
        }
        return Tensor.scatterLast(Shape.of(labels.length, classes), at, ones);
    }

    /** Class indices: the cheapest form; one-hot or soft rows {@code [N, C]} are accepted too. */
    @Override
    public Target target() {
        return Target.CLASS_INDICES;
    }

    @Override
    public String toString() {
        return "cross_entropy";
    }
}
