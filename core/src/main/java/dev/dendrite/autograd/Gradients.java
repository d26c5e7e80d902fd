package dev.dendrite.autograd;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The result of {@link Var#backward()}: the gradient of a scalar with respect to
 * each parameter and each variable leaf it depends on. A parameter read only
 * through {@link Var#lookup} (an embedding table) has a {@link RowSparse}
 * gradient; every other gradient is dense. Immutable; {@link #plus} and
 * {@link #scale} return new values, so gradients from several batches or
 * machines can be combined without zeroing anything.
 */
public final class Gradients {
    private final Map<Parameter, Tensor> dense;
    private final Map<Parameter, RowSparse> sparse;
    private final Map<Var, Tensor> leaves;

    Gradients(Map<Parameter, Tensor> dense, Map<Parameter, RowSparse> sparse, Map<Var, Tensor> leaves) {
        this.dense = dense;
        this.sparse = sparse;
        this.leaves = leaves;
        // a parameter read both densely and by lookup has one dense gradient
        for (Parameter p : Set.copyOf(sparse.keySet())) {
            if (dense.containsKey(p)) {
                dense.put(p, dense.get(p).add(sparse.remove(p).toDense()));
            }
        }
    }

    /** No gradients. */
    public static Gradients empty() {
        return new Gradients(new IdentityHashMap<>(), new IdentityHashMap<>(), new IdentityHashMap<>());
    }

    /** Dense gradients for the given parameters (used when they arrive from elsewhere). */
    public static Gradients of(Map<Parameter, Tensor> byParameter) {
        return new Gradients(new IdentityHashMap<>(byParameter), new IdentityHashMap<>(), new IdentityHashMap<>());
    }

    /**
     * The gradient for {@code p} as a dense tensor (a row-sparse one is expanded),
     * or zeros of its shape when the output did not depend on it.
     */
    public Tensor get(Parameter p) {
        Tensor g = dense.get(p);
        if (g != null) {
            return g;
        }
        RowSparse s = sparse.get(p);
        return s != null ? s.toDense() : Tensor.zeros(p.shape().dims());
    }

    /** The row-sparse gradient for {@code p}, or null when it is dense or absent. */
    public RowSparse sparse(Parameter p) {
        return sparse.get(p);
    }

    /** The gradient for a leaf created with {@link Var#variable}, or zeros. */
    public Tensor get(Var leaf) {
        if (leaf.parameter() != null) {
            return get(leaf.parameter());
        }
        Tensor g = leaves.get(leaf);
        return g != null ? g : Tensor.zeros(leaf.shape().dims());
    }

    /** Whether the output depended on {@code p}. */
    public boolean contains(Parameter p) {
        return dense.containsKey(p) || sparse.containsKey(p);
    }

    public Set<Parameter> parameters() {
        Set<Parameter> s = Collections.newSetFromMap(new IdentityHashMap<>());
        s.addAll(dense.keySet());
        s.addAll(sparse.keySet());
        return Collections.unmodifiableSet(s);
    }

    /** Element-wise sum with another set of gradients. */
    public Gradients plus(Gradients other) {
        Map<Parameter, Tensor> d = new IdentityHashMap<>(dense);
        other.dense.forEach((k, v) -> d.merge(k, v, Tensor::add));
        Map<Parameter, RowSparse> s = new IdentityHashMap<>(sparse);
        other.sparse.forEach((k, v) -> s.merge(k, v, RowSparse::plus));
        Map<Var, Tensor> l = new IdentityHashMap<>(leaves);
        other.leaves.forEach((k, v) -> l.merge(k, v, Tensor::add));
        return new Gradients(d, s, l);
    }

    /** Every gradient multiplied by {@code factor}. */
    public Gradients scale(float factor) {
        return map(t -> t.mul(factor));
    }

    /**
     * Every gradient transformed by the element-wise function {@code f} (clipping,
     * for example); for a row-sparse gradient, {@code f} sees the listed rows.
     */
    public Gradients map(UnaryOperator<Tensor> f) {
        Map<Parameter, Tensor> d = new IdentityHashMap<>();
        dense.forEach((k, v) -> d.put(k, f.apply(v)));
        Map<Parameter, RowSparse> s = new IdentityHashMap<>();
        sparse.forEach((k, v) -> s.put(k, v.withValues(f.apply(v.values()))));
        Map<Var, Tensor> l = new IdentityHashMap<>();
        leaves.forEach((k, v) -> l.put(k, f.apply(v)));
        return new Gradients(d, s, l);
    }

    /** The L2 norm of all parameter gradients together. */
    public double globalNorm() {
        double s = 0;
        for (Tensor t : dense.values()) {
            for (float v : t.toArray()) {
                s += (double) v * v;
            }
        }
        for (RowSparse r : sparse.values()) {
            s += r.squaredNorm();
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
            Tensor g = dense.get(e.getValue());
            RowSparse s = sparse.get(e.getValue());
            if ((g != null && g.hasNonFinite()) || (s != null && s.values().hasNonFinite())) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Dense gradients keyed by the dotted names of {@code names}, in its order (for transport). */
    public Map<String, Tensor> byName(Map<String, Parameter> names) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        names.forEach((n, p) -> out.put(n, get(p)));
        return out;
    }

    /**
     * All gradients of {@code names} laid end to end in its order, as one flat
     * vector: what a distributed sum (a tree aggregate) adds up. Parameters the
     * output did not depend on contribute zeros.
     */
    public float[] flatten(Map<String, Parameter> names) {
        long total = 0;
        for (Parameter p : names.values()) {
            total += p.shape().size();
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("flatten: " + total + " values do not fit one array");
        }
        float[] flat = new float[(int) total];
        int at = 0;
        for (Parameter p : names.values()) {
            int n = p.shape().size();
            Tensor g = dense.get(p);
            RowSparse s = sparse.get(p);
            if (g != null) {
                System.arraycopy(g.contiguous().toArray(), 0, flat, at, n);
            } else if (s != null) {
                int w = s.width();
                float[] v = s.values().toArray();
                int[] rows = s.rows();
                for (int i = 0; i < rows.length; i++) {
                    System.arraycopy(v, i * w, flat, at + rows[i] * w, w);
                }
            }
            at += n;
        }
        return flat;
    }

    /** The inverse of {@link #flatten}: dense gradients for {@code names} read from one flat vector. */
    public static Gradients unflatten(Map<String, Parameter> names, float[] flat) {
        Map<Parameter, Tensor> d = new IdentityHashMap<>();
        int at = 0;
        for (Map.Entry<String, Parameter> e : names.entrySet()) {
            Shape shape = e.getValue().shape();
            int n = shape.size();
            if (at + n > flat.length) {
                throw new IllegalArgumentException("unflatten: " + flat.length + " values, but parameter '"
                        + e.getKey() + "' needs values up to " + (at + n));
            }
            float[] v = new float[n];
            System.arraycopy(flat, at, v, 0, n);
            d.put(e.getValue(), Tensor.wrap(v, shape));
            at += n;
        }
        if (at != flat.length) {
            throw new IllegalArgumentException("unflatten: " + flat.length + " values for parameters of " + at);
        }
        return of(d);
    }

    /** The names (from {@code names}) whose gradients are row-sparse, in its order. */
    public Set<String> sparseNames(Map<String, Parameter> names) {
        Set<String> out = new LinkedHashSet<>();
        names.forEach((n, p) -> {
            if (sparse.containsKey(p)) {
                out.add(n);
            }
        });
        return out;
    }
}
