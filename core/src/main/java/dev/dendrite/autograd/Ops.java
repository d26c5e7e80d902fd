package dev.dendrite.autograd;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

/**
 * The primitive operations and their hand-written gradient rules. Each method
 * computes the forward value with {@link Tensor} and returns a node whose rule
 * maps the output gradient to one gradient per parent. Broadcasting binary ops
 * sum their gradients back to each parent's shape.
 */
final class Ops {
    private Ops() {
    }

    static Var add(Var a, Var b) {
        Tensor out = a.tensor().add(b.tensor());
        return Var.node("add", out, g -> new Tensor[] {g.sumTo(a.shape()), g.sumTo(b.shape())}, a, b);
    }

    static Var sub(Var a, Var b) {
        Tensor out = a.tensor().sub(b.tensor());
        return Var.node("sub", out, g -> new Tensor[] {g.sumTo(a.shape()), g.neg().sumTo(b.shape())}, a, b);
    }

    static Var mul(Var a, Var b) {
        Tensor out = a.tensor().mul(b.tensor());
        return Var.node("mul", out, g -> new Tensor[] {
            a.requiresGrad() ? g.mul(b.tensor()).sumTo(a.shape()) : null,
            b.requiresGrad() ? g.mul(a.tensor()).sumTo(b.shape()) : null}, a, b);
    }

    static Var div(Var a, Var b) {
        Tensor out = a.tensor().div(b.tensor());
        return Var.node("div", out, g -> new Tensor[] {
            a.requiresGrad() ? g.div(b.tensor()).sumTo(a.shape()) : null,
            // d(a/b)/db = -a/b^2 = -out/b
            b.requiresGrad() ? g.mul(out).div(b.tensor()).neg().sumTo(b.shape()) : null}, a, b);
    }

    static Var addScalar(Var a, float s) {
        return Var.node("add", a.tensor().add(s), g -> new Tensor[] {g}, a);
    }

    static Var scale(Var a, float s) {
        return Var.node(s == -1f ? "neg" : "scale", a.tensor().mul(s), g -> new Tensor[] {g.mul(s)}, a);
    }

    static Var exp(Var a) {
        Tensor out = a.tensor().exp();
        return Var.node("exp", out, g -> new Tensor[] {g.mul(out)}, a);
    }

    static Var log(Var a) {
        return Var.node("log", a.tensor().log(), g -> new Tensor[] {g.div(a.tensor())}, a);
    }

    static Var pow(Var a, float p) {
        if (p == 0f) {
            // x^0 is the constant 1: gradient 0, as in PyTorch; the rule below gives 0 * 0^-1 = NaN at x = 0
            return Var.node("pow", a.tensor().pow(p), g -> new Tensor[] {Tensor.zeros(a.shape().dims())}, a);
        }
        return Var.node("pow", a.tensor().pow(p),
                g -> new Tensor[] {g.mul(a.tensor().pow(p - 1f)).mul(p)}, a);
    }

    static Var relu(Var a) {
        return Var.node("relu", a.tensor().relu(), g -> new Tensor[] {a.tensor().maskPositive(g)}, a);
    }

    /** A dense layer's {@code x·W + b} as one node: dX = g·Wᵀ, dW = xᵀ·g, db = column sums of g. */
    static Var linear(Var x, Var w, Var b) {
        Tensor out = x.tensor().linear(w.tensor(), b == null ? null : b.tensor());
        Var[] parents = b == null ? new Var[] {x, w} : new Var[] {x, w, b};
        return Var.node("linear", out, g -> new Tensor[] {
            x.requiresGrad() ? g.matmul(w.tensor().transpose()) : null,
            w.requiresGrad() ? x.tensor().transpose().matmul(g) : null,
            b != null && b.requiresGrad() ? g.sum(false, 0) : null}, parents);
    }

