package dev.dendrite.train;

import dev.dendrite.autograd.Gradients;
import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.data.Batch;
import dev.dendrite.data.Dataset;
import dev.dendrite.loss.Loss;
import dev.dendrite.nn.Input;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Mode;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.tensor.kernel.Workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One training step without the update: a batch in, the loss and the gradients
 * out. It runs the model forward in training mode (stochastic layers draw from
 * the given random source; layers with state update it), applies the loss to
 * the target that the loss's {@link Loss#target() contract} asks for, and runs
 * backpropagation. It changes no parameter: what to do with the gradients
 * (clip them, add them up across machines, hand them to an optimizer) is the
 * caller's. {@link Trainer} composes it with {@code Optimizer.step}; a
 * distributed worker runs the same {@link #compute} on its shard and ships
 * {@link Result#byName()} or {@link Gradients#flatten}.
 */
public final class TrainStep {
    private final Layer model;
    private final Loss loss;
    private final Map<String, Parameter> params;
    private final List<Input> inputs;
    /** Lends the arrays of a step's matrix products; used by {@link #computeThen} only. */
    private final Workspace workspace = new Workspace();

    public TrainStep(Layer model, Loss loss) {
        this.model = model;
        this.loss = loss;
        this.params = model.parameters();
        this.inputs = model.inputs();
    }

    /** What one step computed. {@code correct} counts right top-1 predictions (0 for regression). */
    public record Result(double loss, Gradients gradients, long correct, int size, Map<String, Parameter> parameters) {
        /** Dense gradients by dotted parameter name. */
        public Map<String, Tensor> byName() {
            return gradients.byName(parameters);
        }
    }

    /** The model's parameters by dotted name, in a stable order. */
    public Map<String, Parameter> parameters() {
        return params;
    }

    /** Loss and gradients for {@code batch}; the result's tensors are the caller's to keep. */
    public Result compute(Batch batch, Rng rng) {
        return run(batch, rng);
    }

    /**
     * Loss and gradients for {@code batch}, handed to {@code use} (which typically
     * applies them with an optimizer) while the step's workspace lends the arrays of
     * its matrix products: {@code use} must not keep the gradients after it returns.
     * The training loop's path; it allocates almost nothing once shapes repeat.
     */
    public Result computeThen(Batch batch, Rng rng, Consumer<Result> use) {
        try (Workspace.Scope s = workspace.enter()) {
            Result r = run(batch, rng);
            use.accept(r);
            return new Result(r.loss, null, r.correct, r.size, params);
        }
    }

    private Result run(Batch batch, Rng rng) {
        Var out = model.forward(inputs(batch), Mode.train(rng));
        Var l = loss.apply(out, target(loss, batch.labels(), batch::labelTensor, batch::y));
        double value = l.item();
        Gradients g = Double.isFinite(value) ? l.backward() : null;
        long correct = batch.isClassification() && out.shape().rank() == 2 ? countCorrect(out, batch.labels()) : 0;
        return new Result(value, g, correct, batch.size(), params);
    }

    /** The model's inputs from a batch: its float features for a float input, its ids by name for an index input. */
    private List<Var> inputs(Batch batch) {
        List<Var> vars = new ArrayList<>(inputs.size());
        boolean floatsUsed = false;
        for (Input in : inputs) {
            if (in.kind() == Input.Kind.INDICES) {
                int[] ids = batch.ids().get(in.name());
                if (ids == null) {
                    throw new IllegalArgumentException("train step: the model's input '" + in.name()
                            + "' takes ids, but the batch has none by that name (it has " + batch.ids().keySet() + ")");
                }
                vars.add(in.shape().rank() == 0 ? Var.indices(ids) : Var.indices(ids, batchDims(batch.size(), in)));
            } else {
                if (floatsUsed || batch.x() == null) {
                    throw new IllegalArgumentException("train step: the model's float input '" + in.name()
                            + "' has no values in the batch (a batch carries one float input)");
                }
                floatsUsed = true;
                vars.add(Var.constant(batch.x()));
            }
        }
        return vars;
    }

    private static int[] batchDims(int n, Input in) {
        int[] d = new int[in.shape().rank() + 1];
        d[0] = n;
        System.arraycopy(in.shape().dims(), 0, d, 1, in.shape().rank());
        return d;
    }

    /**
     * The target {@code loss} asks for (see {@link Loss}): class indices or one-hot
     * rows for classification data, the targets themselves for regression.
     */
    static Tensor target(Loss loss, int[] labels, java.util.function.Supplier<Tensor> indices,
                         java.util.function.Supplier<Tensor> dense) {
        return labels != null && loss.target() == Loss.Target.CLASS_INDICES ? indices.get() : dense.get();
    }

    /** The target of a whole data set, as {@link #target} builds it for a batch. */
    static Tensor target(Loss loss, Dataset data) {
        if (!data.isClassification()) {
            return target(loss, null, null, data::targets);
        }
        int[] labels = data.labels();
        return target(loss, labels, () -> {
            float[] v = new float[labels.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = labels[i];
            }
            return Tensor.vector(v);
        }, data::oneHot);
    }

    static long countCorrect(Var logits, int[] labels) {
        int[] p = logits.value().argmaxRows();
        long c = 0;
        for (int i = 0; i < p.length; i++) {
            c += p[i] == labels[i] ? 1 : 0;
        }
        return c;
    }
}
