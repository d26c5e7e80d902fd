package dev.dendrite.nn;

import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Shape;

import java.util.List;
import java.util.Map;

/**
 * Global average pooling: {@code y[n, c] = (1 / H W) sum_{i, j} x[n, c, i, j]},
 * {@code [N, C, H, W]} to {@code [N, C]}: one number per channel, whatever the
 * image size, usually before the last dense layer.
 */
public final class GlobalAvgPool2d implements Layer {
    @Override
    public Var forward(Var x, Mode mode) {
        if (x.shape().rank() != 4) {
            throw new IllegalArgumentException("global_avg_pool2d: input " + x.shape() + ", expected [N, C, H, W]");
        }
        return x.mean(false, 2, 3);
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Shape s = inputs.get(0);
        if (inputs.size() != 1 || s.rank() != 3) {
            throw new IllegalArgumentException("global_avg_pool2d: input per example " + s
                    + ", expected [channels, height, width]");
        }
        return Shape.of(s.dim(0));
    }

    @Override
    public String type() {
        return "global_avg_pool2d";
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    @Override
    public String toString() {
        return "GlobalAvgPool2d";
    }
}
