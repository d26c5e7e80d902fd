package dev.dendrite.optim;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.RowSparse;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.tensor.kernel.OptimizerKernels;

import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2
 * weight decay, with PyTorch's conventions:
 * {@code g = grad + wd p; b = mu b + g} (the first step sets {@code b = g});
 * {@code d = nesterov ? g + mu b : b}; {@code p = p - lr d}. Without momentum
 * this is the seed's rule, {@code p = p - lr grad}.
 */
public final class Sgd extends BaseOptimizer {
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;

    /** Plain gradient descent. */
    @SuppressWarnings("deprecation")
    public Sgd(Map<String, Parameter> params, double lr) {
        this(params, lr, 0, false, 0);
    }

    /** Options by name; the learning rate is 0.01 unless set, the rest off. */
    public static Builder builder(Map<String, Parameter> params) {
        return new Builder(params);
    }

    /** Named options for {@link Sgd}; {@link #build} checks them. */
    public static final class Builder {
        private final Map<String, Parameter> params;
        private double lr = 0.01;
        private double momentum;
        private boolean nesterov;
        private double weightDecay;

        private Builder(Map<String, Parameter> params) {
            this.params = params;
        }

        public Builder learningRate(double v) {
            lr = v;
            return this;
        }

        /** Momentum in [0, 1). */
        public Builder momentum(double v) {
            momentum = v;
            return this;
        }

        /** Nesterov momentum (needs momentum above 0). */
        public Builder nesterov(boolean v) {
            nesterov = v;
            return this;
        }

        /** L2 penalty added to the gradient. */
        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        @SuppressWarnings("deprecation")
        public Sgd build() {
            return new Sgd(params, lr, momentum, nesterov, weightDecay);
        }
    }

    /**
     * Positional form, kept for existing code: two doubles side by side are easy to
     * swap unnoticed, so new code says {@code Sgd.builder(params).learningRate(0.1).momentum(0.9).build()}.
     *
     * @deprecated use {@link #builder(Map)}
     */
    @Deprecated
    public Sgd(Map<String, Parameter> params, double lr, double momentum, boolean nesterov, double weightDecay) {
        super(params, lr);
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("sgd: momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("sgd: Nesterov momentum needs momentum > 0");
        }
        if (weightDecay < 0) {
            throw new IllegalArgumentException("sgd: weight decay must be >= 0, got " + weightDecay);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    boolean usesBuffers() {
        return momentum != 0;
    }

    @Override
    List<String> bufferNames() {
        return List.of("momentum");
    }

    @Override
    void update(String name, Parameter p, Tensor grad) {
        float[] g = grad.buffer();
        int n = g.length;
        float k = keep(name);
        float[] buf = momentumBuffer(name, n);
        p.step((value, out) -> OptimizerKernels.sgd(value, g, buf, out, n, (float) lr, k,
                nesterov ? (float) momentum : 0f, (float) weightDecay));
    }

    /** How much of the momentum buffer a step keeps: none on its first step, as in PyTorch, which starts it at the gradient. */
    private float keep(String name) {
        return momentum != 0 && buffers.containsKey(name + ".momentum") ? (float) momentum : 0f;
    }

    /** The parameter's momentum buffer, or null without momentum. */
    private float[] momentumBuffer(String name, int n) {
        return momentum != 0 ? buffer(name, "momentum", n) : null;
    }

    /**
     * SGD on the rows a row-sparse gradient lists, in place; momentum buffers of
     * other rows are left as they are (lazy momentum), and weight decay applies to
     * the listed rows only. When every row is listed every step, this is exactly
     * the dense update.
     */
    @Override
    void updateRows(String name, Parameter p, RowSparse grad) {
        float k = keep(name);
        float[] buf = momentumBuffer(name, p.shape().size());
        int[] rows = grad.rows();
        float[] g = grad.values().toArray();
        p.stepRows((value, width) -> OptimizerKernels.sgdRows(value, rows, width, g, buf, (float) lr, k,
                nesterov ? (float) momentum : 0f, (float) weightDecay));
    }

    @Override
    public String describe() {
        return "sgd(lr=" + lr + (momentum != 0 ? ", momentum=" + momentum : "")
                + (nesterov ? ", nesterov" : "") + (weightDecay != 0 ? ", weight_decay=" + weightDecay : "") + ")";
    }
}
