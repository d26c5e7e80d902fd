package dev.dendrite.nn;

import dev.dendrite.tensor.Shape;

/**
 * A named model input: float features of a per-example shape (for example
 * {@code [784]} or {@code [1, 28, 28]}), or integer ids (user ids, item ids,
 * tokens) of a per-example shape ({@code []} for one id per example), which
 * stay integers all the way to the layer that reads them. The batch dimension
 * is not part of {@code shape}.
 */
public record Input(String name, Kind kind, Shape shape) {
    /** What an input carries. */
    public enum Kind {
        FLOATS, INDICES
    }

    public Input {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("input: a name must be non-empty and without dots, got '" + name + "'");
        }
        if (kind == null || shape == null) {
            throw new IllegalArgumentException("input " + name + ": kind and shape are required");
        }
    }

    /** Float features with the given per-example dimensions. */
    public static Input floats(String name, int... dims) {
        return new Input(name, Kind.FLOATS, Shape.of(dims));
    }

    /** Integer ids, one per example unless {@code dims} says otherwise (for example {@code [L]} for a sequence). */
    public static Input indices(String name, int... dims) {
        return new Input(name, Kind.INDICES, Shape.of(dims));
    }

    @Override
    public String toString() {
        return name + (kind == Kind.INDICES ? " ids " : " ") + shape;
    }
}
