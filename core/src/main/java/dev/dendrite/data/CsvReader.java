package dev.dendrite.data;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a delimited text file (CSV, TSV; plain or gzip-compressed, detected by
 * its magic bytes) into a {@link Dataset}. The file streams line by line into
 * growable primitive arrays, so memory holds the numbers and never the text of
 * the whole file. The label column, the features, the header and the task
 * come from {@link CsvOptions}; {@link CsvResult} reports what was decided.
 * Every problem is a {@link DataException} naming the file, the line and, for
 * a bad cell, the 1-based column: {@code data.csv line 17: 5 columns, expected
 * 4}. Example: {@code CsvReader.read(Path.of("iris.csv"), CsvOptions.defaults()
 * .withLabel("species")).dataset()}.
 */
public final class CsvReader {
    private CsvReader() {
    }

    /** Reads a labelled dataset from a file. */
    public static CsvResult read(Path path, CsvOptions options) {
        return read(Sources.open(path), Sources.name(path), options);
    }

    /** Reads a labelled dataset from a stream (closed afterwards); {@code source} names it in messages. */
    public static CsvResult read(InputStream in, String source, CsvOptions options) {
        return withScanner(in, source, options, scanner -> readLabelled(scanner, source, options,
                first -> new ModelColumns.Matched(CsvLayout.forTraining(first, options, source),
                        ColumnMatch.inOrder())));
    }

    /**
     * Reads labelled data for a model trained on features {@code featureNames}:
     * with a header, each feature is found by name wherever its column is and
     * other columns (besides the label) are ignored; without one, the file must
     * have exactly those features in that order plus the label. The dataset's
     * columns are in the model's order; {@link CsvResult#columns()} says how they
     * were matched. {@code options.featureColumns()} is not used.
     */
    public static CsvResult read(Path path, CsvOptions options, List<String> featureNames) {
        return read(Sources.open(path), Sources.name(path), options, featureNames);
    }

    /** {@link #read(Path, CsvOptions, List)} from a stream (closed afterwards). */
    public static CsvResult read(InputStream in, String source, CsvOptions options, List<String> featureNames) {
        List<String> expected = List.copyOf(featureNames);
        return withScanner(in, source, options, scanner -> readLabelled(scanner, source, options,
                first -> ModelColumns.match(first, options, expected, true, source)));
    }

    /** {@link #read(Path, CsvOptions)}, keeping only the dataset. */
    public static Dataset readDataset(Path path, CsvOptions options) {
        return read(path, options).dataset();
    }

    /**
     * Reads feature rows for prediction. Every column is a feature except the
     * label column: dropped when the header has a column named
     * {@code options.labelName()}, or, when {@code expectedFeatures > 0} and the
     * file has exactly one column more, the column at {@code options.labelIndex()}
     * (the last by default). With {@code expectedFeatures > 0} the feature count
     * must match it; pass 0 to skip the check. Columns are taken by position,
     * so a file with its columns in another order reads without complaint: when
     * the model's feature names are known, use
     * {@link #readFeatures(Path, CsvOptions, List)}, which matches them by name.
     */
    public static Features readFeatures(Path path, CsvOptions options, int expectedFeatures) {
        return readFeatures(Sources.open(path), Sources.name(path), options, expectedFeatures);
    }

    /** {@link #readFeatures(Path, CsvOptions, int)} from a stream (closed afterwards). */
    public static Features readFeatures(InputStream in, String source, CsvOptions options, int expectedFeatures) {
        return withScanner(in, source, options, scanner -> {
            List<String> first = firstRow(scanner, source);
            CsvLayout layout = CsvLayout.forPrediction(first, options, expectedFeatures, source);
            return features(scanner, layout, first, ColumnMatch.inOrder(), source);
        });
    }

    /**
     * Reads feature rows for a model trained on features {@code featureNames},
     * in the model's order. With a header, each feature is found by name and
     * other columns are ignored (the label, named by {@code options.labelName()},
     * silently; the rest are listed in {@link Features#columns()}). Without a
     * header the columns are taken in order, and only when there are exactly as
     * many as features, or one more, the label at {@code options.labelIndex()}.
     * Unlike {@link #readFeatures(Path, CsvOptions, int)}, swapped or renamed
     * columns are an error, not silently wrong predictions.
     */
    public static Features readFeatures(Path path, CsvOptions options, List<String> featureNames) {
        return readFeatures(Sources.open(path), Sources.name(path), options, featureNames);
    }

