package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * Feature rows without labels, as read for prediction by
 * {@link CsvReader#readFeatures}: the matrix {@code [N, F]} and a name per
 * column (from the header, or {@code col1..colF} without one), and how the
 * file's columns were matched to a model's features ({@link ColumnMatch}).
 */
public record Features(Tensor values, List<String> names, ColumnMatch columns) {
    public Features {
        names = List.copyOf(names);
        columns = columns == null ? ColumnMatch.inOrder() : columns;
    }

    public Features(Tensor values, List<String> names) {
        this(values, names, ColumnMatch.inOrder());
    }

    /** The number of rows, N. */
    public int size() {
        return values.dim(0);
    }

    /** The number of columns, F. */
    public int featureCount() {
        return values.dim(1);
    }
}
