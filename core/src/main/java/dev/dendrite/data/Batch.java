package dev.dendrite.data;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.util.Map;

/**
 * One mini-batch: the float inputs {@code x [B, ...]} (null when a model takes
 * only ids), integer inputs by name ({@code ids}, each {@code [B]} or
 * {@code [B, L]} row-major, for models with index inputs such as user and item
 * ids), the target {@code y} ({@code [B, C]} one-hot for classification,
 * {@code [B, k]} for regression), the class labels {@code [B]} (null for
 * regression) and the dataset row of each example. The arrays belong to the
 * batch; treat them as read-only.
 */
public record Batch(Tensor x, int[] labels, Tensor y, int[] indices, Map<String, int[]> ids) {

    public Batch {
        ids = ids == null ? Map.of() : Map.copyOf(ids);
    }

    /** A batch of float inputs only. */
    public Batch(Tensor x, int[] labels, Tensor y, int[] indices) {
        this(x, labels, y, indices, Map.of());
    }

    /** The number of examples, B. */
    public int size() {
        return indices.length;
    }

    public boolean isClassification() {
        return labels != null;
    }

    /** The labels as a float tensor {@code [B]} of class indices, for losses that take indices. */
    public Tensor labelTensor() {
        if (labels == null) {
            throw new IllegalStateException("labelTensor: a regression batch has no class labels; use y()");
        }
        float[] v = new float[labels.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = labels[i];
        }
        return Tensor.wrap(v, Shape.of(v.length));
    }
}
