package dev.dendrite.cli;

import dev.dendrite.data.ColumnMatch;
import dev.dendrite.data.CsvOptions;
import dev.dendrite.data.CsvReader;
import dev.dendrite.data.CsvResult;
import dev.dendrite.data.DataException;
import dev.dendrite.data.Dataset;
import dev.dendrite.data.Datasets;
import dev.dendrite.data.Excerpt;
import dev.dendrite.data.IdxCache;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Preprocessor;
import dev.dendrite.data.Split;
import dev.dendrite.data.Splits;
import dev.dendrite.data.Task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves {@code --data}: the embedded digits ({@code digits}), Fashion-MNIST
 * from Debian's package folder ({@code fashion-mnist}), a folder of MNIST-format
 * IDX files, or a CSV file; then splits it into train, validation and test
 * parts and names the default normalisation for that kind of data. It keeps
 * the whole data ({@code all}: for an IDX folder, its training files), the
 * split that made the parts, and {@code provenance}, what a model needs to
 * find and read this data again (see {@link TrainingRecord}); and the
 * {@link Preprocessor} that encoded a CSV file's columns (categories one-hot,
 * missing cells NaN until it is fitted on the training part).
 */
record DataSource(String name, String description, Dataset all, Split split, Splits splits, Normalizer normalizer,
                  String notes, int firstDataLine, Map<String, Object> provenance, ColumnMatch columns,
                  Preprocessor preprocessor) {

    /**
     * The options that shape CSV reading, from the command line. With
     * {@code modelFeatures}, the file is read for that model: its feature
     * columns are found by header name and encoded as the model's preprocessor
     * does ({@code features}, {@code categorical} and {@code impute} are then unused).
     */
    record CsvFlags(String label, Task task, String features, char delimiter, CsvOptions.Header header,
                    Preprocessor model, List<String> categorical, Preprocessor.Impute impute) {
        CsvFlags(String label, Task task, String features, char delimiter, CsvOptions.Header header,
                 Preprocessor model) {
            this(label, task, features, delimiter, header, model, List.of(), Preprocessor.Impute.ERROR);
        }

        CsvOptions options() {
            CsvOptions o = CsvOptions.defaults().withDelimiter(delimiter).withTask(task).withHeader(header)
                    .withCategorical(categorical).withImpute(impute);
            List<String> targets = targets();
            if (targets.size() > 1) {
                o = o.withTargets(targets);
            } else if (label != null) {
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

        /** The names in a {@code --label} that lists several regression targets (y1,y2); else empty. */
        List<String> targets() {
            return label != null && label.contains(",") ? DataOptions.names("--label", label) : List.of();
        }

        CsvResult read(Path p) {
            return model == null ? CsvReader.read(p, options()) : CsvReader.read(p, options(), model);
        }
    }

    static DataSource resolve(String data, CsvFlags csv, double validation, double test, long seed, String normalize) {
        return resolve(data, csv, new Split(validation, test, seed), normalize);
    }

    static DataSource resolve(String data, CsvFlags csv, Split split, String normalize) {
        return resolve(data, csv, split, normalize, null);
    }

    /**
     * As above; {@code imageSize} ({@code [height, width]}, or null) scales every
     * image of an image folder to that size, and is refused for any other data.
     */
    static DataSource resolve(String data, CsvFlags csv, Split split, String normalize, int[] imageSize) {
        String key = data.toLowerCase(Locale.ROOT);
        if (imageSize != null && !(Files.isDirectory(Path.of(data)) && dev.dendrite.data.ImageFolder.looksLikeOne(
                Path.of(data)))) {
            throw new IllegalArgumentException("--image-size applies to image folders (one sub-folder of images per"
                    + " class); '" + Excerpt.of(data) + "' is not one");
        }
        DataSource d;
        if (key.equals("digits")) {
            Dataset all = Datasets.digits();
            d = new DataSource("digits", "UCI optical digits (embedded): " + all.size() + " images of 8x8, "
                    + all.classCount() + " classes", all, split, split.apply(all),
                    Normalizer.of(Normalizer.Kind.SCALE), "", 0, provenance("digits", "digits"), ColumnMatch.inOrder(),
                    Preprocessor.numeric(all.featureNames()));
        } else if (key.equals("fashion-mnist") || key.equals("fashion_mnist")) {
            d = idx("fashion-mnist", Datasets.FASHION_MNIST_DEFAULT_DIR, split, true);
        } else {
            Path p = Path.of(data);
            if (Files.isDirectory(p) && dev.dendrite.data.ImageFolder.looksLikeOne(p)) {
                Dataset all = images(p, imageSize);
                Map<String, Object> prov = provenance("images", p.toAbsolutePath().normalize().toString());
                if (imageSize != null) {
                    prov.put("image_size", imageSize[0] + "x" + imageSize[1]);
                }
                d = new DataSource(stem(p), p + ": " + all.size() + " images of " + all.featureCount() + " values"
                        + (imageSize == null ? "" : " (scaled to " + imageSize[0] + "x" + imageSize[1] + ")") + ", "
                        + all.classCount() + " classes (one sub-folder each)", all, split, split.apply(all),
                        Normalizer.scale(255f), "", 0, prov, ColumnMatch.inOrder(),
                        Preprocessor.numeric(all.featureNames()));
            } else if (Files.isDirectory(p)) {
                d = idx(p.getFileName() == null ? data : p.getFileName().toString(), p, split,
                        p.toString().toLowerCase(Locale.ROOT).contains("fashion"));
            } else if (Files.exists(p)) { // a pipe or a device is named by the reader
                CsvResult r = csv.read(p);
                Dataset all = r.dataset();
                String notes = (csv.targets().size() > 1 ? "label columns: " + Evaluate.names(csv.targets())
                        + "; task: regression with " + csv.targets().size() + " targets"
                        : "label column: " + Excerpt.of(r.labelColumn()) + "; task: "
                        + r.task().name().toLowerCase(Locale.ROOT) + " (" + r.taskReason() + ")")
                        + (r.hasHeader() ? "" : "; no header row, line 1 is data"
                        + (csv.header() == CsvOptions.Header.AUTO ? " (--header yes if it names the columns)" : ""));
                Map<String, Object> prov = provenance("csv", p.toAbsolutePath().normalize().toString());
                prov.put("label", csv.targets().size() > 1 ? String.join(",", csv.targets()) : r.labelColumn());
                prov.put("header", r.hasHeader());
                prov.put("delimiter", String.valueOf(csv.delimiter()));
                d = new DataSource(stem(p), p + ": " + all.size() + " rows, " + all.featureCount() + " features"
                        + (all.isClassification() ? ", " + all.classCount() + " classes"
                        : all.targetCount() > 1 ? ", " + all.targetCount() + " targets" : ""), all, split,
                        split.apply(all), Normalizer.of(Normalizer.Kind.STANDARDIZE), notes, r.hasHeader() ? 2 : 1,
                        prov, r.columns(), r.preprocessor());
            } else {
                throw new DataException(Excerpt.of(data) + ": no such file or folder (--data takes 'digits', 'fashion-mnist', "
                        + "a CSV file or a folder of IDX files)");
            }
        }
        if (normalize != null && !normalize.equalsIgnoreCase("auto")) {
            d = new DataSource(d.name, d.description, d.all, d.split, d.splits, normalizer(normalize), d.notes,
                    d.firstDataLine, d.provenance, d.columns, d.preprocessor);
        }
        return d;
    }

    private static Dataset images(Path p, int[] size) {
        try {
            return dev.dendrite.data.ImageFolder.read(p, size == null ? 0 : size[0], size == null ? 0 : size[1], 0);
        } catch (dev.dendrite.data.ImageFolder.SizeMismatch e) {
            throw new DataException(e.fact() + "; --image-size HxW scales every image to one size");
        }
    }

    /** Parses {@code --image-size HxW} (null stays null). */
    static int[] imageSize(String option) {
        if (option == null) {
            return null;
        }
        String[] p = option.toLowerCase(Locale.ROOT).split("x", -1);
        int[] d = new int[p.length];
        try {
            for (int i = 0; i < p.length; i++) {
                d[i] = Integer.parseInt(p[i].trim());
            }
        } catch (NumberFormatException e) {
            d = new int[0];
        }
        // 16384 a side: larger would make a single image's row longer than a Java array can hold in RGB
        if (d.length != 2 || d[0] <= 0 || d[1] <= 0 || d[0] > 16384 || d[1] > 16384) {
            throw new IllegalArgumentException("--image-size: '" + Excerpt.of(option)
                    + "' is not HxW with sides from 1 to 16384 (e.g. 28x28 or 64x48)");
        }
        return d;
    }

    private static DataSource idx(String name, Path dir, Split split, boolean fashion) {
        IdxCache cache = IdxCache.standard();
        Datasets.TrainTest tt = fashion ? Datasets.fashionMnist(dir, cache)
                : Datasets.mnistLike(dir, Datasets.DIGIT_CLASSES, cache);
        // the folder has its own test files: the split only carves validation out of the training files
        Split trainValidation = new Split(split.validationFraction(), 0, split.seed());
        // row views: the parts' pixels are copied when first read, which for training is
        // the normaliser's one pass (scaled as they are copied) instead of a copy and a pass
        int[][] rows = trainValidation.rows(tt.train());
        Splits parts = new Splits(tt.train().rows(rows[0]), tt.train().rows(rows[1]), tt.test());
        return new DataSource(name, dir + ": " + tt.train().size() + " training and " + tt.test().size()
                + " test images of " + tt.train().featureCount() + " pixels, " + tt.train().classCount() + " classes",
                tt.train(), trainValidation, parts,
                Normalizer.scale(255f), "", 0, provenance("idx", dir.toAbsolutePath().normalize().toString()),
                ColumnMatch.inOrder(), Preprocessor.numeric(tt.train().featureNames()));
    }

    private static Map<String, Object> provenance(String kind, String path) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("path", path);
        return m;
    }

    /** The same data cut by another split (same seed rules), e.g. without a validation part. */
    DataSource withSplit(Split other) {
        return new DataSource(name, description, all, other, other.apply(all), normalizer, notes, firstDataLine,
                provenance, columns, preprocessor);
    }

    /**
     * The same data with other class names: IDX labels are bare indices, so a
     * folder's classes are whatever the model calls them.
     */
    DataSource withClassNames(List<String> names) {
        Splits s = new Splits(splits.train().withClassNames(names), splits.validation().withClassNames(names),
                splits.test().withClassNames(names));
        return new DataSource(name, description, all.withClassNames(names), split, s, normalizer, notes, firstDataLine,
                provenance, columns, preprocessor);
    }

    /** Whether the test part is the folder's own test files rather than rows split off {@link #all}. */
    boolean separateTestFiles() {
        return "idx".equals(provenance.get("kind"));
    }

    /** Whether the data came from a CSV file (its rows map to file lines). */
    boolean isCsv() {
        return firstDataLine > 0;
    }

    /** The file or folder the data came from (the name for built-in data). */
    String origin() {
        if ("digits".equals(provenance.get("kind"))) {
            return "digits";
        }
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