    /**
     * {@code relu(x·W + b)} as one node: bias and activation in one sweep over the
     * product; backward masks the gradient and sums the bias gradient in one kernel
     * call, then dX = gz·Wᵀ and dW = xᵀ·gz. The output doubles as the mask
     * (relu(z) > 0 exactly where z > 0), so the pre-activation is never kept.
     */
    static Var linearRelu(Var x, Var w, Var b) {
        Tensor out = x.tensor().linear(w.tensor(), b == null ? null : b.tensor(), true);
        Var[] parents = b == null ? new Var[] {x, w} : new Var[] {x, w, b};
        return Var.node("linearRelu", out, g -> {
            Tensor[] gzDb = out.reluLinearGrad(g);
            Tensor gz = gzDb[0];
            return new Tensor[] {
                x.requiresGrad() ? gz.matmul(w.tensor().transpose()) : null,
                w.requiresGrad() ? x.tensor().transpose().matmul(gz) : null,
                b != null && b.requiresGrad() ? gzDb[1] : null};
        }, parents);
    }

    static Var sigmoid(Var a) {
        Tensor out = a.tensor().sigmoid();
        // s' = s (1 - s), written from the output so it never overflows
        return Var.node("sigmoid", out, g -> new Tensor[] {g.mul(out.sub(out.mul(out)))}, a);
    }

    static Var tanh(Var a) {
        Tensor out = a.tensor().tanh();
        return Var.node("tanh", out, g -> new Tensor[] {g.sub(g.mul(out.mul(out)))}, a);
    }

    static Var sum(Var a, boolean mean) {
        Tensor out = mean ? a.tensor().mean() : a.tensor().sum();
        int n = a.tensor().size();
        Shape s = a.shape();
        return Var.node(mean ? "mean" : "sum", out, g -> {
            float v = mean ? g.item() / n : g.item();
            return new Tensor[] {Tensor.full(v, s.dims())};
        }, a);
    }

    static Var sum(Var a, boolean mean, boolean keepDims, int... axes) {
        Tensor out = mean ? a.tensor().mean(keepDims, axes) : a.tensor().sum(keepDims, axes);
        Tensor kept = mean ? a.tensor().mean(true, axes) : a.tensor().sum(true, axes);
        Shape keptShape = kept.shape();
        float scale = mean ? (float) keptShape.size() / a.tensor().size() : 1f;
        return Var.node(mean ? "mean" : "sum", out, g -> {
            Tensor gk = g.reshape(keptShape.dims());
            if (mean) {
                gk = gk.mul(scale);
            }
            return new Tensor[] {gk.broadcastTo(a.shape()).contiguous()};
        }, a);
    }

    static Var max(Var a, int axis, boolean keepDims) {
        Tensor x = a.tensor();
        int ax = x.shape().axis(axis);
        Tensor out = x.max(ax, keepDims);
        return Var.node("max", out, g -> {
            // route each gradient to the first maximal element along the axis
            int last = x.rank() - 1;
            Tensor moved = ax == last ? x : x.transpose(ax, last);
            int n = x.dim(ax);
            int rows = x.size() / n;
            int[] at = moved.contiguous().reshape(rows, n).argmaxRows();
            Tensor gk = g.reshape(x.max(ax, true).shape().dims());
            Tensor gMoved = ax == last ? gk : gk.transpose(ax, last);
            float[] gv = gMoved.contiguous().toArray();
            Tensor scattered = Tensor.scatterLast(Shape.of(rows, n), at, gv).reshape(moved.shape().dims());
            return new Tensor[] {ax == last ? scattered : scattered.transpose(ax, last).contiguous()};
        }, a);
    }

    static Var reshape(Var a, int... dims) {
        Shape s = a.shape();
        return Var.node("reshape", a.tensor().reshape(dims), g -> new Tensor[] {g.reshape(s.dims())}, a);
    }

    static Var transpose(Var a, int i, int j) {
        return Var.node("transpose", a.tensor().transpose(i, j), g -> new Tensor[] {g.transpose(i, j)}, a);
    }

    static Var broadcastTo(Var a, Shape target) {
        return Var.node("broadcast", a.tensor().broadcastTo(target), g -> new Tensor[] {g.sumTo(a.shape())}, a);
    }

