package dev.dendrite.data;

import java.util.List;

/**
 * How {@link CsvReader} reads a delimited text file. {@link #defaults()} reads
 * comma-separated values, detects a header, takes the last column as the label
 * and every other column as a feature, and infers the task; each {@code withX}
 * returns a changed copy.
 *
 * <ul>
 *   <li>{@code delimiter}: the field separator, {@code ','} by default ({@code '\t'} for TSV).</li>
 *   <li>{@code header}: {@link Header#AUTO} treats the first row as a header when
 *       one of its feature cells is not a number.</li>
 *   <li>{@code labelName} / {@code labelIndex}: the label column, by header name
 *       (takes precedence; needs a header) or by 0-based index, negative counting
 *       from the end ({@code -1}, the default, is the last column).</li>
 *   <li>{@code featureColumns}: the feature columns by header name or, for
 *       entries that are integers, 0-based index; {@code null} (the default)
 *       means every column except the label.</li>
 *   <li>{@code task}: {@link Task#AUTO} decides from the label values: labels
 *       that are not all numbers mean classification; numeric labels that are
 *       all integers with at most {@link #MAX_AUTO_CLASSES} distinct values mean
 *       classification; anything else means regression.</li>
 *   <li>{@code categorical}: feature columns (by header name) to read as
 *       categories even where their cells are numbers; other columns are
 *       categorical when their present cells are all text, numeric when all
 *       numbers, and an error when they mix both. Empty by default.</li>
 *   <li>{@code moreLabels}: further regression targets by header name
 *       ({@link #withTargets}): the dataset's targets are then {@code [N, k]}.</li>
 *   <li>{@code impute}: what fills missing cells ({@link Preprocessor#isMissing});
 *       {@link Preprocessor.Impute#ERROR}, the default, refuses them.</li>
 * </ul>
 */
public record CsvOptions(char delimiter, Header header, String labelName, int labelIndex,
                         List<String> featureColumns, Task task, List<String> categorical,
                         Preprocessor.Impute impute, List<String> moreLabels) {
    /** The most distinct integer labels that {@link Task#AUTO} still reads as classes. */
    public static final int MAX_AUTO_CLASSES = 20;

    /** Whether the first row is a header. */
    public enum Header {
        /**
         * A header when a feature cell of the first row is not a number (or, read
         * for a model, when the row names all its features); a header made only
         * of numbers ({@code 1,2,3}) is read as data, so say {@link #PRESENT}.
         */
        AUTO,
        /** The first row is a header, whatever it holds. */
        PRESENT,
        /** Every row is data; columns are named col1, col2, ... */
        ABSENT
    }

    public CsvOptions {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("CsvOptions: delimiter cannot be " + printable(delimiter));
        }
        if (header == null || task == null) {
            throw new IllegalArgumentException("CsvOptions: header and task must not be null");
        }
        featureColumns = featureColumns == null ? null : List.copyOf(featureColumns);
        categorical = categorical == null ? List.of() : List.copyOf(categorical);
        impute = impute == null ? Preprocessor.Impute.ERROR : impute;
        moreLabels = moreLabels == null ? List.of() : List.copyOf(moreLabels);
    }

    public CsvOptions(char delimiter, Header header, String labelName, int labelIndex, List<String> featureColumns,
                      Task task, List<String> categorical, Preprocessor.Impute impute) {
        this(delimiter, header, labelName, labelIndex, featureColumns, task, categorical, impute, List.of());
    }

    public CsvOptions(char delimiter, Header header, String labelName, int labelIndex, List<String> featureColumns,
                      Task task) {
        this(delimiter, header, labelName, labelIndex, featureColumns, task, List.of(), Preprocessor.Impute.ERROR,
                List.of());
    }

    public static CsvOptions defaults() {
        return new CsvOptions(',', Header.AUTO, null, -1, null, Task.AUTO);
    }

    public CsvOptions withDelimiter(char d) {
        return new CsvOptions(d, header, labelName, labelIndex, featureColumns, task, categorical, impute, moreLabels);
    }

    public CsvOptions withHeader(Header h) {
        return new CsvOptions(delimiter, h, labelName, labelIndex, featureColumns, task, categorical, impute, moreLabels);
    }

    /** The label column by header name. */
    public CsvOptions withLabel(String name) {
        return new CsvOptions(delimiter, header, name, labelIndex, featureColumns, task, categorical, impute, moreLabels);
    }

    /**
     * Several regression targets by header name: the first is the label, the
     * others {@code moreLabels}; none of them is a feature.
     */
    public CsvOptions withTargets(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("CsvOptions: no target columns given");
        }
        return new CsvOptions(delimiter, header, names.get(0), labelIndex, featureColumns, task, categorical, impute,
                names.subList(1, names.size()));
    }

    /** The label column by 0-based index; negative counts from the end. */
    public CsvOptions withLabel(int index) {
        return new CsvOptions(delimiter, header, null, index, featureColumns, task, categorical, impute, moreLabels);
    }

    /** The feature columns by name or 0-based index (as a string); {@code null} for all but the label. */
    public CsvOptions withFeatureColumns(List<String> columns) {
        return new CsvOptions(delimiter, header, labelName, labelIndex, columns, task, categorical, impute, moreLabels);
    }

    public CsvOptions withTask(Task t) {
        return new CsvOptions(delimiter, header, labelName, labelIndex, featureColumns, t, categorical, impute, moreLabels);
    }

    /** Feature columns (by header name) read as categories whatever their cells hold. */
    public CsvOptions withCategorical(List<String> columns) {
        return new CsvOptions(delimiter, header, labelName, labelIndex, featureColumns, task, columns, impute, moreLabels);
    }

    /** What fills missing cells; {@link Preprocessor.Impute#ERROR} refuses them. */
    public CsvOptions withImpute(Preprocessor.Impute rule) {
        return new CsvOptions(delimiter, header, labelName, labelIndex, featureColumns, task, categorical, rule, moreLabels);
    }

    static String printable(char c) {
        return switch (c) {
            case '\t' -> "'\\t'";
            case '\n' -> "'\\n'";
            case '\r' -> "'\\r'";
            default -> "'" + c + "'";
        };
    }
}
