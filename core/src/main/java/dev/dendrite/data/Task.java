package dev.dendrite.data;

/**
 * What the label column of a dataset means: class labels, regression targets,
 * or {@link #AUTO} to let {@link CsvReader} decide from the values (see
 * {@link CsvOptions#task()} for the rule).
 */
public enum Task {
    CLASSIFICATION,
    REGRESSION,
    AUTO
}