    static Var slice(Var a, int axis, int from, int to) {
        return Var.node("slice", a.tensor().slice(axis, from, to),
                g -> new Tensor[] {g.padInto(a.shape(), axis, from)}, a);
    }

    static Var segmentSum(Var a, int[] segments, float[] weights, int count) {
        Shape s = a.shape();
        if (s.rank() != 2 || segments.length != s.dim(0) || weights.length != s.dim(0)) {
            throw new IllegalArgumentException("segmentSum: rows " + s + " need one segment and one weight each, got "
                    + segments.length + " and " + weights.length);
        }
        int width = s.dim(1);
        int[] seg = segments.clone();
        float[] w = weights.clone();
        for (int m = 0; m < seg.length; m++) {
            if (seg[m] < 0 || seg[m] >= count) {
                throw new IllegalArgumentException("segmentSum: segment " + seg[m] + " at row " + m
                        + " is out of range [0, " + count + ")");
            }
        }
        Tensor c = a.tensor().contiguous();
        float[] x = c.toArray();
        float[] out = new float[count * width];
        for (int m = 0; m < seg.length; m++) {
            int o = seg[m] * width;
            int in = m * width;
            float wm = w[m];
            for (int j = 0; j < width; j++) {
                out[o + j] += wm * x[in + j];
            }
        }
        return Var.node("segment_sum", Tensor.wrap(out, Shape.of(count, width)), g -> {
            float[] gv = g.contiguous().toArray();
            float[] da = new float[seg.length * width];
            for (int m = 0; m < seg.length; m++) {
                int o = seg[m] * width;
                int in = m * width;
                float wm = w[m];
                for (int j = 0; j < width; j++) {
                    da[in + j] = wm * gv[o + j];
                }
            }
            return new Tensor[] {Tensor.wrap(da, s)};
        }, a);
    }

    static Var gather(Var a, int[] indices) {
        int[] idx = indices.clone();
        int rows = a.shape().dim(0);
        return Var.node("gather", a.tensor().gather(idx), g -> new Tensor[] {g.scatterAddRows(idx, rows)}, a);
    }

    static Var concat(java.util.List<Var> parts, int axis) {
        java.util.List<Tensor> values = new java.util.ArrayList<>();
        for (Var v : parts) {
            values.add(v.tensor());
        }
        Tensor out = Tensor.concat(values, axis);
        int a = out.shape().axis(axis);
        return Var.node("concat", out, g -> {
            Tensor[] grads = new Tensor[parts.size()];
            int from = 0;
            for (int i = 0; i < grads.length; i++) {
                int to = from + parts.get(i).shape().dim(a);
                grads[i] = parts.get(i).requiresGrad() ? g.slice(a, from, to).contiguous() : null;
                from = to;
            }
            return grads;
        }, parts.toArray(new Var[0]));
    }

    static Var matmul(Var a, Var b) {
        Tensor out = a.tensor().matmul(b.tensor());
        // dA = dC·Bᵀ and dB = Aᵀ·dC; the transposes are views the GEMM reads in place
        return Var.node("matmul", out, g -> new Tensor[] {
            a.requiresGrad() ? g.matmul(b.tensor().transpose()) : null,
            b.requiresGrad() ? a.tensor().transpose().matmul(g) : null}, a, b);
    }

