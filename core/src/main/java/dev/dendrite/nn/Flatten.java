package dev.dendrite.nn;

import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Shape;

import java.util.List;
import java.util.Map;

/**
 * Flattens each example: {@code [N, d1, d2, ...]} to {@code [N, d1 d2 ...]} in
 * row-major order (channels outermost for images, as PyTorch's
 * {@code nn.Flatten}), a free view. The gradient is reshaped back.
 */
public final class Flatten implements Layer {
    @Override
    public Var forward(Var x, Mode mode) {
        Shape s = x.shape();
        return s.rank() == 2 ? x : x.reshape(s.dim(0), s.size() / Math.max(1, s.dim(0)));
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        return Shape.of(inputs.get(0).size());
    }

    @Override
    public String type() {
        return "flatten";
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    @Override
    public String toString() {
        return "Flatten";
    }
}
