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
 * over the logits forward and one backward. With class weights
 * ({@link #weighted}) it follows PyTorch's {@code weight=}: for class indices
 * the weighted mean {@code sum_i w[y_i] loss_i / sum_i w[y_i]}, for
 * distributions {@code -sum_c w_c t_c log softmax(x)_c} averaged over rows.
 * {@link #labelSmoothing} mixes every target with the uniform distribution.
 */
public final class CrossEntropy implements Loss {
    private final float[] classWeights; // null: every class weighs 1
    private final float smoothing;

    public CrossEntropy() {
        this(null, 0f);
    }

    private CrossEntropy(float[] classWeights) {
        this(classWeights, 0f);
    }

    private CrossEntropy(float[] classWeights, float smoothing) {
        this.classWeights = classWeights;
        this.smoothing = smoothing;
    }

    /**
     * This loss with label smoothing {@code eps}, as PyTorch's {@code label_smoothing=}:
     * every target row {@code t} (one-hot for a class index) becomes
     * {@code (1 - eps) t + eps / C}, so the model is never pushed towards infinite
     * logits. {@code eps} in {@code [0, 1)}; not combined with class weights.
     */
    public CrossEntropy labelSmoothing(float eps) {
        if (!(eps >= 0 && eps < 1)) {
            throw new IllegalArgumentException("cross-entropy: label smoothing must be in [0, 1), got " + eps);
        }
        if (classWeights != null && eps > 0) {
            throw new IllegalArgumentException("cross-entropy: label smoothing with class weights is not supported");
        }
        return new CrossEntropy(classWeights, eps);
    }

    /** The label smoothing (0 when none). */
    public float labelSmoothing() {
        return smoothing;
    }

    /** Cross-entropy with one positive, finite weight per class (index = class). */
    public static CrossEntropy weighted(float... classWeights) {
        if (classWeights.length == 0) {
            throw new IllegalArgumentException("cross-entropy: no class weights given");
        }
        for (int c = 0; c < classWeights.length; c++) {
            float w = classWeights[c];
            if (!(w > 0) || !Float.isFinite(w)) {
                throw new IllegalArgumentException("cross-entropy: the weight of class " + c
                        + " must be a positive finite number, got " + w);
            }
        }
        return new CrossEntropy(classWeights.clone());
    }

    /** The class weights (a copy), or null when unweighted. */
    public float[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    @Override
    public Var apply(Var logits, Tensor target) {
        Shape s = logits.shape();
        if (s.rank() != 2) {
            throw new IllegalArgumentException("cross-entropy: logits must be [N, C], got " + s);
        }
        int n = s.dim(0);
        int c = s.dim(1);
        if (classWeights != null && classWeights.length != c) {
            throw new IllegalArgumentException("cross-entropy: " + classWeights.length + " class weights for "
                    + c + " classes");
        }
        Tensor weights;
        if (target.rank() == 1) {
            if (target.dim(0) != n) {
                throw new IllegalArgumentException("cross-entropy: " + n + " rows of logits but " + target.dim(0) + " labels");
            }
            weights = oneHot(target.toArray(), c, "cross-entropy");
            if (classWeights != null) {
                // the fused node averages over n rows; scaling row i by n * w[y_i] / sum_j w[y_j]
                // turns that mean into PyTorch's weighted mean
                float[] labels = target.toArray();
                double total = 0;
                for (float l : labels) {
                    total += classWeights[(int) l];
                }
                float[] t = weights.toArray();
                for (int i = 0; i < n; i++) {
                    t[i * c + (int) labels[i]] = (float) (n * classWeights[(int) labels[i]] / total);
                }
                weights = Tensor.wrap(t, s);
            }
        } else if (target.shape().equals(s)) {
            weights = target;
            if (classWeights != null) {
                weights = target.mul(Tensor.wrap(classWeights.clone(), Shape.of(c)));
            }
        } else {
            throw new IllegalArgumentException("cross-entropy: target " + target.shape() + ", expected [" + n
                    + "] class indices or [" + n + ", " + c + "] probabilities");
        }
        if (smoothing > 0) {
            weights = weights.mul(1 - smoothing).add(smoothing / c);
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
        if (classWeights == null) {
            return smoothing > 0 ? "cross_entropy(label smoothing " + smoothing + ")" : "cross_entropy";
        }
        StringBuilder sb = new StringBuilder("cross_entropy(class weights ");
        for (int i = 0; i < classWeights.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(classWeights[i]);
        }
        return sb.append(')').toString();
    }
}
