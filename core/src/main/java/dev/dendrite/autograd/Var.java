package dev.dendrite.autograd;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of the computation graph: a value, the nodes it was computed from, and
 * the rule that passes its output gradient back to them. Operations on vars
 * build the graph as they compute; {@link #backward()} walks it once in reverse
 * topological order (iteratively, so deep graphs need no deep stack) and returns
 * the {@link Gradients}. Every primitive's rule is hand-written in {@link Ops};
 * sigmoid-free compositions such as softmax and the losses build on them.
 */
public final class Var {
    /** Passes the gradient of a node's output to each of its parents (null: none). */
    @FunctionalInterface
    interface Backward {
        Tensor[] apply(Tensor grad);
    }

    private static final Var[] NO_PARENTS = new Var[0];

    private final Tensor value;
    private final Shape shape;
    /** The integer ids of an index input (then {@link #value} is null), else null. */
    private final int[] indices;
    /** For a lookup node: the rows read from parent 0, whose gradient is then row-sparse. */
    private int[] lookupRows;
    private final Var[] parents;
    private final Backward rule;
    private final boolean requiresGrad;
    private final String op;
    private final Parameter parameter;
    /** The parameter whose storage this value is (a leaf, or a view of one), or null. */
    private final Parameter alias;
    /** The parameter's version when the value was read. */
    private final long aliasVersion;

    private Var(Tensor value, Var[] parents, Backward rule, boolean requiresGrad, String op, Parameter parameter,
                Parameter alias, long aliasVersion) {
        this(value, value.shape(), null, parents, rule, requiresGrad, op, parameter, alias, aliasVersion);
    }

    private Var(Tensor value, Shape shape, int[] indices, Var[] parents, Backward rule, boolean requiresGrad, String op,
                Parameter parameter, Parameter alias, long aliasVersion) {
        this.value = value;
        this.shape = shape;
        this.indices = indices;
        this.parents = parents;
        this.rule = rule;
        this.requiresGrad = requiresGrad;
        this.op = op;
        this.parameter = parameter;
        this.alias = alias;
        this.aliasVersion = aliasVersion;
    }

    /** A value that needs no gradient (inputs, targets). */
    public static Var constant(Tensor value) {
        return new Var(value, NO_PARENTS, null, false, "constant", null, null, 0);
    }

    /**
     * An input of integer ids (user ids, item ids, tokens) of shape {@code dims}
     * (default {@code [ids.length]}), kept as integers: layers such as
     * {@code Embedding} read them with {@link #indices()}. It has no float value.
     */
    public static Var indices(int[] ids, int... dims) {
        Shape s = dims.length == 0 ? Shape.of(ids.length) : Shape.of(dims);
        if (s.size() != ids.length) {
            throw new IllegalArgumentException("Var.indices: " + ids.length + " ids do not fill shape " + s);
        }
        return new Var(null, s, ids.clone(), NO_PARENTS, null, false, "indices", null, null, 0);
    }

    /** Whether this var holds integer ids rather than float values. */
    public boolean isIndices() {
        return indices != null;
    }

    /** The ids of an index input, row-major (a copy). */
    public int[] indices() {
        if (indices == null) {
            throw new IllegalStateException("indices: this var holds float values " + shape + ", not integer ids");
        }
        return indices.clone();
    }

    /** A leaf whose gradient {@link Gradients#get(Var)} reports. */
    public static Var variable(Tensor value) {
        return new Var(value, NO_PARENTS, null, true, "variable", null, null, 0);
    }

    static Var parameterLeaf(Parameter p, Tensor value, long version) {
        return new Var(value, NO_PARENTS, null, true, "parameter", p, p, version);
    }

    /** A node computed by an operation; it needs a gradient when any parent does. */
    static Var node(String op, Tensor value, Backward rule, Var... parents) {
        boolean needs = false;
        Parameter alias = null;
        long aliasVersion = 0;
        for (Var p : parents) {
            needs |= p.requiresGrad;
            if (p.alias != null && value.sharesStorage(p.value)) {
                // a view (reshape, transpose, slice...) of a parameter's storage
                alias = p.alias;
                aliasVersion = p.aliasVersion;
            }
        }
        return new Var(value, needs ? parents : NO_PARENTS, needs ? rule : null, needs, op, null, alias, aliasVersion);
    }

    /**
     * The value. When it is a parameter's storage (a parameter leaf, or a view of
     * one), it is returned as a copy, so that later training never changes what
     * the caller holds; on a graph whose parameter has been updated since, this fails.
     */
    public Tensor value() {
        requireFloat("value");
        if (alias != null) {
            alias.checkFresh(aliasVersion, "value");
            return value.copy();
        }
        return value;
    }

    /** The value as it is, without a copy: for the operations' own forward and backward code. */
    Tensor tensor() {
        requireFloat("a float operation");
        return value;
    }

    private void requireFloat(String what) {
        if (value == null) {
            throw new IllegalStateException(what + ": this var holds integer ids " + shape
                    + " (an index input); only layers that read ids, such as an embedding, take it");
        }
    }

    public Shape shape() {
        return shape;
    }

    /** The value of a one-element var. */
    public float item() {
        requireFloat("item");
        return value.item();
    }

    /** The name of the operation that made this node. */
    public String op() {
        return op;
    }

    /** The parameter this leaf reads, or null. */
    public Parameter parameter() {
        return parameter;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The same value cut off from the graph. */
    public Var detach() {
        return indices != null ? this : constant(value);
    }

    // ---------------------------------------------------------------- backward

    /** Gradients of this scalar with respect to every leaf it depends on. */
    public Gradients backward() {
        if (value.size() != 1) {
            throw new IllegalStateException("backward: output has shape " + shape()
                    + "; call backward(seed) for a non-scalar output");
        }
        return backward(Tensor.ones(shape().dims()));
    }

    /** Gradients of {@code sum(this * seed)}: the vector-Jacobian product with {@code seed}. */
    public Gradients backward(Tensor seed) {
        if (!seed.shape().equals(shape())) {
            throw new IllegalArgumentException("backward: seed shape " + seed.shape() + " differs from output " + shape());
        }
        Map<Parameter, Tensor> params = new IdentityHashMap<>();
        Map<Parameter, RowSparse> sparse = new IdentityHashMap<>();
        Map<Var, Tensor> leaves = new IdentityHashMap<>();
        if (!requiresGrad) {
            return new Gradients(params, sparse, leaves);
        }
        List<Var> order = topologicalOrder();
        Map<Var, Tensor> grads = new IdentityHashMap<>();
        grads.put(this, seed);
        for (Var v : order) {
            if (v.alias != null) {
                v.alias.checkFresh(v.aliasVersion, "backward");
            }
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            Var v = order.get(i);
            Tensor g = grads.remove(v);
            if (g == null) {
                continue;
            }
            if (v.rule == null) {
                if (v.parameter != null) {
                    params.merge(v.parameter, g, Tensor::add);
                } else {
                    leaves.merge(v, g, Tensor::add);
                }
                continue;
            }
            Var first = v.parents[0];
            if (v.lookupRows != null && first.rule == null && first.parameter != null) {
                // an embedding lookup of a parameter: only the rows read get a gradient
                sparse.merge(first.parameter, RowSparse.ofGather(first.shape, v.lookupRows, g), RowSparse::plus);
                continue;
            }
            Tensor[] pg = v.rule.apply(g);
            for (int k = 0; k < v.parents.length; k++) {
                Var p = v.parents[k];
                if (p.requiresGrad && pg[k] != null) {
                    Tensor existing = grads.get(p);
                    grads.put(p, existing == null ? pg[k] : existing.add(pg[k]));
                }
            }
        }
        return new Gradients(params, sparse, leaves);
    }

    /** Nodes that need gradients, each after all of its parents (iterative depth-first search). */
    private List<Var> topologicalOrder() {
        List<Var> order = new ArrayList<>();
        Map<Var, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Var> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        stack.push(this);
        next.push(0);
        seen.put(this, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Var v = stack.peek();
            int i = next.pop();
            if (i < v.parents.length) {
                next.push(i + 1);
                Var p = v.parents[i];
                if (p.requiresGrad && seen.putIfAbsent(p, Boolean.TRUE) == null) {
                    stack.push(p);
                    next.push(0);
                }
            } else {
                stack.pop();
                order.add(v);
            }
        }
        return order;
    }

    // ------------------------------------------------------------ operations

    public Var add(Var o) {
        return Ops.add(this, o);
    }

    public Var sub(Var o) {
        return Ops.sub(this, o);
    }

    public Var mul(Var o) {
        return Ops.mul(this, o);
    }

    public Var div(Var o) {
        return Ops.div(this, o);
    }

    public Var add(float s) {
        return Ops.addScalar(this, s);
    }

    public Var mul(float s) {
        return Ops.scale(this, s);
    }

    public Var neg() {
        return Ops.scale(this, -1f);
    }

    public Var exp() {
        return Ops.exp(this);
    }

    public Var log() {
        return Ops.log(this);
    }

    public Var pow(float exponent) {
        return Ops.pow(this, exponent);
    }

    public Var relu() {
        return Ops.relu(this);
    }

    /** {@code x} where positive, {@code slope * x} elsewhere; the gradient at 0 is {@code slope}, as in PyTorch. */
    public Var leakyRelu(float slope) {
        return Ops.leakyRelu(this, slope);
    }

    public Var sigmoid() {
        return Ops.sigmoid(this);
    }

    public Var tanh() {
        return Ops.tanh(this);
    }

    /** Sum of all elements (a scalar). */
    public Var sum() {
        return Ops.sum(this, false);
    }

    /** Sum over axes. */
    public Var sum(boolean keepDims, int... axes) {
        return Ops.sum(this, false, keepDims, axes);
    }

    /** Mean of all elements (a scalar). */
    public Var mean() {
        return Ops.sum(this, true);
    }

    /** Mean over axes. */
    public Var mean(boolean keepDims, int... axes) {
        return Ops.sum(this, true, keepDims, axes);
    }

    /** Maximum along an axis; the gradient goes to the first maximal element. */
    public Var max(int axis, boolean keepDims) {
        return Ops.max(this, axis, keepDims);
    }

    public Var reshape(int... dims) {
        return Ops.reshape(this, dims);
    }

    public Var transpose(int axis0, int axis1) {
        return Ops.transpose(this, axis0, axis1);
    }

    /** The transpose of a 2-D var. */
    public Var transpose() {
        return Ops.transpose(this, 0, 1);
    }

    public Var broadcastTo(Shape target) {
        return Ops.broadcastTo(this, target);
    }

    public Var slice(int axis, int from, int to) {
        return Ops.slice(this, axis, from, to);
    }

    /**
     * Rows of this {@code [M, D]} var summed into {@code count} segments:
     * {@code out[segments[m]] += weights[m] * this[m]}, an {@code [count, D]} result
     * (segments no row names are zero). With a {@link #lookup} before it, a
     * weighted bag of embeddings.
     */
    public Var segmentSum(int[] segments, float[] weights, int count) {
        return Ops.segmentSum(this, segments, weights, count);
    }

    /** Rows {@code indices} along axis 0 (an embedding lookup). */
    public Var gather(int[] indices) {
        return Ops.gather(this, indices);
    }

    /**
     * Rows {@code indices} along axis 0, like {@link #gather}, but when this var is
     * a parameter its gradient is {@link RowSparse}: only the rows read, so that a
     * step costs the batch, not the table. What an embedding layer runs.
     */
    public Var lookup(int[] indices) {
        Var out = Ops.gather(this, indices);
        if (out.rule != null) {
            out.lookupRows = indices.clone();
        }
        return out;
    }

    /** The vars joined along {@code axis} (their other dimensions must agree). */
    public static Var concat(java.util.List<Var> parts, int axis) {
        return Ops.concat(parts, axis);
    }

    public Var matmul(Var o) {
        return Ops.matmul(this, o);
    }

    /**
     * {@code this · weight + bias} as one node ({@code bias} [n] may be null): a
     * dense layer's forward pass without a broadcast temporary.
     */
    public Var linear(Var weight, Var bias) {
        return Ops.linear(this, weight, bias);
    }

    /** {@code relu(this·weight + bias)} as one fused node; the same values as {@code linear(weight, bias).relu()}. */
    public Var linearRelu(Var weight, Var bias) {
        return Ops.linearRelu(this, weight, bias);
    }

    /**
     * 2-d convolution of this {@code [N, C, H, W]} var with {@code weight}
     * {@code [out, C / groups, kh, kw]} plus {@code bias} {@code [out]} (or null);
     * {@code stride}, {@code padding} (zeros, each side) and {@code dilation} are
     * {@code {vertical, horizontal}}. The output is {@code [N, out, oh, ow]} with
     * {@code oh = (H + 2 ph - dh (kh - 1) - 1) / sh + 1}, as PyTorch's {@code conv2d}.
     */
    public Var conv2d(Var weight, Var bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return ConvOps.conv2d(this, weight, bias, stride, padding, dilation, groups);
    }

    /** Max over {@code kernel} windows of this {@code [N, C, H, W]} var (padding counts as minus infinity). */
    public Var maxPool2d(int[] kernel, int[] stride, int[] padding) {
        return ConvOps.pool2d(this, true, kernel, stride, padding);
    }

    /** Mean over {@code kernel} windows of this {@code [N, C, H, W]} var (padding counts as zeros). */
    public Var avgPool2d(int[] kernel, int[] stride, int[] padding) {
        return ConvOps.pool2d(this, false, kernel, stride, padding);
    }

    /**
     * Batch normalisation of this {@code [N, C, ...]} var per channel (axis 1) as one
     * node: {@code gamma (x - mean) / sqrt(var + eps) + beta}. With {@code batchStats}
     * the batch's mean and biased variance are used (and written into {@code mean} and
     * {@code var}, length C); otherwise {@code mean} and {@code var} are used as given.
     */
    public Var batchNorm(Var gamma, Var beta, float[] mean, float[] var, boolean batchStats, float eps) {
        return NormOps.batchNorm(this, gamma, beta, mean, var, batchStats, eps, false);
    }

    /** {@code batchNorm(...).relu()} as one fused node with the same values: one sweep forward, two back. */
    public Var batchNormRelu(Var gamma, Var beta, float[] mean, float[] var, boolean batchStats, float eps) {
        return NormOps.batchNorm(this, gamma, beta, mean, var, batchStats, eps, true);
    }

    /** Softmax along {@code axis}: exp(x - max) / sum(exp(x - max)), composed from primitives. */
    public Var softmax(int axis) {
        Var shifted = sub(max(axis, true).detach());
        Var e = shifted.exp();
        return e.div(e.sum(true, axis));
    }

    /**
     * Softmax cross-entropy of these logits {@code [N, C]} against a target
     * distribution per row {@code [N, C]} (one-hot rows for class labels), averaged
     * over rows: {@code -(1/N) sum_i sum_c t_ic log softmax(x_i)_c}, as one node. The
     * forward pass keeps the softmax, so the backward pass is one sweep:
     * {@code (softmax * sum_c t_ic - t) / N}. Stable for logits of any size.
     */
    public Var softmaxCrossEntropy(Tensor target) {
        return Ops.softmaxCrossEntropy(this, target);
    }

    /** log(softmax(x)) along {@code axis}, fused so that logits of ±1000 stay finite. */
    public Var logSoftmax(int axis) {
        return Ops.logSoftmax(this, axis);
    }

    @Override
    public String toString() {
        return "Var(" + op + ") " + (value != null ? value : "ids " + shape);
    }

    /**
     * Binary cross-entropy of these logits against targets in [0, 1] of the same
     * shape, averaged over all elements: {@code -mean(t log sigmoid(x) + (1 - t)
     * log(1 - sigmoid(x)))}, as one node that is stable for logits of any size. The
     * gradient is {@code (sigmoid(x) - t) / N}, also at {@code x = 0}.
     */
    public Var binaryCrossEntropyWithLogits(Tensor target) {
        return Ops.binaryCrossEntropyWithLogits(this, target);
    }
}
