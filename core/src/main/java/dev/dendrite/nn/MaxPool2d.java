package dev.dendrite.nn;

import dev.dendrite.autograd.Var;

import java.util.Map;

/**
 * Max pooling: {@code y[n, c, i, j] = max_{a < kh, b < kw} x[n, c, i sh - ph + a, j sw - pw + b]}
 * over {@code [N, C, H, W]}, giving {@code [N, C, (H + 2 ph - kh) / sh + 1, (W + 2 pw - kw) / sw + 1]};
 * padding counts as minus infinity. The gradient of each output goes to the
 * first maximum of its window.
 */
public final class MaxPool2d extends Pool2d {
    /** A {@code k x k} window moved by {@code k}. */
    public MaxPool2d(int k) {
        this(new int[] {k, k}, new int[] {k, k}, new int[] {0, 0});
    }

    public MaxPool2d(int[] kernel, int[] stride, int[] padding) {
        super("max_pool2d", kernel, stride, padding);
    }

    @Override
    Var pool(Var x) {
        return x.maxPool2d(kernel, stride, padding);
    }

    @Override
    public String type() {
        return "max_pool2d";
    }

    static MaxPool2d fromConfig(Map<String, Object> c) {
        int[][] r = read(c);
        return new MaxPool2d(r[0], r[1], r[2]);
    }

    @Override
    public String toString() {
        return describe("MaxPool2d");
    }
}
