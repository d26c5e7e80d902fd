package dev.dendrite.data;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Feature scaling fitted on training data and then applied unchanged to
 * validation, test and prediction inputs. Each kind maps a feature value
 * {@code x} of column {@code j} as follows:
 * <ul>
 *   <li>{@link Kind#NONE}: {@code x}.</li>
 *   <li>{@link Kind#STANDARDIZE}: {@code (x - mean_j) / std_j} with the population
 *       standard deviation; a constant column ({@code std_j = 0}) uses 1, so it maps to 0.</li>
 *   <li>{@link Kind#MIN_MAX}: {@code (x - min_j) / (max_j - min_j)}, giving [0, 1] on the
 *       training data; a constant column maps to 0 for every input.</li>
 *   <li>{@link Kind#SCALE}: {@code x / scale} for one constant, either given
 *       ({@link #scale(float)}, e.g. 255 for 8-bit images) or fitted as the largest
 *       absolute value in the training data (16 for the digits).</li>
 * </ul>
 * The fitted state is a map of named tensors ({@code mean}/{@code std},
 * {@code min}/{@code max}, or {@code scale}) plus the kind, which a model file
 * stores and {@link #restore} turns back into an equal normaliser. Statistics
 * are accumulated in double precision so that 60,000 rows do not lose digits.
 */
public final class Normalizer {
    /** The scaling rule. */
    public enum Kind {
        NONE,
        STANDARDIZE,
        MIN_MAX,
        SCALE
    }

    private final Kind kind;
    private final Map<String, Tensor> state; // null until fitted
    private final Tensor shift;              // [F], or null for NONE, SCALE and unfitted
    private final Tensor divisor;            // [F] or [1]: divides after subtracting shift
    private final boolean fixed;             // a scale(divisor) keeps its divisor when fitted

    private Normalizer(Kind kind, Map<String, Tensor> state) {
        this(kind, state, false);
    }

    private Normalizer(Kind kind, Map<String, Tensor> state, boolean fixed) {
        this.kind = kind;
        this.fixed = fixed;
        this.state = state;
        if (state == null || kind == Kind.NONE) {
            shift = null;
            divisor = null;
        } else if (kind == Kind.STANDARDIZE) {
            shift = state.get("mean");
            divisor = divisors(state.get("std").toArray(), 1f);
        } else if (kind == Kind.MIN_MAX) {
            float[] lo = state.get("min").toArray();
            float[] hi = state.get("max").toArray();
            float[] range = new float[lo.length];
            for (int j = 0; j < lo.length; j++) {
                range[j] = hi[j] - lo[j];
            }
            shift = state.get("min");
            divisor = divisors(range, Float.POSITIVE_INFINITY);
        } else {
            shift = null;
            divisor = divisors(state.get("scale").toArray(), 1f);
        }
    }

    /** An unfitted normaliser of the given kind; {@link #fit} it on the training split. */
    public static Normalizer of(Kind kind) {
        return kind == Kind.NONE ? none() : new Normalizer(kind, null);
    }

    /** A normaliser that divides by a fixed constant; already fitted. */
    public static Normalizer scale(float divisor) {
        if (!(divisor > 0) || !Float.isFinite(divisor)) {
            throw new IllegalArgumentException("Normalizer.scale: divisor must be positive and finite, got " + divisor);
        }
        return new Normalizer(Kind.SCALE, Map.of("scale", Tensor.vector(divisor)), true);
    }

    /** The identity. */
    public static Normalizer none() {
        return new Normalizer(Kind.NONE, Map.of());
    }

    /**
     * Rebuilds a fitted normaliser from its {@link #kind()} and {@link #state()}.
     * The map must hold exactly the tensors the kind needs, as 1-D tensors of
     * equal length (one value for {@code scale}).
     */
    public static Normalizer restore(Kind kind, Map<String, Tensor> state) {
        Set<String> needed = switch (kind) {
            case NONE -> Set.of();
            case STANDARDIZE -> Set.of("mean", "std");
            case MIN_MAX -> Set.of("min", "max");
            case SCALE -> Set.of("scale");
        };
        if (!state.keySet().equals(needed)) {
            throw new IllegalArgumentException("Normalizer.restore: " + kind + " needs tensors " + needed
                    + ", got " + state.keySet());
        }
        int length = -1;
        for (var e : state.entrySet()) {
            Tensor t = e.getValue();
            if (t.rank() != 1 || (kind == Kind.SCALE && t.size() != 1) || (length >= 0 && t.size() != length)) {
                throw new IllegalArgumentException("Normalizer.restore: " + kind + " tensor \"" + e.getKey()
                        + "\" has shape " + t.shape() + ", expected [" + (kind == Kind.SCALE ? 1 : "F")
                        + "] (all of equal length)");
            }
            if (t.hasNonFinite()) {
                throw new IllegalArgumentException("Normalizer.restore: tensor \"" + e.getKey() + "\" is not finite");
            }
            length = t.size();
        }
        return new Normalizer(kind, Map.copyOf(state));
    }

    public Kind kind() {
        return kind;
    }

    /** Whether {@link #apply} can be called: fitted, restored, {@link #none()} or {@link #scale(float)}. */
    public boolean isFitted() {
        return state != null;
    }

    /** The named tensors that, with the kind, rebuild this normaliser. */
    public Map<String, Tensor> state() {
        return requireFitted("state");
    }

    /**
     * A fitted normaliser of this kind with statistics from {@code train} only.
     * A {@link #scale(float)} normaliser returns itself: its divisor was chosen.
     */
    public Normalizer fit(Dataset train) {
        return fixed ? this : fit(kind, train.features());
    }

    /** Fits on a feature matrix {@code [N, F]}. */
    public static Normalizer fit(Kind kind, Tensor features) {
        if (features.rank() != 2 || features.dim(0) == 0) {
            throw new IllegalArgumentException("Normalizer.fit: expected features [N, F] with N > 0, got "
                    + features.shape());
        }
        if (kind == Kind.NONE) {
            return none();
        }
        int n = features.dim(0);
        int f = features.dim(1);
        float[] x = features.buffer();
        Map<String, Tensor> state = new LinkedHashMap<>();
        switch (kind) {
            case STANDARDIZE -> {
                double[] sum = new double[f];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < f; j++) {
                        sum[j] += x[i * f + j];
                    }
                }
                double[] sq = new double[f];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < f; j++) {
                        double d = x[i * f + j] - sum[j] / n; // two passes: no cancellation from E[x^2] - E[x]^2
                        sq[j] += d * d;
                    }
                }
                float[] mean = new float[f];
                float[] std = new float[f];
                for (int j = 0; j < f; j++) {
                    mean[j] = (float) (sum[j] / n);
                    float s = (float) Math.sqrt(sq[j] / n);
                    std[j] = s == 0f ? 1f : s;
                }
                state.put("mean", Tensor.wrap(mean, Shape.of(f)));
                state.put("std", Tensor.wrap(std, Shape.of(f)));
            }
            case MIN_MAX -> {
                float[] lo = new float[f];
                float[] hi = new float[f];
                Arrays.fill(lo, Float.POSITIVE_INFINITY);
                Arrays.fill(hi, Float.NEGATIVE_INFINITY);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < f; j++) {
                        float v = x[i * f + j];
                        lo[j] = Math.min(lo[j], v);
                        hi[j] = Math.max(hi[j], v);
                    }
                }
                state.put("min", Tensor.wrap(lo, Shape.of(f)));
                state.put("max", Tensor.wrap(hi, Shape.of(f)));
            }
            case SCALE -> {
                float max = 0f;
                for (float v : x) {
                    max = Math.max(max, Math.abs(v));
                }
                state.put("scale", Tensor.vector(max == 0f ? 1f : max));
            }
            default -> throw new AssertionError(kind);
        }
        return new Normalizer(kind, Collections.unmodifiableMap(state));
    }

    /** The scaled features {@code [N, F]}; F must match the fitted data for per-feature kinds. */
    public Tensor apply(Tensor features) {
        requireFitted("apply");
        if (features.rank() != 2) {
            throw new IllegalArgumentException("Normalizer.apply: expected features [N, F], got " + features.shape());
        }
        if (shift != null && features.dim(1) != shift.size()) {
            throw new IllegalArgumentException("Normalizer.apply: fitted on " + shift.size() + " features, got "
                    + features.shape());
        }
        if (divisor == null) {
            return features;
        }
        // One pass, in a plain loop rather than through the tensor kernels: this runs
        // once over the whole data set at start-up, before the JIT has compiled the
        // Vector API kernels (which run boxed, many times slower, until it has), and a
        // scalar loop is compiled on the spot. The same float operations in the same
        // order as sub then div, so the result is bit-identical.
        float[] x = features.buffer();
        float[] out = new float[x.length];
        float[] d = divisor.buffer();
        if (shift == null && d.length == 1) {
            float s = d[0];
            for (int i = 0; i < x.length; i++) {
                out[i] = x[i] / s;
            }
        } else {
            int f = features.dim(1);
            float[] m = shift == null ? new float[f] : shift.buffer();
            for (int o = 0; o < x.length; o += f) {
                for (int j = 0; j < f; j++) {
                    out[o + j] = (x[o + j] - m[j]) / d[d.length == 1 ? 0 : j];
                }
            }
        }
        return Tensor.wrap(out, features.shape());
    }

    /**
     * The dataset with its features scaled. Features that the dataset has not
     * made yet (a row view from {@link Dataset#rows}, an IDX file's pixels) are
     * scaled straight from their source, in the one pass that makes them: the
     * same values as scaling {@link Dataset#features()}.
     */
    public Dataset apply(Dataset data) {
        requireFitted("apply");
        if (divisor == null) {
            return data; // the identity: lazy features stay lazy
        }
        LazyRows source = data.unread();
        if (source == null) {
            return data.withFeatures(apply(data.features()), data.featureNames());
        }
        int f = data.featureCount();
        if (shift != null && f != shift.size()) {
            throw new IllegalArgumentException("Normalizer.apply: fitted on " + shift.size() + " features, got "
                    + Shape.of(data.size(), f));
        }
        // made here, not when first read: a mini-batch gathered by plain copies costs less
        // than one converted and scaled as it is drawn, above all in epoch 1, before the JIT
        return data.withFeatures(source.scaled(shift == null ? null : shift.buffer(), divisor.buffer())
                .materialise(data.size()), data.featureNames());
    }

    /**
     * The divisors with zeros replaced. Division rather than multiplying by a
     * reciprocal keeps results bit-equal to NumPy and PyTorch (51 / 255 is 0.2f).
     * A constant column has range 0: min-max divides by infinity there, which
     * maps every finite input to 0 as documented.
     */
    private static Tensor divisors(float[] values, float forZero) {
        float[] d = new float[values.length];
        for (int j = 0; j < d.length; j++) {
            d[j] = values[j] == 0f ? forZero : values[j];
        }
        return Tensor.wrap(d, Shape.of(d.length));
    }

    private Map<String, Tensor> requireFitted(String op) {
        if (state == null) {
            throw new IllegalStateException("Normalizer." + op + ": " + kind + " is not fitted; call fit(train) first");
        }
        return state;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalizer other && kind == other.kind && Objects.equals(state, other.state);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Objects.hashCode(state);
    }

    @Override
    public String toString() {
        return "Normalizer[" + kind + (state == null ? ", unfitted]" : ", " + state.keySet() + "]");
    }
}
