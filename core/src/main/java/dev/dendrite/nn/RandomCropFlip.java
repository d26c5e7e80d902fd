package dev.dendrite.nn;

import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Image augmentation for training, as the first layer after the reshape to
 * {@code [N, C, H, W]}: each image is shifted by up to {@code pad} pixels in
 * each direction (a random crop of the image padded with {@code pad} zeros,
 * {@code y[c, i, j] = x[c, i + dy, j + dx]}, zero outside, {@code dy, dx} uniform
 * in {@code [-pad, pad]}) and, with {@code flip}, mirrored left to right with
 * probability one half. The draws come from the training mode's random source,
 * which the trainer owns and checkpoints, so the same seed gives the same
 * images and a resumed run the same ones as an uninterrupted run. Evaluation
 * passes images through unchanged. It augments data, so it takes no gradient.
 */
public final class RandomCropFlip implements Layer {
    private final int pad;
    private final boolean flip;

    public RandomCropFlip(int pad, boolean flip) {
        if (pad < 0) {
            throw new IllegalArgumentException("random crop: padding must not be negative, got " + pad);
        }
        this.pad = pad;
        this.flip = flip;
    }

    @Override
    public Var forward(Var x, Mode mode) {
        Shape s = x.shape();
        if (s.rank() != 4) {
            throw new IllegalArgumentException(this + ": input " + s + ", expected [N, C, H, W]");
        }
        if (!mode.isTraining() || (pad == 0 && !flip)) {
            return x;
        }
        if (x.requiresGrad()) {
            throw new IllegalStateException(this + ": augments input data, so it must come before any layer with"
                    + " parameters");
        }
        Rng rng = mode.rng();
        float[] in = x.value().buffer();
        int n = s.dim(0);
        int c = s.dim(1);
        int h = s.dim(2);
        int w = s.dim(3);
        float[] out = new float[in.length];
        for (int e = 0; e < n; e++) {
            int dy = pad == 0 ? 0 : rng.nextInt(2 * pad + 1) - pad;
            int dx = pad == 0 ? 0 : rng.nextInt(2 * pad + 1) - pad;
            boolean mirror = flip && rng.nextFloat() < 0.5f;
            for (int ch = 0; ch < c; ch++) {
                int plane = (e * c + ch) * h * w;
                for (int i = 0; i < h; i++) {
                    int si = i + dy;
                    if (si < 0 || si >= h) {
                        continue;
                    }
                    for (int j = 0; j < w; j++) {
                        int sj = (mirror ? w - 1 - j : j) + dx;
                        if (sj >= 0 && sj < w) {
                            out[plane + i * w + j] = in[plane + si * w + sj];
                        }
                    }
                }
            }
        }
        return Var.constant(Tensor.wrap(out, s));
    }

    @Override
    public Shape outputShape(java.util.List<Shape> inputs) {
        Shape s = inputs.get(0);
        if (inputs.size() != 1 || s.rank() != 3) {
            throw new IllegalArgumentException(this + ": input per example " + s + ", expected [channels, height, width]");
        }
        return s;
    }

    @Override
    public String type() {
        return "random_crop_flip";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("pad", pad);
        c.put("flip", flip);
        return c;
    }

    static RandomCropFlip fromConfig(Map<String, Object> c) {
        double p = LayerTypes.number(c, "pad");
        if (p != Math.rint(p) || p < 0 || p > 1 << 16) {
            throw new IllegalArgumentException("layer config: 'pad' must be an integer >= 0, got " + p);
        }
        return new RandomCropFlip((int) p, LayerTypes.flag(c, "flip", false));
    }

    @Override
    public String toString() {
        return "RandomCropFlip(pad " + pad + (flip ? ", flip)" : ")");
    }
}
