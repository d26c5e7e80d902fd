package dev.dendrite.nn;

import dev.dendrite.tensor.Rng;

import java.util.Map;

/**
 * Rebuilds layers from the type name and configuration that {@link Layer#type()}
 * and {@link Layer#config()} give. A fixed table, never reflection on names read
 * from a file. Rebuilt layers get freshly initialised parameters; a model loader
 * then replaces them with the saved values.
 */
public final class Layers {
    private Layers() {
    }

    public static Layer create(String type, Map<String, Object> config) {
        return switch (type) {
            case "dense" -> new Dense(intOf(config, "in"), intOf(config, "out"),
                    !Boolean.FALSE.equals(config.get("bias")), Init.ZEROS, new Rng(0));
            case "dropout" -> new Dropout((float) doubleOf(config, "p"));
            case "leaky_relu" -> new Activation(Activation.Kind.LEAKY_RELU,
                    config.containsKey("slope") ? (float) doubleOf(config, "slope") : 0.01f);
            case "identity", "sigmoid", "tanh", "relu", "softmax" -> new Activation(Activation.parse(type));
            default -> throw new IllegalArgumentException("unknown layer type '" + type + "'");
        };
    }

    private static int intOf(Map<String, Object> c, String key) {
        double v = doubleOf(c, key);
        if (v != Math.rint(v) || v < 1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("layer config: '" + key + "' must be a positive integer, got " + v);
        }
        return (int) v;
    }

    private static double doubleOf(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("layer config: missing number '" + key + "'");
        }
        return n.doubleValue();
    }
}
