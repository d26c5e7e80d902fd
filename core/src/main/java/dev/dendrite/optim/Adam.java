package dev.dendrite.optim;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.RowSparse;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.tensor.kernel.OptimizerKernels;

import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015, "Adam: A Method for Stochastic Optimization") and
 * AdamW (Loshchilov and Hutter, 2019, "Decoupled Weight Decay Regularization").
 * With {@code t} the step count:
 * {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;}
 * {@code p = p - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}.
 * Adam's weight decay adds {@code wd p} to the gradient (L2); AdamW's multiplies
 * the parameter by {@code 1 - lr wd} before the update instead.
 */
public final class Adam extends BaseOptimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;

    /** Adam with the usual defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    @SuppressWarnings("deprecation")
    public Adam(Map<String, Parameter> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /**
     * Positional form, kept for existing code: five numbers in a row are easy to
     * swap unnoticed, so new code says
     * {@code Adam.builder(params).learningRate(1e-3).weightDecay(0.01).decoupled(true).build()}.
     *
     * @deprecated use {@link #builder(Map)}
     */
    @Deprecated
    public Adam(Map<String, Parameter> params, double lr, double beta1, double beta2, double eps,
                double weightDecay, boolean decoupled) {
        super(params, lr);
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
            throw new IllegalArgumentException("adam: betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("adam: eps must be positive, got " + eps);
        }
        if (weightDecay < 0) {
            throw new IllegalArgumentException("adam: weight decay must be >= 0, got " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    /** AdamW with default betas and eps. */
    @SuppressWarnings("deprecation")
    public static Adam adamW(Map<String, Parameter> params, double lr, double weightDecay) {
        return new Adam(params, lr, 0.9, 0.999, 1e-8, weightDecay, true);
    }

    /**
     * Options by name, with the usual defaults: learning rate 0.001, betas (0.9,
     * 0.999), eps 1e-8, no weight decay; {@code decoupled(true)} makes it AdamW.
     */
    public static Builder builder(Map<String, Parameter> params) {
        return new Builder(params);
    }

    /** Named options for {@link Adam}; {@link #build} checks them. */
    public static final class Builder {
        private final Map<String, Parameter> params;
        private double lr = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double weightDecay;
        private boolean decoupled;

        private Builder(Map<String, Parameter> params) {
            this.params = params;
        }

        public Builder learningRate(double v) {
            lr = v;
            return this;
        }

        public Builder beta1(double v) {
            beta1 = v;
            return this;
        }

        public Builder beta2(double v) {
            beta2 = v;
            return this;
        }

        public Builder eps(double v) {
            eps = v;
            return this;
        }

        /** L2 penalty (Adam) or decoupled decay (with {@link #decoupled}: AdamW). */
        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        /** Decoupled weight decay: AdamW. */
        public Builder decoupled(boolean v) {
            decoupled = v;
            return this;
        }

        @SuppressWarnings("deprecation")
        public Adam build() {
            return new Adam(params, lr, beta1, beta2, eps, weightDecay, decoupled);
        }
    }

    @Override
    List<String> bufferNames() {
        return List.of("m", "v");
    }

    /** The step's coefficients in float32, each rounded once from its double-precision value. */
    private record Step(float b1, float c1, float b2, float c2, float step, float invSqrtBc2, float eps, float l2,
                        float decay) {
    }

    private Step coefficients() {
        double bc1 = 1 - Math.pow(beta1, steps);
        double bc2 = 1 - Math.pow(beta2, steps);
        return new Step((float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) (lr / bc1),
                (float) (1 / Math.sqrt(bc2)), (float) eps, decoupled ? 0f : (float) weightDecay,
                decoupled ? (float) (1 - lr * weightDecay) : 1f);
    }

    @Override
    void update(String name, Parameter p, Tensor grad) {
        float[] g = grad.buffer();
        int n = g.length;
        float[] m = buffer(name, "m", n);
        float[] v = buffer(name, "v", n);
        Step c = coefficients();
        p.step((value, out) -> OptimizerKernels.adam(value, g, m, v, out, n, c.b1, c.c1, c.b2, c.c2, c.step,
                c.invSqrtBc2, c.eps, c.l2, c.decay));
    }

    /**
     * Lazy Adam for row-sparse gradients, as PyTorch's SparseAdam: only the listed
     * rows of the parameter and of its moment estimates change; the bias
     * corrections use the global step count. Weight decay (L2 or decoupled) applies
     * to the listed rows only. When every row is listed every step, this is exactly
     * the dense update.
     */
    @Override
    void updateRows(String name, Parameter p, RowSparse grad) {
        int n = p.shape().size();
        float[] m = buffer(name, "m", n);
        float[] v = buffer(name, "v", n);
        Step c = coefficients();
        int[] rows = grad.rows();
        float[] g = grad.values().toArray();
        p.stepRows((value, width) -> OptimizerKernels.adamRows(value, rows, width, g, m, v, c.b1, c.c1, c.b2, c.c2,
                c.step, c.invSqrtBc2, c.eps, c.l2, c.decay));
    }

    @Override
    public String describe() {
        return (decoupled ? "adamw" : "adam") + "(lr=" + lr + (weightDecay != 0 ? ", weight_decay=" + weightDecay : "") + ")";
    }
}
