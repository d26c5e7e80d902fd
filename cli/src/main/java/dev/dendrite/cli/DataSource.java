package dev.dendrite.cli;

import dev.dendrite.data.CsvOptions;
import dev.dendrite.data.CsvReader;
import dev.dendrite.data.CsvResult;
import dev.dendrite.data.DataException;
import dev.dendrite.data.Dataset;
import dev.dendrite.data.Datasets;
import dev.dendrite.data.Excerpt;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Split;
import dev.dendrite.data.Splits;
import dev.dendrite.data.Task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Resolves {@code --data}: the embedded digits ({@code digits}), Fashion-MNIST
 * from Debian's package folder ({@code fashion-mnist}), a folder of MNIST-format
 * IDX files, or a CSV file; then splits it into train, validation and test
 * parts and names the default normalisation for that kind of data.
 */
record DataSource(String name, String description, Splits splits, Normalizer normalizer, String notes,
                  int firstDataLine) {

    /** The options that shape CSV reading, from the command line. */
    record CsvFlags(String label, Task task, String features, char delimiter) {
        CsvOptions options() {
            CsvOptions o = CsvOptions.defaults().withDelimiter(delimiter).withTask(task);
            if (label != null) {
                o = label.matches("-?\\d+") ? o.withLabel(Integer.parseInt(label)) : o.withLabel(label);
            }
            if (features != null) {
                List<String> cols = new ArrayList<>();
                for (String s : features.split(",")) {
                    if (!s.isBlank()) {
                        cols.add(s.trim());
                    }
                }
                o = o.withFeatureColumns(cols);
            }
            return o;
        }
    }

    static DataSource resolve(String data, CsvFlags csv, double validation, double test, long seed, String normalize,
                              boolean wholeCsv) {
        String key = data.toLowerCase(Locale.ROOT);
        DataSource d;
        if (key.equals("digits")) {
            Dataset all = Datasets.digits();
            d = new DataSource("digits", "UCI optical digits (embedded): " + all.size() + " images of 8x8, "
                    + all.classCount() + " classes", new Split(validation, test, seed).apply(all),
                    Normalizer.of(Normalizer.Kind.SCALE), "", 0);
        } else if (key.equals("fashion-mnist") || key.equals("fashion_mnist")) {
            d = idx("fashion-mnist", Datasets.FASHION_MNIST_DEFAULT_DIR, validation, seed, true);
        } else {
            Path p = Path.of(data);
            if (Files.isDirectory(p)) {
                d = idx(p.getFileName() == null ? data : p.getFileName().toString(), p, validation, seed,
                        p.toString().toLowerCase(Locale.ROOT).contains("fashion"));
            } else if (Files.exists(p)) { // a pipe or a device is named by the reader
                CsvResult r = CsvReader.read(p, csv.options());
                Dataset all = r.dataset();
                String notes = "label column: " + Excerpt.of(r.labelColumn()) + "; task: "
                        + r.task().name().toLowerCase(Locale.ROOT) + " (" + r.taskReason() + ")";
                d = new DataSource(stem(p), p + ": " + all.size() + " rows, " + all.featureCount() + " features"
                        + (all.isClassification() ? ", " + all.classCount() + " classes" : ""),
                        wholeCsv ? new Splits(all, all.subset(new int[0]), all.subset(new int[0]))
                                : new Split(validation, test, seed).apply(all), Normalizer.of(Normalizer.Kind.STANDARDIZE), notes,
                        r.hasHeader() ? 2 : 1);
            } else {
                throw new DataException(Excerpt.of(data) + ": no such file or folder (--data takes 'digits', 'fashion-mnist', "
                        + "a CSV file or a folder of IDX files)");
            }
        }
        if (normalize != null && !normalize.equalsIgnoreCase("auto")) {
            d = new DataSource(d.name, d.description, d.splits, normalizer(normalize), d.notes, d.firstDataLine);
        }
        return d;
    }

    private static DataSource idx(String name, Path dir, double validation, long seed, boolean fashion) {
        Datasets.TrainTest tt = fashion ? Datasets.fashionMnist(dir) : Datasets.mnistLike(dir, Datasets.DIGIT_CLASSES);
        Splits trainVal = new Split(validation, 0, seed).apply(tt.train());
        return new DataSource(name, dir + ": " + tt.train().size() + " training and " + tt.test().size()
                + " test images of " + tt.train().featureCount() + " pixels, " + tt.train().classCount() + " classes",
                new Splits(trainVal.train(), trainVal.validation(), tt.test()), Normalizer.scale(255f), "", 0);
    }

    /** Whether the data came from a CSV file (its rows map to file lines). */
    boolean isCsv() {
        return firstDataLine > 0;
    }

    /** The file or folder the data came from (the name for built-in data). */
    String origin() {
        return description.contains(": ") ? description.substring(0, description.indexOf(": ")) : name;
    }

    /** Where row {@code r} (0-based) came from, for error messages. */
    String where(int r) {
        return isCsv() ? origin() + " line " + (r + firstDataLine) : name + " row " + (r + 1);
    }

    static Normalizer normalizer(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "standardize", "standardise", "zscore" -> Normalizer.of(Normalizer.Kind.STANDARDIZE);
            case "minmax", "min_max" -> Normalizer.of(Normalizer.Kind.MIN_MAX);
            case "scale" -> Normalizer.of(Normalizer.Kind.SCALE);
            case "none" -> Normalizer.none();
            default -> throw new IllegalArgumentException("--normalize: '" + Excerpt.of(name)
                    + "' is not one of auto, standardize, minmax, scale, none");
        };
    }

    private static String stem(Path p) {
        String f = p.getFileName().toString();
        for (String ext : Arrays.asList(".csv.gz", ".tsv.gz", ".csv", ".tsv", ".txt", ".gz")) {
            if (f.toLowerCase(Locale.ROOT).endsWith(ext)) {
                return f.substring(0, f.length() - ext.length());
            }
        }
        return f;
    }
}
