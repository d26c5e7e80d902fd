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
 * A trainable table of {@code count} rows of {@code dim} values, looked up by
 * integer id: input ids {@code [N]} (or {@code [N, L]}) to output
 * {@code [N, dim]} (or {@code [N, L, dim]}). The table's gradient is
 * row-sparse ({@link Var#lookup}): a step costs the ids in the batch, and the
 * optimizers update only those rows, however large the table. Ids outside
 * {@code [0, count)} are an error naming the id and its position.
 * Initialisation: N(0, std^2) from a seeded source (std 0.01 by default, as in
 * neural collaborative filtering).
 */
public final class Embedding implements Layer {
    private final int count;
    private final int dim;
    private final Parameter table;

    /** A table with N(0, 0.01^2) initial values. */
    public Embedding(int count, int dim, Rng rng) {
        this(count, dim, 0.01f, rng);
    }

    public Embedding(int count, int dim, float std, Rng rng) {
        if (count <= 0 || dim <= 0) {
            throw new IllegalArgumentException("embedding: count and dim must be positive, got " + count + " x " + dim);
        }
        if (!(std >= 0) || !Float.isFinite(std)) {
            throw new IllegalArgumentException("embedding: std must be finite and >= 0, got " + std);
        }
        this.count = count;
        this.dim = dim;
        Tensor init = std == 0 ? Tensor.zeros(count, dim) : Tensor.normal(rng, 0f, std, count, dim);
        this.table = new Parameter("weight", init);
    }

    public int count() {
        return count;
    }

    public int dim() {
        return dim;
    }

    /** The table, {@code [count, dim]}. */
    public Parameter weight() {
        return table;
    }

    @Override
    public Var forward(Var ids, Mode mode) {
        if (!ids.isIndices()) {
            throw new IllegalArgumentException("embedding(" + count + " x " + dim + "): input " + ids.shape()
                    + " holds floats; it takes integer ids (an index input)");
        }
        int[] idx = ids.indices();
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= count) {
                throw new IllegalArgumentException("embedding(" + count + " x " + dim + "): id " + idx[i]
                        + " at position " + i + " is out of range [0, " + count + ")");
            }
        }
        Var rows = table.var().lookup(idx);
        if (ids.shape().rank() == 1) {
            return rows;
        }
        int[] dims = java.util.Arrays.copyOf(ids.shape().dims(), ids.shape().rank() + 1);
        dims[dims.length - 1] = dim;
        return rows.reshape(dims);
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        int[] d = inputs.get(0).dims();
        int[] out = java.util.Arrays.copyOf(d, d.length + 1);
        out[d.length] = dim;
        return Shape.of(out);
    }

    @Override
    public Map<String, Parameter> parameters() {
        return Map.of("weight", table);
    }

    @Override
    public String type() {
        return "embedding";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("count", count);
        c.put("dim", dim);
        return c;
    }

    static Embedding fromConfig(Map<String, Object> c) {
        return new Embedding(LayerTypes.positiveInt(c, "count"), LayerTypes.positiveInt(c, "dim"), 0f, new Rng(0));
    }

    @Override
    public String toString() {
        return "Embedding(" + count + " x " + dim + ")";
    }
}
