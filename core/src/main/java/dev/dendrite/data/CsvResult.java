package dev.dendrite.data;

/**
 * What {@link CsvReader#read} found besides the data: whether the first row
 * was taken as a header, the label column's name, the task (never
 * {@link Task#AUTO}) and a one-line reason for it that a command-line tool can
 * print, e.g. {@code labels are 3 distinct integers (at most 20), so
 * classification with 3 classes}; and, for a file read against a model's
 * feature names, how its columns were matched ({@link ColumnMatch#inOrder()}
 * for a plain read); and the {@link Preprocessor} that encoded the features:
 * learned from the file on a training read (categorical columns, the
 * imputation rule; still to be fitted on the training rows), the model's own
 * on a read for a model.
 */
public record CsvResult(Dataset dataset, boolean hasHeader, String labelColumn, Task task, String taskReason,
                        ColumnMatch columns, Preprocessor preprocessor) {
    public CsvResult {
        preprocessor = preprocessor == null ? Preprocessor.numeric(dataset.featureNames()) : preprocessor;
    }

    public CsvResult(Dataset dataset, boolean hasHeader, String labelColumn, Task task, String taskReason) {
        this(dataset, hasHeader, labelColumn, task, taskReason, ColumnMatch.inOrder(), null);
    }

    public CsvResult(Dataset dataset, boolean hasHeader, String labelColumn, Task task, String taskReason,
                     ColumnMatch columns) {
        this(dataset, hasHeader, labelColumn, task, taskReason, columns, null);
    }
}
