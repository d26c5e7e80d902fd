package dev.dendrite.optim;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.tensor.Tensor;

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
    public Sgd(Map<String, Parameter> params, double lr) {
        this(params, lr, 0, false, 0);
    }

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
    List<String> bufferNames() {
        return List.of("momentum");
    }

    @Override
    void update(String name, Parameter p, Tensor grad) {
        Tensor g = weightDecay == 0 ? grad : grad.add(p.value().mul((float) weightDecay));
        if (momentum != 0) {
            Tensor b = buffer(name, "momentum");
            b = b == null ? g : b.mul((float) momentum).add(g);
            buffer(name, "momentum", b);
            g = nesterov ? g.add(b.mul((float) momentum)) : b;
        }
        p.update(p.value().sub(g.mul((float) lr)));
    }

    @Override
    public String describe() {
        return "sgd(lr=" + lr + (momentum != 0 ? ", momentum=" + momentum : "")
                + (nesterov ? ", nesterov" : "") + (weightDecay != 0 ? ", weight_decay=" + weightDecay : "") + ")";
    }
}
