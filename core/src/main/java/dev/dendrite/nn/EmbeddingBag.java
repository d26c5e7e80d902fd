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
 * A trainable table read as a weighted bag: input ids {@code [N, L]} (each row
 * a list of up to {@code L} ids; {@link #EMPTY} marks an unused slot) to output
 * {@code [N, dim]}, each row the weighted sum of its ids' table rows. Slot
 * {@code l} weighs {@code 0.5^(l / halfLife)} (every slot 1 when the half-life
 * is 0), and a row's weights are divided by the square root of their sum, so a
 * long list and a short one give vectors of like size (the {@code |N(u)|^-1/2}
 * of SVD++ and FISM). Put the most recent item in slot 0 and a user's history
 * becomes a recency-weighted user vector.
 *
 * <p>As with {@link Embedding}, the table's gradient is row-sparse: a step
 * costs the ids in the batch, and optimizers update only those rows. Ids
 * outside {@code [0, count)} other than {@link #EMPTY} are an error naming the
 * id and its position. A row with no ids gives zeros.
 */
public final class EmbeddingBag implements Layer {
    /** The id of an unused slot. */
    public static final int EMPTY = -1;

    private final int count;
    private final int dim;
    private final double halfLife;
    private final Parameter table;

    /**
     * A table of {@code count} rows of {@code dim} values, N(0, std^2) initial
     * values; slots weighed with {@code halfLife} (0: all alike).
     */
    public EmbeddingBag(int count, int dim, double halfLife, float std, Rng rng) {
        if (count <= 0 || dim <= 0) {
            throw new IllegalArgumentException("embedding bag: count and dim must be positive, got " + count + " x "
                    + dim);
        }
        if (!(halfLife >= 0) || !Double.isFinite(halfLife)) {
            throw new IllegalArgumentException("embedding bag: the half-life must be finite and >= 0, got " + halfLife);
        }
        if (!(std >= 0) || !Float.isFinite(std)) {
            throw new IllegalArgumentException("embedding bag: std must be finite and >= 0, got " + std);
        }
        this.count = count;
        this.dim = dim;
        this.halfLife = halfLife;
        Tensor init = std == 0 ? Tensor.zeros(count, dim) : Tensor.normal(rng, 0f, std, count, dim);
        this.table = new Parameter("weight", init);
    }

    public int count() {
        return count;
    }

    public int dim() {
        return dim;
    }

    public double halfLife() {
        return halfLife;
    }

    /** The table, {@code [count, dim]}. */
    public Parameter weight() {
        return table;
    }

    /** The weight of slot {@code l} before the division by the row's total. */
    public double slotWeight(int l) {
        return halfLife == 0 ? 1 : Math.pow(0.5, l / halfLife);
    }

    @Override
    public Var forward(Var ids, Mode mode) {
        if (!ids.isIndices()) {
            throw new IllegalArgumentException("embedding bag(" + count + " x " + dim + "): input " + ids.shape()
                    + " holds floats; it takes integer ids (an index input)");
        }
        if (ids.shape().rank() != 2) {
            throw new IllegalArgumentException("embedding bag(" + count + " x " + dim + "): input " + ids.shape()
                    + " must be [N, L], a list of ids per example");
        }
        int n = ids.shape().dim(0);
        int slots = ids.shape().dim(1);
        int[] idx = ids.indices();
        double[] slot = new double[slots];
        for (int l = 0; l < slots; l++) {
            slot[l] = slotWeight(l);
        }
        // rows with the same ids (a positive and its sampled negatives share their user's history) are summed once
        int[] unique = new int[n];
        int[] firstOf = new int[n];
        int distinct = 0;
        java.util.HashMap<Long, Integer> seen = new java.util.HashMap<>();
        for (int r = 0; r < n; r++) {
            long h = 1;
            for (int l = 0; l < slots; l++) {
                h = h * 0x9E3779B97F4A7C15L + idx[r * slots + l];
            }
            Integer u = seen.get(h);
            if (u != null && java.util.Arrays.equals(idx, r * slots, r * slots + slots,
                    idx, firstOf[u] * slots, firstOf[u] * slots + slots)) {
                unique[r] = u;
                continue;
            }
            if (u == null) {
                seen.put(h, distinct);
            }
            firstOf[distinct] = r;
            unique[r] = distinct++;
        }
        int used = 0;
        for (int d = 0; d < distinct; d++) {
            int r = firstOf[d];
            for (int l = 0; l < slots; l++) {
                int id = idx[r * slots + l];
                if (id == EMPTY) {
                    continue;
                }
                if (id < 0 || id >= count) {
                    throw new IllegalArgumentException("embedding bag(" + count + " x " + dim + "): id " + id
                            + " at position " + (r * slots + l) + " is out of range [0, " + count + ") (" + EMPTY
                            + ": an empty slot)");
                }
                used++;
            }
        }
        if (used == 0) {
            return Var.constant(Tensor.zeros(n, dim));
        }
        int[] rows = new int[used];
        int[] segments = new int[used];
        float[] weights = new float[used];
        int m = 0;
        for (int d = 0; d < distinct; d++) {
            int r = firstOf[d];
            double total = 0;
            for (int l = 0; l < slots; l++) {
                if (idx[r * slots + l] != EMPTY) {
                    total += slot[l];
                }
            }
            double norm = total > 0 ? 1 / Math.sqrt(total) : 0;
            for (int l = 0; l < slots; l++) {
                int id = idx[r * slots + l];
                if (id != EMPTY) {
                    rows[m] = id;
                    segments[m] = d;
                    weights[m++] = (float) (slot[l] * norm);
                }
            }
        }
        Var bags = table.var().lookup(rows).segmentSum(segments, weights, distinct);
        return distinct == n ? bags : bags.gather(unique);
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        int[] d = inputs.get(0).dims();
        if (d.length != 1) { // the per-example shape: [L]
            throw new IllegalArgumentException("embedding bag: input must be a list of ids per example, got " + inputs.get(0));
        }
        return Shape.of(dim);
    }

    @Override
    public Map<String, Parameter> parameters() {
        return Map.of("weight", table);
    }

    @Override
    public String type() {
        return "embedding_bag";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("count", count);
        c.put("dim", dim);
        c.put("half_life", halfLife);
        return c;
    }

    static EmbeddingBag fromConfig(Map<String, Object> c) {
        return new EmbeddingBag(LayerTypes.positiveInt(c, "count"), LayerTypes.positiveInt(c, "dim"),
                LayerTypes.number(c, "half_life"), 0f, new Rng(0));
    }

    @Override
    public String toString() {
        return "EmbeddingBag(" + count + " x " + dim + ", half-life " + halfLife + ")";
    }
}
