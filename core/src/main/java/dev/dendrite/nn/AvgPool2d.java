package dev.dendrite.nn;

import dev.dendrite.autograd.Var;

import java.util.Map;

/**
 * Average pooling: {@code y[n, c, i, j] = (1 / kh kw) sum_{a < kh, b < kw} x[n, c, i sh - ph + a, j sw - pw + b]}
 * over {@code [N, C, H, W]}, giving {@code [N, C, (H + 2 ph - kh) / sh + 1, (W + 2 pw - kw) / sw + 1]};
 * padding counts as zeros and is included in the divisor (PyTorch's default).
 * Each output's gradient is spread evenly over its window.
 */
public final class AvgPool2d extends Pool2d {
    /** A {@code k x k} window moved by {@code k}. */
    public AvgPool2d(int k) {
        this(new int[] {k, k}, new int[] {k, k}, new int[] {0, 0});
    }

    public AvgPool2d(int[] kernel, int[] stride, int[] padding) {
        super("avg_pool2d", kernel, stride, padding);
    }

    @Override
    Var pool(Var x) {
        return x.avgPool2d(kernel, stride, padding);
    }

    @Override
    public String type() {
        return "avg_pool2d";
    }

    static AvgPool2d fromConfig(Map<String, Object> c) {
        int[][] r = read(c);
        return new AvgPool2d(r[0], r[1], r[2]);
    }

    @Override
    public String toString() {
        return describe("AvgPool2d");
    }
}
