package dev.dendrite.optim;

import dev.dendrite.autograd.Gradients;
import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.RowSparse;
import dev.dendrite.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every optimizer shares: the named parameters, the learning rate, the
 * step count, and named state buffers that start at zero. The learning rate
 * is not part of the saved state: the trainer sets it from its schedule before
 * every step.
 */
abstract class BaseOptimizer implements Optimizer {
    protected final Map<String, Parameter> params;
    /** Per-parameter state, updated in place by the kernels; {@link #state()} hands out copies. */
    protected final Map<String, float[]> buffers = new LinkedHashMap<>();
    protected double lr;
    protected long steps;

    BaseOptimizer(Map<String, Parameter> params, double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + lr);
        }
        this.params = new LinkedHashMap<>(params);
        this.lr = lr;
    }

    /** The buffer names used per parameter, e.g. {@code m} and {@code v}. */
    abstract List<String> bufferNames();

    /** Updates one parameter, given its gradient; buffers are read and written by name. */
    abstract void update(String name, Parameter p, Tensor grad);

    /** Updates the rows of one parameter that a row-sparse gradient lists, in place. */
    abstract void updateRows(String name, Parameter p, RowSparse grad);

    /**
     * One update. A parameter the loss did not depend on is left as it is (its
     * state too), as PyTorch's optimizers skip parameters without a gradient; one
     * with a {@link RowSparse} gradient has only the listed rows updated.
     */
    @Override
    public final void step(Gradients gradients) {
        steps++;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Parameter p = e.getValue();
            if (!gradients.contains(p)) {
                continue;
            }
            RowSparse rows = gradients.sparse(p);
            if (rows != null) {
                updateRows(e.getKey(), p, rows);
            } else {
                update(e.getKey(), p, gradients.get(p));
            }
        }
    }

    /** The named buffer of a parameter, created as zeros on first use. */
    protected float[] buffer(String param, String suffix, int size) {
        return buffers.computeIfAbsent(param + "." + suffix, k -> new float[size]);
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void learningRate(double next) {
        if (!(next >= 0) || !Double.isFinite(next)) {
            throw new IllegalArgumentException("learning rate must be non-negative and finite, got " + next);
        }
        lr = next;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        buffers.forEach((k, v) -> s.put(k, Tensor.wrap(v.clone(), params.get(k.substring(0, k.lastIndexOf('.'))).shape())));
        // two exact float halves, so step counts beyond 2^24 survive
        s.put("step", Tensor.vector(steps >>> 24, steps & 0xFFFFFF));
        return s;
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        buffers.clear();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String k = e.getKey();
            if (k.equals("step")) {
                float[] v = e.getValue().toArray();
                if (v.length != 2) {
                    throw new IllegalArgumentException("optimizer state: 'step' must hold 2 values, got " + v.length);
                }
                steps = ((long) v[0] << 24) | (long) v[1];
            } else {
                int dot = k.lastIndexOf('.');
                String param = dot < 0 ? "" : k.substring(0, dot);
                String suffix = k.substring(dot + 1);
                Parameter p = params.get(param);
                if (p == null || !bufferNames().contains(suffix)) {
                    throw new IllegalArgumentException("optimizer state: unexpected entry '" + k + "'");
                }
                if (!p.shape().equals(e.getValue().shape())) {
                    throw new IllegalArgumentException("optimizer state: '" + k + "' has shape "
                            + e.getValue().shape() + ", expected " + p.shape());
                }
                buffers.put(k, e.getValue().toArray());
            }
        }
        // a state with some of a parameter's buffers but not all would resume with zeros in their place
        for (String param : params.keySet()) {
            List<String> have = bufferNames().stream().filter(b -> buffers.containsKey(param + "." + b)).toList();
            if (!have.isEmpty() && have.size() != bufferNames().size()) {
                throw new IllegalArgumentException("optimizer state: parameter '" + param + "' has " + have
                        + " but not all of " + bufferNames());
            }
        }
        if (steps > 0 && buffers.isEmpty() && usesBuffers()) {
            throw new IllegalArgumentException("optimizer state: " + steps + " steps taken but no state tensors stored");
        }
    }

    /** Whether this optimizer keeps per-parameter state once it has taken a step. */
    boolean usesBuffers() {
        return true;
    }
}
