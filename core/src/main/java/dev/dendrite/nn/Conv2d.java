package dev.dendrite.nn;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A 2-d convolution over {@code [N, C, H, W]} images:
 * {@code y[n, o, i, j] = b[o] + sum_{c, a, b'} W[o, c, a, b'] x[n, g(o) C/groups + c, i sh - ph + a dh, j sw - pw + b' dw]},
 * zero outside the image, giving {@code [N, out, oh, ow]} with
 * {@code oh = (H + 2 ph - dh (kh - 1) - 1) / sh + 1} (and the same for width).
 * The weight is {@code [out, C / groups, kh, kw]} (PyTorch's layout), He-uniform
 * over the fan-in {@code C / groups kh kw}; the optional bias {@code [out]}
 * starts at zero. {@code groups} splits the channels into independent groups
 * ({@code groups = C = out} is a depthwise convolution); padding {@code "same"}
 * keeps {@code H x W} at stride 1 (odd effective kernels only). Options are set
 * before the layer is built:
 *
 * <pre>{@code
 * new Conv2d(32, 3).padding(1)            // 3x3, 32 filters, input channels from build
 * new Conv2d(64, 3).paddingSame().stride(1).dilation(2).groups(4).noBias()
 * }</pre>
 */
public final class Conv2d implements Layer {
    private int in = -1;
    private final int out;
    private final int kh;
    private final int kw;
    private int[] stride = {1, 1};
    private int[] padding = {0, 0};
    private boolean same;
    private int[] dilation = {1, 1};
    private int groups = 1;
    private boolean hasBias = true;
    private Parameter weight;
    private Parameter bias;

    /** {@code out} filters of {@code kernel x kernel}, stride 1, no padding, with bias. */
    public Conv2d(int out, int kernel) {
        this(out, kernel, kernel);
    }

    public Conv2d(int out, int kh, int kw) {
        if (out <= 0 || kh <= 0 || kw <= 0) {
            throw new IllegalArgumentException("conv2d: filters and kernel sizes must be positive, got " + out
                    + " filters of " + kh + "x" + kw);
        }
        this.out = out;
        this.kh = kh;
        this.kw = kw;
    }

    public Conv2d stride(int s) {
        return stride(s, s);
    }

    public Conv2d stride(int sh, int sw) {
        unbuilt();
        if (sh <= 0 || sw <= 0) {
            throw new IllegalArgumentException("conv2d: stride must be positive, got " + sh + "x" + sw);
        }
        stride = new int[] {sh, sw};
        return this;
    }

    public Conv2d padding(int p) {
        return padding(p, p);
    }

    public Conv2d padding(int ph, int pw) {
        unbuilt();
        if (ph < 0 || pw < 0) {
            throw new IllegalArgumentException("conv2d: padding must not be negative, got " + ph + "x" + pw);
        }
        padding = new int[] {ph, pw};
        same = false;
        return this;
    }

    /** Padding that keeps the image size at stride 1: {@code d (k - 1) / 2} on each side. */
    public Conv2d paddingSame() {
        unbuilt();
        same = true;
        return this;
    }

    public Conv2d dilation(int d) {
        return dilation(d, d);
    }

    public Conv2d dilation(int dh, int dw) {
        unbuilt();
        if (dh <= 0 || dw <= 0) {
            throw new IllegalArgumentException("conv2d: dilation must be positive, got " + dh + "x" + dw);
        }
        dilation = new int[] {dh, dw};
        return this;
    }

    public Conv2d groups(int g) {
        unbuilt();
        if (g <= 0 || out % g != 0) {
            throw new IllegalArgumentException("conv2d: groups must be positive and divide the " + out
                    + " filters, got " + g);
        }
        groups = g;
        return this;
    }

    public Conv2d noBias() {
        unbuilt();
        hasBias = false;
        return this;
    }

    private void unbuilt() {
        if (weight != null) {
            throw new IllegalStateException("conv2d: options are set before the layer is built");
        }
    }

    private int[] pad() {
        if (!same) {
            return padding;
        }
        int eh = dilation[0] * (kh - 1);
        int ew = dilation[1] * (kw - 1);
        if (eh % 2 != 0 || ew % 2 != 0 || stride[0] != 1 || stride[1] != 1) {
            throw new IllegalArgumentException("conv2d: padding \"same\" needs stride 1 and an odd effective kernel,"
                    + " got " + kh + "x" + kw + " dilation " + dilation[0] + "x" + dilation[1] + " stride "
                    + stride[0] + "x" + stride[1]);
        }
        return new int[] {eh / 2, ew / 2};
    }

    private void create(int channels, Rng rng) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException("conv2d: " + groups + " groups must divide the " + channels
                    + " input channels");
        }
        pad();
        in = channels;
        int fanIn = channels / groups * kh * kw;
        weight = new Parameter("weight", Init.HE_UNIFORM.create(rng, fanIn, out * kh * kw, out, channels / groups, kh, kw));
        bias = hasBias ? new Parameter("bias", Tensor.zeros(out)) : null;
    }

    @Override
    public synchronized void build(List<Shape> inputs, Rng rng) {
        Shape s = inputs.get(0);
        if (inputs.size() != 1 || s.rank() != 3) {
            throw new IllegalArgumentException(this + ": input per example " + s
                    + ", expected [channels, height, width]");
        }
        if (in < 0) {
            create(s.dim(0), rng);
        } else if (s.dim(0) != in) {
            throw new IllegalArgumentException(this + ": input per example " + s + ", expected " + in + " channels");
        }
        outputShape(inputs);
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Shape s = inputs.get(0);
        int[] p = pad();
        int oh = (s.dim(1) + 2 * p[0] - dilation[0] * (kh - 1) - 1);
        int ow = (s.dim(2) + 2 * p[1] - dilation[1] * (kw - 1) - 1);
        if (oh < 0 || ow < 0) {
            throw new IllegalArgumentException(this + ": the " + kh + "x" + kw + " kernel does not fit the "
                    + s.dim(1) + "x" + s.dim(2) + " input with padding " + p[0] + "x" + p[1]);
        }
        return Shape.of(out, oh / stride[0] + 1, ow / stride[1] + 1);
    }

    @Override
    public Var forward(Var x, Mode mode) {
        if (weight == null) {
            throw new IllegalStateException(this + ": not built yet; build the model first");
        }
        return x.conv2d(weight.var(), bias == null ? null : bias.var(), stride, pad(), dilation, groups);
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
        if (weight != null) {
            m.put("weight", weight);
            if (bias != null) {
                m.put("bias", bias);
            }
        }
        return m;
    }

    @Override
    public String type() {
        return "conv2d";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("in", in);
        c.put("out", out);
        c.put("kernel", List.of(kh, kw));
        c.put("stride", List.of(stride[0], stride[1]));
        c.put("padding", same ? "same" : List.of(padding[0], padding[1]));
        c.put("dilation", List.of(dilation[0], dilation[1]));
        c.put("groups", groups);
        c.put("bias", hasBias);
        return c;
    }

    static Conv2d fromConfig(Map<String, Object> c) {
        int[] k = LayerTypes.ints(c, "kernel");
        int[] s = LayerTypes.ints(c, "stride");
        int[] d = LayerTypes.ints(c, "dilation");
        if (k.length != 2 || s.length != 2 || d.length != 2) {
            throw new IllegalArgumentException("layer config: conv2d kernel, stride and dilation need two numbers each");
        }
        Conv2d l = new Conv2d(LayerTypes.positiveInt(c, "out"), k[0], k[1]).stride(s[0], s[1]).dilation(d[0], d[1])
                .groups(LayerTypes.positiveInt(c, "groups"));
        if ("same".equals(c.get("padding"))) {
            l.paddingSame();
        } else {
            int[] p = Pool2d.nonNegativePair(c, "padding");
            l.padding(p[0], p[1]);
        }
        if (!LayerTypes.flag(c, "bias", true)) {
            l.noBias();
        }
        l.create(LayerTypes.positiveInt(c, "in"), new Rng(0));
        return l;
    }

    @Override
    public String toString() {
        return "Conv2d(" + (in < 0 ? "?" : in) + " -> " + out + ", " + kh + "x" + kw
                + (stride[0] != 1 || stride[1] != 1 ? ", stride " + stride[0] + "x" + stride[1] : "")
                + (same ? ", same" : padding[0] != 0 || padding[1] != 0 ? ", pad " + padding[0] + "x" + padding[1] : "")
                + (dilation[0] != 1 || dilation[1] != 1 ? ", dilation " + dilation[0] + "x" + dilation[1] : "")
                + (groups != 1 ? ", groups " + groups : "") + (hasBias ? "" : ", no bias") + ")";
    }
}
