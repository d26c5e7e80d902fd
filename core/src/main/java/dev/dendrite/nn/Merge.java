package dev.dendrite.nn;

import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Shape;

import java.util.List;
import java.util.Map;

/**
 * Joins the outputs of several layers in a {@link Graph}:
 * <ul>
 *   <li>{@code concatenate}: along the last axis, {@code [N, a] + [N, b] -> [N, a + b]};</li>
 *   <li>{@code add}: element-wise sum of inputs of one shape;</li>
 *   <li>{@code multiply}: element-wise product of inputs of one shape (GMF's user-item product);</li>
 *   <li>{@code dot}: the product summed over the last axis, {@code [N, d] . [N, d] -> [N, 1]}
 *       (matrix factorisation's user-item score).</li>
 * </ul>
 * No parameters. With one input each is the identity.
 */
public final class Merge implements Layer {
    private final String type;

    private Merge(String type) {
        this.type = type;
    }

    public static Merge concatenate() {
        return new Merge("concatenate");
    }

    public static Merge add() {
        return new Merge("add");
    }

    public static Merge multiply() {
        return new Merge("multiply");
    }

    public static Merge dot() {
        return new Merge("dot");
    }

    @Override
    public Var forward(Var input, Mode mode) {
        return input;
    }

    @Override
    public Var forward(List<Var> inputs, Mode mode) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException(type + ": needs at least one input");
        }
        if (type.equals("concatenate")) {
            return inputs.size() == 1 ? inputs.get(0) : Var.concat(inputs, -1);
        }
        List<Shape> shapes = inputs.stream().map(v -> dropBatch(v.shape())).toList();
        outputShape(shapes);
        Var out = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            out = type.equals("add") ? out.add(inputs.get(i)) : out.mul(inputs.get(i));
        }
        return type.equals("dot") ? out.sum(true, out.shape().rank() - 1) : out;
    }

    private static Shape dropBatch(Shape s) {
        int[] d = s.dims();
        return Shape.of(java.util.Arrays.copyOfRange(d, Math.min(1, d.length), d.length));
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException(type + ": needs at least one input");
        }
        Shape first = inputs.get(0);
        if (type.equals("concatenate")) {
            if (first.rank() < 1) {
                throw new IllegalArgumentException("concatenate: inputs must have at least one dimension per example");
            }
            int[] dims = first.dims();
            int last = 0;
            for (Shape s : inputs) {
                int[] d = s.dims();
                if (d.length != dims.length) {
                    throw new IllegalArgumentException("concatenate: inputs " + inputs + " differ in rank");
                }
                for (int i = 0; i < d.length - 1; i++) {
                    if (d[i] != dims[i]) {
                        throw new IllegalArgumentException("concatenate: inputs " + inputs
                                + " differ outside the last axis");
                    }
                }
                last += d[d.length - 1];
            }
            dims[dims.length - 1] = last;
            return Shape.of(dims);
        }
        for (Shape s : inputs) {
            if (!s.equals(first)) {
                throw new IllegalArgumentException(type + ": inputs must have one shape, got " + inputs);
            }
        }
        if (type.equals("dot")) {
            if (first.rank() < 1) {
                throw new IllegalArgumentException("dot: inputs must have at least one dimension per example");
            }
            int[] dims = first.dims();
            dims[dims.length - 1] = 1;
            return Shape.of(dims);
        }
        return first;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    @Override
    public String toString() {
        return type;
    }
}
