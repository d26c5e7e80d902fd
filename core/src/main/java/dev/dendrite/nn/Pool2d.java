package dev.dendrite.nn;

import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Shape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What max and average pooling share: a {@code kh x kw} window moved by a stride
 * (default: the window, so windows do not overlap) over zero-or-more padding,
 * applied to each channel of {@code [N, C, H, W]}, giving {@code [N, C, oh, ow]}
 * with {@code oh = (H + 2 ph - kh) / sh + 1}. Padding may be at most half the
 * window, as in PyTorch, so every window covers part of the image.
 */
abstract class Pool2d implements Layer {
    final int[] kernel;
    final int[] stride;
    final int[] padding;

    Pool2d(String type, int[] kernel, int[] stride, int[] padding) {
        for (int i = 0; i < 2; i++) {
            if (kernel[i] <= 0 || stride[i] <= 0 || padding[i] < 0 || padding[i] > kernel[i] / 2) {
                throw new IllegalArgumentException(type + ": window " + kernel[0] + "x" + kernel[1] + ", stride "
                        + stride[0] + "x" + stride[1] + ", padding " + padding[0] + "x" + padding[1]
                        + ": sizes must be positive and padding at most half the window");
            }
        }
        this.kernel = kernel.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Shape s = inputs.get(0);
        if (inputs.size() != 1 || s.rank() != 3) {
            throw new IllegalArgumentException(this + ": input per example " + s + ", expected [channels, height, width]");
        }
        int oh = s.dim(1) + 2 * padding[0] - kernel[0];
        int ow = s.dim(2) + 2 * padding[1] - kernel[1];
        if (oh < 0 || ow < 0) {
            throw new IllegalArgumentException(this + ": the window does not fit the " + s.dim(1) + "x" + s.dim(2)
                    + " input");
        }
        return Shape.of(s.dim(0), oh / stride[0] + 1, ow / stride[1] + 1);
    }

    @Override
    public void build(List<Shape> inputs, dev.dendrite.tensor.Rng rng) {
        outputShape(inputs);
    }

    abstract Var pool(Var x);

    @Override
    public Var forward(Var x, Mode mode) {
        return pool(x);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("kernel", List.of(kernel[0], kernel[1]));
        c.put("stride", List.of(stride[0], stride[1]));
        c.put("padding", List.of(padding[0], padding[1]));
        return c;
    }

    /** Reads kernel, stride and padding from a configuration: {@code {kernel, stride, padding}}. */
    static int[][] read(Map<String, Object> c) {
        int[] k = LayerTypes.ints(c, "kernel");
        int[] s = LayerTypes.ints(c, "stride");
        if (k.length != 2 || s.length != 2) {
            throw new IllegalArgumentException("layer config: pooling kernel and stride need two numbers each");
        }
        return new int[][] {k, s, nonNegativePair(c, "padding")};
    }

    /** Two integers >= 0 from a configuration. */
    static int[] nonNegativePair(Map<String, Object> c, String key) {
        if (!(c.get(key) instanceof List<?> l) || l.size() != 2) {
            throw new IllegalArgumentException("layer config: '" + key + "' must be a list of two integers");
        }
        int[] out = new int[2];
        for (int i = 0; i < 2; i++) {
            if (!(l.get(i) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                    || n.doubleValue() < 0 || n.doubleValue() > 1 << 20) {
                throw new IllegalArgumentException("layer config: '" + key + "' must hold integers >= 0");
            }
            out[i] = n.intValue();
        }
        return out;
    }

    String describe(String name) {
        return name + "(" + kernel[0] + "x" + kernel[1]
                + (stride[0] != kernel[0] || stride[1] != kernel[1] ? ", stride " + stride[0] + "x" + stride[1] : "")
                + (padding[0] != 0 || padding[1] != 0 ? ", pad " + padding[0] + "x" + padding[1] : "") + ")";
    }
}
