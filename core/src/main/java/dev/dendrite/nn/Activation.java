package dev.dendrite.nn;

import dev.dendrite.autograd.Var;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An element-wise activation as a layer, shape {@code [N, ...] -> [N, ...]}:
 * identity, sigmoid 1/(1+e^-x), tanh, ReLU max(0, x), leaky ReLU (slope for
 * x &lt; 0), or softmax over the last axis.
 */
public final class Activation implements Layer {
    /** The activation functions. */
    public enum Kind { IDENTITY, SIGMOID, TANH, RELU, LEAKY_RELU, SOFTMAX }

    private final Kind kind;
    private final float slope;

    public Activation(Kind kind) {
        this(kind, 0.01f);
    }

    /** A leaky ReLU with the given negative slope (ignored by other kinds). */
    public Activation(Kind kind, float slope) {
        this.kind = kind;
        this.slope = slope;
    }

    public static Activation relu() {
        return new Activation(Kind.RELU);
    }

    public static Activation sigmoid() {
        return new Activation(Kind.SIGMOID);
    }

    public static Activation tanh() {
        return new Activation(Kind.TANH);
    }

    public static Activation softmax() {
        return new Activation(Kind.SOFTMAX);
    }

    public static Activation leakyRelu(float slope) {
        return new Activation(Kind.LEAKY_RELU, slope);
    }

    /** Parses {@code relu}, {@code sigmoid}, {@code tanh}, {@code leaky_relu}, {@code softmax}, {@code identity}. */
    public static Kind parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (n.equals("LEAKYRELU")) {
            return Kind.LEAKY_RELU;
        }
        if (n.equals("LINEAR") || n.equals("NONE")) {
            return Kind.IDENTITY;
        }
        try {
            return Kind.valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown activation '" + name
                    + "' (expected relu, leaky_relu, sigmoid, tanh, softmax or identity)");
        }
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public Var forward(Var x, Mode mode) {
        return switch (kind) {
            case IDENTITY -> x;
            case SIGMOID -> x.sigmoid();
            case TANH -> x.tanh();
            case RELU -> x.relu();
            case LEAKY_RELU -> x.leakyRelu(slope);
            case SOFTMAX -> x.softmax(-1);
        };
    }

    @Override
    public String type() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        if (kind == Kind.LEAKY_RELU) {
            c.put("slope", (double) slope);
        }
        return c;
    }

    @Override
    public String toString() {
        return kind == Kind.LEAKY_RELU ? "LeakyReLU(" + slope + ")" : type();
    }
}
