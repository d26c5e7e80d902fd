package dev.dendrite.data;

import java.nio.file.Path;
import java.util.List;

/**
 * How the columns of a file were matched to the feature columns a model was
 * trained on, as {@link CsvReader#read(Path, CsvOptions, List)} and
 * {@link CsvReader#readFeatures(Path, CsvOptions, List)} report it:
 * {@code byName} when the header named every feature (the file's column order
 * does not matter), otherwise the columns were taken in order; {@code ignored}
 * lists header columns that are neither a feature nor the label; {@code note}
 * is one line worth showing a user (extra columns ignored, or columns taken
 * by position), empty when there is nothing to say.
 */
public record ColumnMatch(boolean byName, List<String> ignored, String note) {
    public ColumnMatch {
        ignored = List.copyOf(ignored);
        note = note == null ? "" : note;
    }

    /** Columns taken in file order with nothing to report: what reads without a model give. */
    public static ColumnMatch inOrder() {
        return new ColumnMatch(false, List.of(), "");
    }
}
