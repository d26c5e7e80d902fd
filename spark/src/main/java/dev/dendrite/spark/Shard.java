package dev.dendrite.spark;

import dev.dendrite.data.Dataset;
import dev.dendrite.data.Normalizer;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.io.Serializable;
import java.util.List;

/**
 * One partition's examples as flat arrays: what Spark caches between rounds
 * (one object per partition, so a round does not convert rows again). Features
 * are raw; {@link #dataset} applies the model's normaliser once per executor
 * and keeps the result, since the cached object lives as long as the cache.
 */
public final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;

    private final float[] features;
    private final int rows;
    private final int columns;
    /** Class indices for classification, or null. */
    private final int[] labels;
    /** Regression targets, {@code rows x outputs}, or null. */
    private final float[] targets;
    private final int outputs;
    private transient Dataset normalised;

    public Shard(float[] features, int rows, int columns, int[] labels, float[] targets, int outputs) {
        if ((long) rows * columns != features.length) {
            throw new IllegalArgumentException("shard: " + features.length + " values for " + rows + " x " + columns);
        }
        this.features = features;
        this.rows = rows;
        this.columns = columns;
        this.labels = labels;
        this.targets = targets;
        this.outputs = outputs;
    }

    public int size() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** The examples as a Dendrite data set, normalised with {@code normalizer} (computed once and kept). */
    public synchronized Dataset dataset(Normalizer normalizer, int classes) {
        if (normalised == null) {
            Tensor x = Tensor.wrap(features, Shape.of(rows, columns));
            List<String> names = Dataset.numberedNames("x", columns);
            Dataset d = labels != null
                    ? Dataset.classification(x, names, labels, Dataset.numberedNames("class", classes))
                    : Dataset.regression(x, names, Tensor.wrap(targets, Shape.of(rows, outputs)));
            normalised = normalizer == null ? d : normalizer.apply(d);
        }
        return normalised;
    }
}
