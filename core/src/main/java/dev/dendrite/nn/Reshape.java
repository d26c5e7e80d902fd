package dev.dendrite.nn;

import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Shape;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives each example a new shape of the same size: {@code [N, 784]} to
 * {@code [N, 1, 28, 28]} with {@code new Reshape(1, 28, 28)}, which is how flat
 * pixel rows (IDX or CSV) reach a convolution. Row-major, a free view; the
 * gradient is reshaped back.
 */
public final class Reshape implements Layer {
    private final int[] dims;

    public Reshape(int... dims) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("reshape: give the shape of one example");
        }
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("reshape: dimensions must be positive, got " + Arrays.toString(dims));
            }
        }
        this.dims = dims.clone();
    }

    @Override
    public Var forward(Var x, Mode mode) {
        int[] full = new int[dims.length + 1];
        full[0] = x.shape().dim(0);
        System.arraycopy(dims, 0, full, 1, dims.length);
        if (Shape.of(full).size() != x.shape().size()) {
            throw new IllegalArgumentException(this + ": input " + x.shape() + " does not have "
                    + Shape.of(dims).size() + " values per example");
        }
        return x.reshape(full);
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Shape s = inputs.get(0);
        if (s.size() != Shape.of(dims).size()) {
            throw new IllegalArgumentException(this + ": input per example " + s + " has " + s.size()
                    + " values, expected " + Shape.of(dims).size());
        }
        return Shape.of(dims);
    }

    @Override
    public String type() {
        return "reshape";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        List<Object> l = new java.util.ArrayList<>();
        for (int d : dims) {
            l.add(d);
        }
        c.put("shape", l);
        return c;
    }

    @Override
    public String toString() {
        return "Reshape" + Arrays.toString(dims);
    }
}
