package dev.dendrite.cli;

import dev.dendrite.data.CsvOptions;
import dev.dendrite.data.Preprocessor;
import dev.dendrite.data.Task;
import picocli.CommandLine.Option;

import java.util.Locale;

/** The data flags shared by {@code train} and {@code evaluate}. */
final class DataOptions {

    @Option(names = {"--data", "-d"}, defaultValue = "digits", description = "digits (embedded), fashion-mnist "
            + "(Debian's dataset-fashion-mnist), a folder of MNIST-format IDX files, or a CSV file (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--label", description = "CSV label column, by header name or 0-based index (default: the last "
            + "column); several names (y1,y2) make one regression target each.")
    String label;

    @Option(names = "--task", defaultValue = "auto", description = "CSV task: classification, regression or auto (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--features", description = "CSV feature columns, comma-separated names or indices (default: all but the label).")
    String features;

    @Option(names = "--delimiter", defaultValue = ",", description = "CSV field separator; 'tab' for TSV (default: '${DEFAULT-VALUE}').")
    String delimiter;

    @Option(names = "--validation", defaultValue = "0.1", description = "Share of the training data held out for validation (default: ${DEFAULT-VALUE}; "
            + "none for a CSV file under 1,000 rows, unless --patience is given).")
    double validation;

    @Option(names = "--test", defaultValue = "0.2", description = "Share held out for testing, for data without a test set (default: ${DEFAULT-VALUE}).")
    double test;

    @Option(names = "--normalize", defaultValue = "auto", description = "auto, standardize, minmax, scale or none (default: ${DEFAULT-VALUE}: scale for images, standardize for CSV).")
    String normalize;

    @Option(names = "--header", defaultValue = "auto", description = "Whether a CSV file's first row is a header: "
            + "yes, no or auto (auto: a header when it holds text; say yes for a header of numbers such as 1,2,3) "
            + "(default: ${DEFAULT-VALUE}).")
    String header;

    @Option(names = "--categorical", description = "CSV feature columns to one-hot encode as categories even "
            + "where their cells are numbers, comma-separated names (columns whose cells are all text are "
            + "categorical anyway).")
    String categorical;

    @Option(names = "--impute", defaultValue = "error", description = "What fills missing CSV cells (empty, NA, "
            + "N/A, NaN, null, None, ?): mean, median, zero, or error to refuse them; categorical columns take "
            + "their most frequent category (all zeros with zero). Stored in the model (default: ${DEFAULT-VALUE}).")
    String impute;

    @Option(names = "--image-size", description = "For a folder of images: scale every image to HxW pixels "
            + "(bilinear; e.g. 28x28), so that images of different sizes can train together. Without it every "
            + "image must have the size of the first.")
    String imageSize;

    DataSource resolve(long seed) {
        // !(x >= 0) refuses NaN as well, which every comparison lets through
        if (!(validation >= 0 && validation < 1 && test >= 0 && test < 1 && validation + test < 1)) {
            throw new IllegalArgumentException("--validation and --test: each must be in [0, 1) and together below 1, got "
                    + validation + " and " + test);
        }
        return DataSource.resolve(data, csvFlags(), new dev.dendrite.data.Split(validation, test, seed), normalize,
                DataSource.imageSize(imageSize));
    }

    DataSource.CsvFlags csvFlags() {
        return new DataSource.CsvFlags(label, task(task), features, delimiter(delimiter), header(header), null,
                names("--categorical", categorical), impute(impute));
    }

    /** Parses {@code --impute}: mean, median, zero or error. */
    static Preprocessor.Impute impute(String text) {
        try {
            return Preprocessor.Impute.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--impute: '" + dev.dendrite.data.Excerpt.of(text)
                    + "' is not one of mean, median, zero, error");
        }
    }

    /** A comma-separated list of column names; empty entries are refused. */
    static java.util.List<String> names(String option, String text) {
        if (text == null) {
            return java.util.List.of();
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String s : text.split(",", -1)) {
            if (s.isBlank()) {
                throw new IllegalArgumentException(option + ": an empty column name in '"
                        + dev.dendrite.data.Excerpt.of(text) + "'");
            }
            out.add(s.strip());
        }
        return out;
    }

    static Task task(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "auto" -> Task.AUTO;
            case "classification" -> Task.CLASSIFICATION;
            case "regression" -> Task.REGRESSION;
            default -> throw new IllegalArgumentException("--task: '" + dev.dendrite.data.Excerpt.of(text) + "' is not one of classification, regression, auto");
        };
    }

    /** Parses {@code --header}: yes, no or auto. */
    static CsvOptions.Header header(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "auto" -> CsvOptions.Header.AUTO;
            case "yes", "true", "present" -> CsvOptions.Header.PRESENT;
            case "no", "false", "absent", "none" -> CsvOptions.Header.ABSENT;
            default -> throw new IllegalArgumentException("--header: '" + dev.dendrite.data.Excerpt.of(text) + "' is not one of yes, no, auto");
        };
    }

    /** Parses {@code --delimiter}: one character, or {@code tab}. */
    static char delimiter(String text) {
        if (text.equalsIgnoreCase("tab") || text.equals("\\t")) {
            return '\t';
        }
        if (text.length() != 1) {
            throw new IllegalArgumentException("--delimiter: expected one character or 'tab', got '"
                    + dev.dendrite.data.Excerpt.of(text) + "'");
        }
        return text.charAt(0);
    }
}