    static Var softmaxCrossEntropy(Var logits, Tensor target) {
        Shape s = logits.shape();
        if (s.rank() != 2 || !target.shape().equals(s)) {
            throw new IllegalArgumentException("softmaxCrossEntropy: logits " + s + " and target " + target.shape()
                    + " must both be [N, C]");
        }
        int n = s.dim(0);
        int c = s.dim(1);
        float[] x = logits.tensor().buffer();
        float[] t = target.buffer();
        float[] soft = new float[n * c];
        float[] rowMass = new float[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            int o = i * c;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, x[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                double e = Math.exp(x[o + j] - max);
                soft[o + j] = (float) e;
                sum += e;
            }
            // -sum_c t_c (x_c - lse) = lse * sum_c t_c - sum_c t_c x_c, with lse = max + log(sum)
            double lse = max + Math.log(sum);
            double mass = 0;
            double dot = 0;
            for (int j = 0; j < c; j++) {
                mass += t[o + j];
                dot += (double) t[o + j] * x[o + j];
                soft[o + j] = (float) (soft[o + j] / sum);
            }
            total += lse * mass - dot;
            rowMass[i] = (float) mass;
        }
        Tensor out = Tensor.scalar((float) (total / n));
        return Var.node("softmaxCrossEntropy", out, g -> {
            float scale = g.item() / n;
            float[] d = new float[n * c];
            for (int i = 0; i < n; i++) {
                int o = i * c;
                float mass = rowMass[i];
                for (int j = 0; j < c; j++) {
                    d[o + j] = scale * (soft[o + j] * mass - t[o + j]);
                }
            }
            return new Tensor[] {Tensor.wrap(d, s)};
        }, logits);
    }

    static Var logSoftmax(Var a, int axis) {
        Tensor x = a.tensor();
        int ax = x.shape().axis(axis);
        Tensor shifted = x.sub(x.max(ax, true));
        Tensor logSum = shifted.exp().sum(true, ax).log();
        Tensor out = shifted.sub(logSum);
        return Var.node("logSoftmax", out, g -> {
            // d/dx: g - softmax * sum(g) along the axis
            Tensor soft = out.exp();
            return new Tensor[] {g.sub(soft.mul(g.sum(true, ax)))};
        }, a);
    }

    /**
     * Mean binary cross-entropy of logits against targets of the same shape, as one
     * node. Per element {@code max(x, 0) - x t + log(1 + exp(-|x|))}, summed in
     * double; the gradient is {@code (sigmoid(x) - t) / N} everywhere, x = 0
     * included, where a composition through |x| would take a kink's zero slope.
     */
    static Var binaryCrossEntropyWithLogits(Var logits, Tensor target) {
        Shape s = logits.shape();
        if (!target.shape().equals(s)) {
            throw new IllegalArgumentException("binaryCrossEntropyWithLogits: logits " + s + " and target "
                    + target.shape() + " differ");
        }
        int n = s.size();
        float[] x = logits.tensor().buffer();
        float[] t = target.buffer();
        // the forward pass keeps sigmoid(x), as softmaxCrossEntropy keeps the softmax
        float[] sig = new float[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            // exp of a non-positive number only: neither term overflows
            double e = Math.exp(-Math.abs(xi));
            total += Math.max(xi, 0) - xi * t[i] + Math.log1p(e);
            sig[i] = (float) (xi >= 0 ? 1 / (1 + e) : e / (1 + e));
        }
        Tensor out = Tensor.scalar((float) (total / n));
        return Var.node("binaryCrossEntropyWithLogits", out, g -> {
            float scale = g.item() / n;
            float[] d = new float[n];
            for (int i = 0; i < n; i++) {
                d[i] = scale * (sig[i] - t[i]);
            }
            return new Tensor[] {Tensor.wrap(d, s)};
        }, logits);
    }

    /**
     * {@code x} where positive, {@code slope * x} elsewhere, as one node. The
     * gradient at exactly 0 is {@code slope}, PyTorch's convention (a composition
     * of two relus gave 0 there, outside the subgradient range [slope, 1]).
     */
    static Var leakyRelu(Var a, float slope) {
        float[] x = a.tensor().buffer();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] > 0f ? x[i] : slope * x[i];
        }
        return Var.node("leakyRelu", Tensor.wrap(out, a.shape()), g -> {
            float[] xs = a.tensor().buffer();
            float[] gs = g.buffer();
            float[] d = new float[xs.length];
            for (int i = 0; i < xs.length; i++) {
                d[i] = xs[i] > 0f ? gs[i] : slope * gs[i];
            }
            return new Tensor[] {Tensor.wrap(d, a.shape())};
        }, a);
    }
}
