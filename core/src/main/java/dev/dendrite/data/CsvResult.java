package dev.dendrite.data;

/**
 * What {@link CsvReader#read} found besides the data: whether the first row
 * was taken as a header, the label column's name, the task (never
 * {@link Task#AUTO}) and a one-line reason for it that a command-line tool can
 * print, e.g. {@code labels are 3 distinct integers (at most 20), so
 * classification with 3 classes}; and, for a file read against a model's
 * feature names, how its columns were matched ({@link ColumnMatch#inOrder()}
 * for a plain read).
 */
public record CsvResult(Dataset dataset, boolean hasHeader, String labelColumn, Task task, String taskReason,
                        ColumnMatch columns) {
    public CsvResult(Dataset dataset, boolean hasHeader, String labelColumn, Task task, String taskReason) {
        this(dataset, hasHeader, labelColumn, task, taskReason, ColumnMatch.inOrder());
    }
}
