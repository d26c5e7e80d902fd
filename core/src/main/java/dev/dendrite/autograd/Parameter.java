package dev.dendrite.autograd;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

/**
 * A named trainable weight. Its current value is the only mutable model state:
 * an optimizer replaces it with {@link #update}, always with the same shape.
 * Each forward pass reads it through {@link #var()}, a graph leaf whose gradient
 * {@link Var#backward()} reports under this parameter. Its own name is local
 * ({@code weight}); containers expose it under a dotted path ({@code 0.weight}),
 * which is the key in model files and optimizer state.
 */
public final class Parameter {
    private final String name;
    private volatile Tensor value;

    public Parameter(String name, Tensor value) {
        this.name = name;
        this.value = value;
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    public Shape shape() {
        return value.shape();
    }

    /** Replaces the value; the shape must not change. */
    public void update(Tensor next) {
        if (!next.shape().equals(value.shape())) {
            throw new IllegalArgumentException("parameter " + name + ": update with shape " + next.shape()
                    + ", expected " + value.shape());
        }
        value = next;
    }

    /** A graph leaf holding the current value; gradients flow back to this parameter. */
    public Var var() {
        return Var.parameterLeaf(this);
    }

    @Override
    public String toString() {
        return "Parameter " + name + " " + value.shape();
    }
}
