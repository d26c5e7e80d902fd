package dev.dendrite.nn;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fully connected layer: {@code y = x W + b}, input {@code [N, in]} to output
 * {@code [N, out]}. The weight is stored as {@code [in, out]} so the forward
 * pass is one plain matrix product; the bias {@code [out]} is optional and
 * starts at zero.
 */
public final class Dense implements Layer {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    /** A layer with bias, initialised by {@code init} from {@code rng}. */
    public Dense(int in, int out, Init init, Rng rng) {
        this(in, out, true, init, rng);
    }

    public Dense(int in, int out, boolean bias, Init init, Rng rng) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("dense: sizes must be positive, got in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        this.weight = new Parameter("weight", init.create(rng, in, out, in, out));
        this.bias = bias ? new Parameter("bias", Tensor.zeros(out)) : null;
    }

    /** A layer with the given weight {@code [in, out]} and optional bias {@code [out]}. */
    public Dense(Tensor weight, Tensor bias) {
        if (weight.rank() != 2) {
            throw new IllegalArgumentException("dense: weight must be 2-D [in, out], got " + weight.shape());
        }
        this.in = weight.dim(0);
        this.out = weight.dim(1);
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

    private void checkInput(Var input) {
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
        c.put("bias", bias != null);
        return c;
    }

    @Override
    public String toString() {
        return "Dense(" + in + " -> " + out + (bias == null ? ", no bias)" : ")");
    }
}
