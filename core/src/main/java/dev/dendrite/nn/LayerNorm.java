package dev.dendrite.nn;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layer normalisation (Ba, Kiros and Hinton, 2016) over the trailing dimensions
 * of each example: for an input {@code [N, ..., D1, ..., Dk]} and a normalised
 * shape {@code [D1, ..., Dk]}, every group of {@code D = D1 ... Dk} values that
 * shares its leading indices is normalised with its own mean and biased
 * variance, {@code y = gamma (x - mean) / sqrt(var + eps) + beta}, where
 * {@code gamma} (starts at 1) and {@code beta} (starts at 0) have the
 * normalised shape and apply element by element. Unlike {@link BatchNorm} it
 * keeps no running statistics and computes the same in training and
 * evaluation, so one example's output never depends on the rest of its batch.
 * {@code new LayerNorm()} normalises everything in an example (all of
 * {@code [C, H, W]} after a convolution, all features of {@code [F]}), as
 * PyTorch's {@code LayerNorm(x.shape[1:])}; {@code new LayerNorm(D)} only the
 * last axis. Output shape = input shape. Checked against PyTorch in float64 and
 * by central differences.
 */
public final class LayerNorm implements Layer {
    private int[] normalized;
    private float eps = 1e-5f;
    private Parameter gamma;
    private Parameter beta;

    /** Normalises over all of each example's dimensions, eps 1e-5; sized by {@link #build}. */
    public LayerNorm() {
    }

    /** Normalises over the trailing dimensions {@code normalizedShape}, eps 1e-5. */
    public LayerNorm(int... normalizedShape) {
        create(normalizedShape);
    }

    /** Sets the {@code eps} added to the variance (default 1e-5); returns this layer. */
    public LayerNorm eps(float value) {
        if (!(value > 0) || !Float.isFinite(value)) {
            throw new IllegalArgumentException("layer norm: eps must be positive, got " + value);
        }
        eps = value;
        return this;
    }

    private void create(int[] dims) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("layer norm: the normalised shape must have at least one dimension");
        }
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("layer norm: dimensions must be positive, got "
                        + Arrays.toString(dims));
            }
        }
        normalized = dims.clone();
        gamma = new Parameter("weight", Tensor.ones(normalized));
        beta = new Parameter("bias", Tensor.zeros(normalized));
    }

    @Override
    public synchronized void build(List<Shape> inputs, Rng rng) {
        Shape s = inputs.get(0);
        if (s.rank() < 1) {
            throw new IllegalArgumentException("layer norm: input per example " + s + " has no feature axis");
        }
        if (normalized == null) {
            create(s.dims());
        } else if (!endsWith(s.dims(), normalized)) {
            throw new IllegalArgumentException(this + ": input per example " + s + " does not end with "
                    + Shape.of(normalized));
        }
    }

    private static boolean endsWith(int[] dims, int[] tail) {
        if (dims.length < tail.length) {
            return false;
        }
        int off = dims.length - tail.length;
        return Arrays.equals(Arrays.copyOfRange(dims, off, dims.length), tail);
    }

    @Override
    public Var forward(Var x, Mode mode) {
        if (normalized == null) {
            throw new IllegalStateException("layer norm: not built yet; build the model first");
        }
        int[] dims = x.shape().dims();
        // the batch axis must stay outside the normalised group
        if (dims.length <= normalized.length || !endsWith(dims, normalized)) {
            throw new IllegalArgumentException(this + ": input " + x.shape() + ", expected [N, ..., "
                    + Arrays.toString(normalized).replaceAll("[\\[\\]]", "") + "]");
        }
        int d = gamma.value().size();
        int groups = x.shape().size() / d;
        // mean and variance per group as a [groups, D] matrix; the parts broadcast back over the row
        Var rows = x.reshape(groups, d);
        Var centred = rows.sub(rows.mean(true, 1));
        Var var = centred.mul(centred).mean(true, 1);
        Var normal = centred.mul(var.add(eps).pow(-0.5f)).reshape(dims);
        return normal.mul(gamma.var()).add(beta.var());
    }

    @Override
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        if (gamma != null) {
            m.put("weight", gamma);
            m.put("bias", beta);
        }
        return m;
    }

    @Override
    public String type() {
        return "layer_norm";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        List<Object> shape = new java.util.ArrayList<>();
        if (normalized != null) {
            for (int v : normalized) {
                shape.add(v);
            }
        }
        c.put("shape", shape);
        // the values per group: what the model loader's allocation guard reads before building
        c.put("features", normalized == null ? 0 : gamma.value().size());
        c.put("eps", (double) eps);
        return c;
    }

    static LayerNorm fromConfig(Map<String, Object> c) {
        int[] shape = LayerTypes.ints(c, "shape");
        long size = 1;
        for (int d : shape) {
            size = Math.min(size * d, Integer.MAX_VALUE + 1L);
        }
        if (shape.length == 0 || size != LayerTypes.number(c, "features")) {
            throw new IllegalArgumentException("layer config: layer_norm 'features' must be the product of a"
                    + " non-empty 'shape'");
        }
        return new LayerNorm(shape).eps((float) LayerTypes.number(c, "eps"));
    }

    @Override
    public String toString() {
        return "LayerNorm(" + (normalized == null ? "?" : Arrays.toString(normalized)
                .replaceAll("[\\[\\]]", "").replace(", ", "x")) + ")";
    }
}
