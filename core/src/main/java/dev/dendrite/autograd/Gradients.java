package dev.dendrite.autograd;

import dev.dendrite.tensor.Tensor;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The result of {@link Var#backward()}: the gradient of a scalar with respect to
 * each parameter and each variable leaf it depends on. Immutable; {@link #plus}
 * and {@link #scale} return new values, so gradients from several batches or
 * machines can be combined without zeroing anything.
 */
public final class Gradients {
    private final Map<Parameter, Tensor> params;
    private final Map<Var, Tensor> leaves;

    Gradients(Map<Parameter, Tensor> params, Map<Var, Tensor> leaves) {
        this.params = params;
        this.leaves = leaves;
    }

    /** No gradients. */
    public static Gradients empty() {
        return new Gradients(new IdentityHashMap<>(), new IdentityHashMap<>());
    }

    /** Gradients for the given parameters (used when they arrive from elsewhere). */
    public static Gradients of(Map<Parameter, Tensor> byParameter) {
        return new Gradients(copy(byParameter), new IdentityHashMap<>());
    }

    /**
     * The gradient for {@code p}, or zeros of its shape when the output did not
     * depend on it.
     */
    public Tensor get(Parameter p) {
        Tensor g = params.get(p);
        return g != null ? g : Tensor.zeros(p.shape().dims());
    }

    /** The gradient for a leaf created with {@link Var#variable}, or zeros. */
    public Tensor get(Var leaf) {
        if (leaf.parameter() != null) {
            return get(leaf.parameter());
        }
        Tensor g = leaves.get(leaf);
        return g != null ? g : Tensor.zerosLike(leaf.tensor());
    }

    /** Whether the output depended on {@code p}. */
    public boolean contains(Parameter p) {
        return params.containsKey(p);
    }

    public Set<Parameter> parameters() {
        return Collections.unmodifiableSet(params.keySet());
    }

    /** Element-wise sum with another set of gradients. */
    public Gradients plus(Gradients other) {
        Map<Parameter, Tensor> p = copy(params);
        other.params.forEach((k, v) -> p.merge(k, v, Tensor::add));
        Map<Var, Tensor> l = new IdentityHashMap<>(leaves);
        other.leaves.forEach((k, v) -> l.merge(k, v, Tensor::add));
        return new Gradients(p, l);
    }

    /** Every gradient multiplied by {@code factor}. */
    public Gradients scale(float factor) {
        return map(t -> t.mul(factor));
    }

    /** Every gradient transformed by {@code f} (clipping, for example). */
    public Gradients map(UnaryOperator<Tensor> f) {
        Map<Parameter, Tensor> p = new IdentityHashMap<>();
        params.forEach((k, v) -> p.put(k, f.apply(v)));
        Map<Var, Tensor> l = new IdentityHashMap<>();
        leaves.forEach((k, v) -> l.put(k, f.apply(v)));
        return new Gradients(p, l);
    }

    /**
     * Hands the gradient arrays back for reuse by later steps' matrix products.
     * These gradients must not be used afterwards; the training loop calls this
     * right after the optimizer step. Arrays shared by several entries go back once.
     */
    public void recycle() {
        java.util.Set<Tensor> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        java.util.Set<float[]> arrays = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor t : params.values()) {
            if (seen.add(t) && arrays.add(t.buffer())) {
                t.recycle();
            }
        }
    }

    /** The L2 norm of all parameter gradients together. */
    public double globalNorm() {
        double s = 0;
        for (Tensor t : params.values()) {
            for (float v : t.toArray()) {
                s += (double) v * v;
            }
        }
        return Math.sqrt(s);
    }

    /** Scaled so that the global norm is at most {@code maxNorm}. */
    public Gradients clipByNorm(double maxNorm) {
        double n = globalNorm();
        return n > maxNorm && n > 0 ? scale((float) (maxNorm / n)) : this;
    }

    /** Each element clamped to [-limit, limit]. */
    public Gradients clipByValue(float limit) {
        return map(t -> t.clamp(-limit, limit));
    }

    /** The first parameter (in the order of {@code names}) whose gradient holds NaN or Inf, or null. */
    public String firstNonFinite(Map<String, Parameter> names) {
        for (Map.Entry<String, Parameter> e : names.entrySet()) {
            Tensor g = params.get(e.getValue());
            if (g != null && g.hasNonFinite()) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Gradients keyed by the dotted names of {@code names}, in its order (for transport). */
    public Map<String, Tensor> byName(Map<String, Parameter> names) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        names.forEach((n, p) -> out.put(n, get(p)));
        return out;
    }

    private static Map<Parameter, Tensor> copy(Map<Parameter, Tensor> m) {
        return new IdentityHashMap<>(m);
    }
}
