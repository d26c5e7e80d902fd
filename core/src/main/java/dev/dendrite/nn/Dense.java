package dev.dendrite.nn;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;

import dev.dendrite.tensor.Shape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fully connected layer: {@code y = x W + b}, input {@code [N, in]} to output
 * {@code [N, out]}. The weight is stored as {@code [in, out]} so the forward
 * pass is one plain matrix product; the bias {@code [out]} is optional and
 * starts at zero. {@code new Dense(64)} leaves the input size open: the layer
 * is sized by {@link #build} from the first shape a model gives it.
 */
public final class Dense implements Layer {
    private int in;
    private final int out;
    private final boolean hasBias;
    private final Init init;
    private Parameter weight;
    private Parameter bias;

    /** A layer of {@code out} units with bias and He-uniform weights, sized when it is built. */
    public Dense(int out) {
        this(out, true, Init.HE_UNIFORM);
    }

    /** A layer of {@code out} units whose input size is set by {@link #build}. */
    public Dense(int out, boolean bias, Init init) {
        if (out <= 0) {
            throw new IllegalArgumentException("dense: the output size must be positive, got " + out);
        }
        this.in = -1;
        this.out = out;
        this.hasBias = bias;
        this.init = init;
    }

    /** A layer with bias, initialised by {@code init} from {@code rng}. */
    public Dense(int in, int out, Init init, Rng rng) {
        this(in, out, true, init, rng);
    }

    public Dense(int in, int out, boolean bias, Init init, Rng rng) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("dense: sizes must be positive, got in=" + in + ", out=" + out);
        }
        this.out = out;
        this.hasBias = bias;
        this.init = init;
        create(in, rng);
    }

    private void create(int inputs, Rng rng) {
        this.in = inputs;
        this.weight = new Parameter("weight", init.create(rng, inputs, out, inputs, out));
        this.bias = hasBias ? new Parameter("bias", Tensor.zeros(out)) : null;
    }

    /** A layer with the given weight {@code [in, out]} and optional bias {@code [out]}. */
    public Dense(Tensor weight, Tensor bias) {
        if (weight.rank() != 2) {
            throw new IllegalArgumentException("dense: weight must be 2-D [in, out], got " + weight.shape());
        }
        this.in = weight.dim(0);
        this.out = weight.dim(1);
        this.hasBias = bias != null;
        this.init = Init.ZEROS;
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != out)) {
            throw new IllegalArgumentException("dense: bias shape " + bias.shape() + ", expected [" + out + "]");
        }
        this.weight = new Parameter("weight", weight);
        this.bias = bias == null ? null : new Parameter("bias", bias);
    }

    @Override
    public Var forward(Var input, Mode mode) {
        checkInput(input);
        return input.linear(weight.var(), bias == null ? null : bias.var());
    }

    /**
     * This layer followed by a ReLU, as one fused node ({@link Var#linearRelu}):
     * what {@link Sequential} runs for a Dense layer directly followed by
     * {@code Activation.relu()}.
     */
    public Var forwardRelu(Var input) {
        checkInput(input);
        return input.linearRelu(weight.var(), bias == null ? null : bias.var());
    }

    @Override
    public synchronized void build(List<Shape> inputs, Rng rng) {
        Shape s = inputs.get(0);
        if (inputs.size() != 1 || s.rank() != 1) {
            throw new IllegalArgumentException("dense(" + (in < 0 ? "?" : in) + " -> " + out
                    + "): input per example " + s + ", expected one dimension (flatten images first)");
        }
        if (in < 0) {
            create(s.dim(0), rng);
        } else if (s.dim(0) != in) {
            throw new IllegalArgumentException("dense(" + in + " -> " + out + "): input per example " + s
                    + ", expected [" + in + "]");
        }
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        return Shape.of(out);
    }

    private void checkInput(Var input) {
        if (in < 0) {
            throw new IllegalStateException("dense(? -> " + out + "): not built yet; give the input size, or"
                    + " build the model (Sequential.build, Graph.Builder.build) before the first forward pass");
        }
        if (input.shape().rank() != 2 || input.shape().dim(1) != in) {
            throw new IllegalArgumentException("dense(" + in + " -> " + out + "): input " + input.shape()
                    + ", expected [N, " + in + "]");
        }
    }

    public int inputSize() {
        return in;
    }

    public int outputSize() {
        return out;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        if (weight == null) {
            return m;
        }
        m.put("weight", weight);
        if (bias != null) {
            m.put("bias", bias);
        }
        return m;
    }

    @Override
    public String type() {
        return "dense";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("in", in);
        c.put("out", out);
        c.put("bias", hasBias);
        return c;
    }

    /** Rebuilds a layer from {@link #config()}, with zero weights for the loader to fill. */
    static Dense fromConfig(Map<String, Object> c) {
        return new Dense(LayerTypes.positiveInt(c, "in"), LayerTypes.positiveInt(c, "out"),
                LayerTypes.flag(c, "bias", true), Init.ZEROS, new Rng(0));
    }

    @Override
    public String toString() {
        return "Dense(" + (in < 0 ? "?" : in) + " -> " + out + (hasBias ? ")" : ", no bias)");
    }
}