    /** {@link #readFeatures(Path, CsvOptions, List)} from a stream (closed afterwards). */
    public static Features readFeatures(InputStream in, String source, CsvOptions options, List<String> featureNames) {
        List<String> expected = List.copyOf(featureNames);
        return withScanner(in, source, options, scanner -> {
            List<String> first = firstRow(scanner, source);
            ModelColumns.Matched m = ModelColumns.match(first, options, expected, false, source);
            return features(scanner, m.layout(), first, m.match(), source);
        });
    }

    private static Features features(CsvScanner scanner, CsvLayout layout, List<String> first, ColumnMatch match,
                                     String source) throws IOException {
        GrowableFloats values = new GrowableFloats();
        int rows = readRows(scanner, layout, first, values, null, source);
        return new Features(matrix(values, rows, layout.features().length), names(layout), match);
    }

    private interface Body<T> {
        T apply(CsvScanner scanner) throws IOException;
    }

    private static <T> T withScanner(InputStream in, String source, CsvOptions options, Body<T> body) {
        try (InputStream raw = in; InputStream text = Sources.decompressing(raw, source)) {
            return body.apply(new CsvScanner(new Utf8Lines(text, source), source, options.delimiter()));
        } catch (IOException e) {
            throw Sources.failure(source, e);
        }
    }

    private static CsvResult readLabelled(CsvScanner scanner, String source, CsvOptions options,
                                          java.util.function.Function<List<String>, ModelColumns.Matched> lay)
            throws IOException {
        List<String> first = firstRow(scanner, source);
        ModelColumns.Matched matched = lay.apply(first);
        CsvLayout layout = matched.layout();
        GrowableFloats values = new GrowableFloats();
        LabelColumn labels = new LabelColumn(source);
        int rows = readRows(scanner, layout, first, values, labels, source);
        Tensor x = matrix(values, rows, layout.features().length);
        LabelColumn.Resolved r = labels.resolve(options.task());
        Dataset d = r.task() == Task.CLASSIFICATION
                ? Dataset.ownedClassification(x, names(layout), r.labels(), r.classNames())
                : Dataset.ownedRegression(x, names(layout), r.targets());
        return new CsvResult(d, layout.header(), layout.names().get(layout.label()), r.task(), r.reason(),
                matched.match());
    }

    private static List<String> firstRow(CsvScanner scanner, String source) throws IOException {
        List<String> first = scanner.next();
        if (first == null) {
            throw new DataException(source + ": empty file, expected a header or data rows");
        }
        return List.copyOf(first); // the scanner reuses its list
    }

    /** Parses every data row into {@code values} (and {@code labels} when not null); returns the row count. */
    private static int readRows(CsvScanner scanner, CsvLayout layout, List<String> first, GrowableFloats values,
                                LabelColumn labels, String source) throws IOException {
        int columns = first.size();
        int[] features = layout.features();
        NumberCell number = new NumberCell();
        int rows = 0;
        int headerLine = scanner.line();
        List<String> cells = layout.header() ? scanner.next() : first;
        while (cells != null) {
            int line = scanner.line();
            if (cells.size() != columns) {
                throw new DataException(source + " line " + line + ": " + cells.size() + " columns, expected " + columns);
            }
            for (int c : features) {
                String cell = cells.get(c);
                if (!number.parse(cell)) {
                    throw new DataException(source + " line " + line + " column " + (c + 1) + ": \"" + Excerpt.of(cell.strip())
                            + "\" is not a number");
                }
                if (!Double.isFinite(number.value) || !Float.isFinite((float) number.value)) {
                    throw new DataException(source + " line " + line + " column " + (c + 1) + ": " + Excerpt.of(cell.strip())
                            + " is not a finite float32 number; features must be finite");
                }
                values.add((float) number.value);
            }
            if (labels != null) {
                labels.add(cells.get(layout.label()), line, layout.label() + 1);
            }
            rows++;
            cells = scanner.next();
        }
        if (rows == 0) {
            throw new DataException(source + ": no data rows after the header (line " + headerLine + ")");
        }
        return rows;
    }

    private static Tensor matrix(GrowableFloats values, int rows, int columns) {
        return Tensor.wrap(values.toArray(), Shape.of(rows, columns));
    }

    private static List<String> names(CsvLayout layout) {
        String[] out = new String[layout.features().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = layout.names().get(layout.features()[i]);
        }
        return List.of(out);
    }
}
