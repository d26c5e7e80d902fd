package dev.dendrite.data;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

/**
 * One mini-batch from a {@link DataLoader}: inputs {@code x [B, F]}, the
 * target {@code y} ({@code [B, C]} one-hot for classification, {@code [B, 1]}
 * for regression), the class labels {@code [B]} (null for regression) and the
 * dataset row of each example. The arrays belong to the batch; treat them as
 * read-only.
 */
public record Batch(Tensor x, int[] labels, Tensor y, int[] indices) {
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
