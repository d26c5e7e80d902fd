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
                        ColumnMatch.inOrder()), null));
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
        return read(in, source, options, Preprocessor.numeric(featureNames));
    }

    /**
     * Reads labelled data for a model whose raw columns and their encoding are
     * {@code model} (its {@code Model.preprocessor()}): columns are matched by
     * name as in {@link #read(Path, CsvOptions, List)}, categories one-hot
     * encoded as at training (an unseen category as all zeros, reported in
     * {@link ColumnMatch#note()}) and missing cells left as NaN for the
     * preprocessor to fill, or refused when its rule is {@code error}.
     */
    public static CsvResult read(Path path, CsvOptions options, Preprocessor model) {
        return read(Sources.open(path), Sources.name(path), options, model);
    }

    /** {@link #read(Path, CsvOptions, Preprocessor)} from a stream (closed afterwards). */
    public static CsvResult read(InputStream in, String source, CsvOptions options, Preprocessor model) {
        return withScanner(in, source, options, scanner -> readLabelled(scanner, source, options,
                first -> ModelColumns.match(first, options, model.columnNames(), true, source), model));
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
            return features(scanner, layout, first, ColumnMatch.inOrder(), Preprocessor.numeric(names(layout)),
                    source);
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
        return readFeatures(in, source, options, Preprocessor.numeric(featureNames));
    }

    /**
     * Reads feature rows for a model whose raw columns and encoding are
     * {@code model}, matching columns by name as
     * {@link #readFeatures(Path, CsvOptions, List)} does; the values are the
     * encoded features (named as {@link Preprocessor#featureNames()}), with NaN
     * where a cell was missing and all zeros for an unseen category.
     */
    public static Features readFeatures(Path path, CsvOptions options, Preprocessor model) {
        return readFeatures(Sources.open(path), Sources.name(path), options, model);
    }

    /** {@link #readFeatures(Path, CsvOptions, Preprocessor)} from a stream (closed afterwards). */
    public static Features readFeatures(InputStream in, String source, CsvOptions options, Preprocessor model) {
        return withScanner(in, source, options, scanner -> {
            List<String> first = firstRow(scanner, source);
            ModelColumns.Matched m = ModelColumns.match(first, options, model.columnNames(), false, source);
            return features(scanner, m.layout(), first, m.match(), model, source);
        });
    }

    private static Features features(CsvScanner scanner, CsvLayout layout, List<String> first, ColumnMatch match,
                                     Preprocessor model, String source) throws IOException {
        GrowableFloats values = new GrowableFloats();
        ModelCells cells = new ModelCells(model, layout.features(), source, values);
        int rows = readRows(scanner, layout, first, cells::add, null, source);
        return new Features(matrix(values, rows, model.featureNames().size()), model.featureNames(),
                cells.note(match));
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

    /** With {@code model} null, a training read that learns the columns' kinds; else a read for that model. */
    private static CsvResult readLabelled(CsvScanner scanner, String source, CsvOptions options,
                                          java.util.function.Function<List<String>, ModelColumns.Matched> lay,
                                          Preprocessor model)
            throws IOException {
        List<String> first = firstRow(scanner, source);
        ModelColumns.Matched matched = lay.apply(first);
        CsvLayout layout = matched.layout();
        int[] extra = moreTargets(layout, options, source);
        if (extra.length > 0) {
            layout = withoutColumns(layout, extra);
        }
        GrowableFloats values = new GrowableFloats();
        GrowableFloats extraValues = new GrowableFloats();
        NumberCell number = new NumberCell();
        LabelColumn labels = new LabelColumn(source);
        Tensor x;
        Preprocessor prep;
        List<String> featureNames;
        ColumnMatch match = matched.match();
        if (model == null) {
            TableColumns table = new TableColumns(source, names(layout), layout.features(), options);
            int rows = readRows(scanner, layout, first, withTargets((cells, line) -> table.add(cells, line, values),
                    extra, extraValues, number, source), labels, source);
            TableColumns.Encoded e = table.finish(values, rows, options.impute());
            x = e.features();
            prep = e.preprocessor();
            featureNames = prep.featureNames();
        } else {
            ModelCells cells = new ModelCells(model, layout.features(), source, values);
            int rows = readRows(scanner, layout, first, withTargets(cells::add, extra, extraValues, number, source),
                    labels, source);
            x = matrix(values, rows, model.featureNames().size());
            prep = model;
            featureNames = model.featureNames();
            match = cells.note(match);
        }
        if (extra.length > 0 && options.task() == Task.CLASSIFICATION) {
            throw new DataException(source + ": " + (extra.length + 1) + " label columns make a regression task "
                    + "(one target per column), not classification");
        }
        LabelColumn.Resolved r = labels.resolve(extra.length > 0 ? Task.REGRESSION : options.task());
        Dataset d;
        if (r.task() == Task.CLASSIFICATION) {
            d = Dataset.ownedClassification(x, featureNames, r.labels(), r.classNames());
        } else if (extra.length == 0) {
            d = Dataset.ownedRegression(x, featureNames, r.targets());
        } else {
            int k = extra.length + 1;
            float[] t = new float[r.targets().length * k];
            for (int i = 0; i < r.targets().length; i++) {
                t[i * k] = r.targets()[i];
                for (int j = 1; j < k; j++) {
                    t[i * k + j] = extraValues.get(i * (k - 1) + j - 1);
                }
            }
            d = Dataset.ownedRegression(x, featureNames, t, k);
        }
        return new CsvResult(d, layout.header(), layout.names().get(layout.label()), r.task(), r.reason(),
                match, prep);
    }

    /** The columns of the further targets ({@link CsvOptions#moreLabels()}), found by header name. */
    private static int[] moreTargets(CsvLayout layout, CsvOptions o, String source) {
        int[] out = new int[o.moreLabels().size()];
        for (int j = 0; j < out.length; j++) {
            String name = o.moreLabels().get(j);
            if (!layout.header()) {
                throw new DataException(source + ": target column \"" + Excerpt.of(name)
                        + "\" is named, but the file has no header");
            }
            int c = layout.names().indexOf(name);
            if (c < 0) {
                throw new DataException(source + " line 1: no target column named \"" + Excerpt.of(name)
                        + "\" (columns: " + Excerpt.columns(layout.names()) + ")");
            }
            for (int i = 0; i < j; i++) {
                if (out[i] == c) {
                    c = -1;
                }
            }
            if (c < 0 || c == layout.label()) {
                throw new DataException(source + ": target column \"" + Excerpt.of(name) + "\" is named twice");
            }
            out[j] = c;
        }
        return out;
    }

    /** The layout with the target columns taken out of the features (a training read gives them all). */
    private static CsvLayout withoutColumns(CsvLayout layout, int[] drop) {
        java.util.Set<Integer> gone = new java.util.HashSet<>();
        for (int c : drop) {
            gone.add(c);
        }
        int[] kept = java.util.Arrays.stream(layout.features()).filter(c -> !gone.contains(c)).toArray();
        if (kept.length == 0) {
            throw new DataException("no feature columns are left besides the " + (drop.length + 1) + " targets");
        }
        return new CsvLayout(layout.header(), layout.names(), layout.label(), kept);
    }

    /** The sink, then each further target cell of the row parsed as a finite float32 number. */
    private static RowSink withTargets(RowSink sink, int[] extra, GrowableFloats out, NumberCell number,
                                       String source) {
        if (extra.length == 0) {
            return sink;
        }
        return (cells, line) -> {
            sink.add(cells, line);
            for (int c : extra) {
                String cell = cells.get(c);
                if (!number.parse(cell) || !Double.isFinite(number.value) || !Float.isFinite((float) number.value)) {
                    throw new DataException(source + " line " + line + " column " + (c + 1) + ": \""
                            + Excerpt.of(cell.strip()) + "\" is not a finite number, expected a numeric regression target");
                }
                out.add((float) number.value);
            }
        };
    }

    /** Takes one data row's cells (all of them, the label included) at a line. */
    private interface RowSink {
        void add(List<String> cells, int line);
    }

    /**
     * Encodes a row's cells with a model's {@link Preprocessor}: the checks of a
     * numeric feature as before, a missing cell refused when the model imputes
     * nothing, and unseen categories counted for one note at the end.
     */
    private static final class ModelCells {
        private final Preprocessor model;
        private final int[] columns;
        private final String source;
        private final NumberCell number = new NumberCell();
        private final float[] row;
        private final GrowableFloats values;
        private long unseen;
        private String firstUnseen;

        ModelCells(Preprocessor model, int[] columns, String source, GrowableFloats values) {
            this.model = model;
            this.values = values;
            this.columns = columns.clone();
            this.source = source;
            this.row = new float[model.featureNames().size()];
        }

        void add(List<String> cells, int line) {
            for (int k = 0; k < columns.length; k++) {
                String cell = cells.get(columns[k]);
                switch (model.encode(k, cell, number, row, model.offset(k))) {
                    case OK -> { }
                    case MISSING -> {
                        if (model.impute() == Preprocessor.Impute.ERROR) {
                            throw new DataException(where(line, k) + ": missing value " + TableColumns.shown(cell)
                                    + "; the model imputes no missing cells (it was trained with --impute error)");
                        }
                    }
                    case UNSEEN -> {
                        if (unseen++ == 0) {
                            firstUnseen = "\"" + Excerpt.of(cell.strip()) + "\" in column \""
                                    + Excerpt.of(model.columns().get(k).name()) + "\" (line " + line + ")";
                        }
                    }
                    case NOT_A_NUMBER -> throw new DataException(where(line, k) + ": \"" + Excerpt.of(cell.strip())
                            + "\" is not a number");
                    case NOT_FINITE -> throw new DataException(where(line, k) + ": " + Excerpt.of(cell.strip())
                            + " is not a finite float32 number; features must be finite");
                }
            }
            for (float v : row) {
                values.add(v);
            }
        }

        private String where(int line, int k) {
            return source + " line " + line + " column " + (columns[k] + 1);
        }

        /** The column match with a sentence about unseen categories added, when there were any. */
        ColumnMatch note(ColumnMatch match) {
            if (unseen == 0) {
                return match;
            }
            String s = source + ": " + unseen + " cell" + (unseen == 1 ? " holds a category" : "s hold categories")
                    + " never seen in training, encoded as no category (all zeros); the first: " + firstUnseen;
            return new ColumnMatch(match.byName(), match.ignored(), match.note().isEmpty() ? s : match.note() + "; " + s);
        }
    }

    private static List<String> firstRow(CsvScanner scanner, String source) throws IOException {
        List<String> first = scanner.next();
        if (first == null) {
            throw new DataException(source + ": empty file, expected a header or data rows");
        }
        return List.copyOf(first); // the scanner reuses its list
    }

    /** Passes every data row to {@code sink} (and its label to {@code labels} when not null); returns the row count. */
    private static int readRows(CsvScanner scanner, CsvLayout layout, List<String> first, RowSink sink,
                                LabelColumn labels, String source) throws IOException {
        int columns = first.size();
        int rows = 0;
        int headerLine = scanner.line();
        List<String> cells = layout.header() ? scanner.next() : first;
        while (cells != null) {
            int line = scanner.line();
            if (cells.size() != columns) {
                throw new DataException(source + " line " + line + ": " + cells.size() + " columns, expected " + columns);
            }
            sink.add(cells, line);
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
