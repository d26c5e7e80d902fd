package dev.dendrite.spark;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.Sgd;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;

/**
 * Which optimizer every partition builds for its local steps (optimizers hold
 * parameters, so they are rebuilt on the executors from this description, not
 * shipped). Kinds: {@code adam}, {@code adamw}, {@code sgd} (with momentum).
 */
public record OptimizerSpec(String kind, double learningRate, double momentum, double weightDecay)
        implements Serializable {

    public OptimizerSpec {
        kind = kind.toLowerCase(Locale.ROOT);
        if (!kind.equals("adam") && !kind.equals("adamw") && !kind.equals("sgd")) {
            throw new IllegalArgumentException("optimizer: expected adam, adamw or sgd, got '" + kind + "'");
        }
        if (!(learningRate > 0) || momentum < 0 || momentum >= 1 || weightDecay < 0) {
            throw new IllegalArgumentException("optimizer: learning rate must be > 0, momentum in [0, 1), "
                    + "weight decay >= 0");
        }
    }

    public static OptimizerSpec adam(double lr) {
        return new OptimizerSpec("adam", lr, 0, 0);
    }

    public static OptimizerSpec sgd(double lr, double momentum) {
        return new OptimizerSpec("sgd", lr, momentum, 0);
    }

    public Optimizer create(Map<String, Parameter> params) {
        return switch (kind) {
            case "adam" -> new Adam(params, learningRate, 0.9, 0.999, 1e-8, weightDecay, false);
            case "adamw" -> Adam.adamW(params, learningRate, weightDecay);
            default -> new Sgd(params, learningRate, momentum, false, weightDecay);
        };
    }
}
