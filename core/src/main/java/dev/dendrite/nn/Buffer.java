package dev.dendrite.nn;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

/**
 * A named piece of non-trainable layer state, such as a batch-norm layer's
 * running mean: saved with the model under a dotted name
 * ({@code 3.running_mean}), restored on load and resume, changed only by the
 * layer itself in training mode. Optimizers never see it, so weight decay never
 * touches it. Its value is an immutable tensor; {@link #update} replaces it with
 * a copy of what it is given.
 */
public final class Buffer {
    private final String name;
    private volatile Tensor value;

    public Buffer(String name, Tensor initial) {
        this.name = name;
        this.value = initial.copy();
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

    /** Replaces the value by a copy of {@code next}; the shape must not change. */
    public void update(Tensor next) {
        if (!next.shape().equals(value.shape())) {
            throw new IllegalArgumentException("buffer " + name + ": update with shape " + next.shape()
                    + ", expected " + value.shape());
        }
        value = next.copy();
    }

    @Override
    public String toString() {
        return "Buffer " + name + " " + value.shape();
    }
}
