package dev.dendrite.data;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How the raw columns of a table become the network's float features: a
 * numeric column is one feature; a categorical column with categories
 * {@code red, green} is one-hot encoded as the features {@code color=green}
 * and {@code color=red} (categories sorted); and a missing cell (see
 * {@link #isMissing}) is filled by the {@link Impute} rule, with values fitted
 * on the training rows ({@link #fit}) and then applied unchanged everywhere
 * ({@link #apply}). A category never seen in training encodes as all zeros.
 * A model file stores it (spec entry {@code preprocessor}, tensor
 * {@code preprocessor.fill}), so predict and evaluate encode new rows exactly
 * as training did. Encoded features hold NaN where a cell was missing until
 * {@link #apply} fills them.
 */
public final class Preprocessor {
    /** The most categories one column may have; more is refused rather than made into thousands of features. */
    public static final int MAX_CATEGORIES = 1000;

    /** What fills a missing cell. */
    public enum Impute {
        /** Missing cells are refused with an error naming the line and column. */
        ERROR,
        /** Numeric: the training mean; categorical: the most frequent training category. */
        MEAN,
        /** Numeric: the training median; categorical: the most frequent training category. */
        MEDIAN,
        /** Numeric: 0; categorical: all zeros (no category). */
        ZERO;

        /** Parses mean, median, zero or error. */
        public static Impute parse(String s) {
            return switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "error" -> ERROR;
                case "mean" -> MEAN;
                case "median" -> MEDIAN;
                case "zero" -> ZERO;
                default -> throw new IllegalArgumentException("impute: '" + Excerpt.of(s)
                        + "' is not one of mean, median, zero, error");
            };
        }
    }

    /** One raw column: its name and, for a categorical column, its categories in encoding order (else null). */
    public record Column(String name, List<String> categories) {
        public Column {
            Objects.requireNonNull(name, "name");
            categories = categories == null ? null : List.copyOf(categories);
        }

        public boolean categorical() {
            return categories != null;
        }

        /** How many features the column becomes. */
        public int width() {
            return categories == null ? 1 : categories.size();
        }
    }

    /** What encoding one cell found. */
    enum Cell { OK, MISSING, UNSEEN, NOT_A_NUMBER, NOT_FINITE }

    private final List<Column> columns;
    private final Impute impute;
    private final float[] fill; // one value per feature; null until fitted (never needed for ERROR)
    private final List<String> featureNames;
    private final int[] offsets;
    private final List<Map<String, Integer>> lookup;

    private Preprocessor(List<Column> columns, Impute impute, float[] fill) {
        this.columns = List.copyOf(columns);
        this.impute = Objects.requireNonNull(impute, "impute");
        this.offsets = new int[columns.size() + 1];
        List<String> names = new ArrayList<>();
        List<Map<String, Integer>> maps = new ArrayList<>();
        for (int k = 0; k < columns.size(); k++) {
            Column c = columns.get(k);
            offsets[k + 1] = offsets[k] + c.width();
            Map<String, Integer> m = null;
            if (c.categorical()) {
                m = new HashMap<>();
                for (String cat : c.categories()) {
                    names.add(c.name() + "=" + cat);
                    if (m.put(cat, m.size()) != null) {
                        throw new IllegalArgumentException("preprocessor: column '" + Excerpt.of(c.name())
                                + "' lists category '" + Excerpt.of(cat) + "' twice");
                    }
                }
            } else {
                names.add(c.name());
            }
            maps.add(m);
        }
        if (fill != null && fill.length != offsets[columns.size()]) {
            throw new IllegalArgumentException("preprocessor: " + fill.length + " fill values for "
                    + offsets[columns.size()] + " features");
        }
        this.fill = fill == null ? null : fill.clone();
        this.featureNames = List.copyOf(names);
        this.lookup = Collections.unmodifiableList(maps);
    }

    /** Columns to encode with a rule; fit it on the training rows before {@link #apply}. */
    public static Preprocessor of(List<Column> columns, Impute impute) {
        return new Preprocessor(columns, impute, null);
    }

    /** All columns numeric and missing cells refused: what a model without preprocessing does. */
    public static Preprocessor numeric(List<String> names) {
        List<Column> cols = new ArrayList<>(names.size());
        for (String n : names) {
            cols.add(new Column(n, null));
        }
        return new Preprocessor(cols, Impute.ERROR, null);
    }

    /** The missing-value markers, compared without case after trimming: the empty cell, NA, N/A, NaN, null, None and ?. */
    public static boolean isMissing(String cell) {
        String s = cell.strip();
        return switch (s.length()) {
            case 0 -> true;
            case 1 -> s.equals("?");
            case 2 -> s.equalsIgnoreCase("NA");
            case 3 -> s.equalsIgnoreCase("NaN") || s.equalsIgnoreCase("N/A");
            case 4 -> s.equalsIgnoreCase("null") || s.equalsIgnoreCase("None");
            default -> false;
        };
    }

    public List<Column> columns() {
        return columns;
    }

    /** The raw column names a file must supply, in order. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** The encoded feature names: {@code x} for a numeric column, {@code color=red} for each category. */
    public List<String> featureNames() {
        return featureNames;
    }

    public Impute impute() {
        return impute;
    }

    /** Whether this changes nothing: every column numeric and missing cells refused. */
    public boolean isIdentity() {
        return impute == Impute.ERROR && columns.stream().noneMatch(Column::categorical);
    }

    public boolean hasCategorical() {
        return columns.stream().anyMatch(Column::categorical);
    }

    /** Whether {@link #apply} may be called. */
    public boolean isFitted() {
        return impute == Impute.ERROR || fill != null;
    }

    /** The fill value of every feature (a copy), or null before fitting. */
    public float[] fill() {
        return fill == null ? null : fill.clone();
    }

    /**
     * Fitted on encoded training features {@code [N, F]} with NaN where cells
     * were missing: the mean or median of each numeric feature's present
     * values (0 when none is present), and for a categorical column the
     * one-hot row of its most frequent category (the first in order on a tie).
     */
    public Preprocessor fit(Tensor encoded) {
        if (impute == Impute.ERROR) {
            return this;
        }
        checkWidth(encoded, "fit");
        int n = encoded.dim(0);
        int f = encoded.dim(1);
        float[] x = encoded.contiguous().buffer();
        float[] out = new float[f];
        for (int k = 0; k < columns.size(); k++) {
            int at = offsets[k];
            Column c = columns.get(k);
            if (c.categorical()) {
                if (impute == Impute.ZERO) {
                    continue;
                }
                int best = -1;
                double bestCount = 0;
                for (int j = 0; j < c.width(); j++) {
                    double count = 0;
                    for (int i = 0; i < n; i++) {
                        float v = x[i * f + at + j];
                        count += Float.isNaN(v) ? 0 : v;
                    }
                    if (count > bestCount) {
                        best = j;
                        bestCount = count;
                    }
                }
                if (best >= 0) {
                    out[at + best] = 1f;
                }
            } else if (impute != Impute.ZERO) {
                double[] present = new double[n];
                int m = 0;
                for (int i = 0; i < n; i++) {
                    float v = x[i * f + at];
                    if (!Float.isNaN(v)) {
                        present[m++] = v;
                    }
                }
                out[at] = m == 0 ? 0f : (float) (impute == Impute.MEAN ? mean(present, m) : median(present, m));
            }
        }
        return new Preprocessor(columns, impute, out);
    }

    /** {@link #fit(Tensor)} on a dataset's features. */
    public Preprocessor fit(Dataset train) {
        // nothing to fit: a row view's features stay unread (see Dataset.rows)
        return impute == Impute.ERROR ? this : fit(train.features());
    }

    /** The features with every NaN (a missing cell) replaced by its fill value; unchanged when there is none. */
    public Tensor apply(Tensor encoded) {
        if (impute == Impute.ERROR) {
            return encoded;
        }
        if (fill == null) {
            throw new IllegalStateException("preprocessor: not fitted; call fit(train) first");
        }
        checkWidth(encoded, "apply");
        float[] x = encoded.contiguous().buffer();
        int f = fill.length;
        float[] out = null;
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(x[i])) {
                if (out == null) {
                    out = x.clone();
                }
                out[i] = fill[i % f];
            }
        }
        return out == null ? encoded : Tensor.wrap(out, Shape.of(encoded.dim(0), f));
    }

    /** The dataset with its missing features filled. */
    public Dataset apply(Dataset data) {
        if (impute == Impute.ERROR) {
            return data; // nothing to fill, and a row view's features stay unread
        }
        Tensor x = apply(data.features());
        return x == data.features() ? data : data.withFeatures(x, data.featureNames());
    }

    /**
     * One row of raw cells (one per column, in {@link #columnNames()} order)
     * encoded and filled: what a Java caller passes to {@code Model.predict}.
     */
    public float[] encode(List<String> cells) {
        if (cells.size() != columns.size()) {
            throw new IllegalArgumentException("preprocessor: " + cells.size() + " cells, expected "
                    + columns.size() + " (" + Excerpt.columns(columnNames()) + ")");
        }
        float[] out = new float[featureNames.size()];
        NumberCell number = new NumberCell();
        for (int k = 0; k < cells.size(); k++) {
            Cell r = encode(k, cells.get(k), number, out, offsets[k]);
            if (r == Cell.NOT_A_NUMBER || r == Cell.NOT_FINITE) {
                throw new IllegalArgumentException("preprocessor: column '" + Excerpt.of(columns.get(k).name())
                        + "': \"" + Excerpt.of(cells.get(k).strip()) + "\" is not a finite number");
            }
            if (r == Cell.MISSING && impute == Impute.ERROR) {
                throw new IllegalArgumentException("preprocessor: column '" + Excerpt.of(columns.get(k).name())
                        + "' is missing, and missing values are refused (impute: error)");
            }
        }
        return apply(Tensor.wrap(out, Shape.of(1, out.length))).toArray();
    }

    /** Encodes cell {@code k} into {@code out[at..]}: NaN when missing, zeros for an unseen category. */
    Cell encode(int k, String cell, NumberCell number, float[] out, int at) {
        Column c = columns.get(k);
        int width = c.width();
        if (isMissing(cell)) {
            Arrays.fill(out, at, at + width, Float.NaN);
            return Cell.MISSING;
        }
        if (c.categorical()) {
            Arrays.fill(out, at, at + width, 0f);
            Integer i = lookup.get(k).get(cell.strip());
            if (i == null) {
                return Cell.UNSEEN;
            }
            out[at + i] = 1f;
            return Cell.OK;
        }
        if (!number.parse(cell)) {
            return Cell.NOT_A_NUMBER;
        }
        if (!Double.isFinite(number.value) || !Float.isFinite((float) number.value)) {
            return Cell.NOT_FINITE;
        }
        out[at] = (float) number.value;
        return Cell.OK;
    }

    /** The first feature of column {@code k}. */
    int offset(int k) {
        return offsets[k];
    }

    /** The model-file spec entry: the rule and the columns (categories for categorical ones). */
    public Map<String, Object> spec() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("impute", impute.name().toLowerCase(Locale.ROOT));
        List<Object> cols = new ArrayList<>();
        for (Column c : columns) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", c.name());
            if (c.categorical()) {
                e.put("categories", new ArrayList<Object>(c.categories()));
            }
            cols.add(e);
        }
        m.put("columns", cols);
        return m;
    }

    /** Rebuilds a preprocessor from {@link #spec()} and its fill values (null for {@code impute: error}). */
    public static Preprocessor restore(Map<?, ?> spec, Tensor fill) {
        if (!(spec.get("impute") instanceof String rule) || !(spec.get("columns") instanceof List<?> list)) {
            throw new IllegalArgumentException("preprocessor: needs 'impute' (a string) and 'columns' (a list)");
        }
        Impute impute = Impute.parse(rule);
        List<Column> cols = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> e) || !(e.get("name") instanceof String name)) {
                throw new IllegalArgumentException("preprocessor: a column entry has no name");
            }
            List<String> cats = null;
            if (e.get("categories") instanceof List<?> cl) {
                cats = new ArrayList<>();
                for (Object v : cl) {
                    if (!(v instanceof String s)) {
                        throw new IllegalArgumentException("preprocessor: categories must be strings");
                    }
                    cats.add(s);
                }
                if (cats.isEmpty() || cats.size() > MAX_CATEGORIES) {
                    throw new IllegalArgumentException("preprocessor: column '" + Excerpt.of(name) + "' has "
                            + cats.size() + " categories (1 to " + MAX_CATEGORIES + " allowed)");
                }
            } else if (e.containsKey("categories")) {
                throw new IllegalArgumentException("preprocessor: 'categories' must be a list");
            }
            if (cols.stream().anyMatch(c -> c.name().equals(name))) {
                throw new IllegalArgumentException("preprocessor: column '" + Excerpt.of(name) + "' is listed twice");
            }
            cols.add(new Column(name, cats));
        }
        if ((impute == Impute.ERROR) != (fill == null)) {
            throw new IllegalArgumentException("preprocessor: impute " + rule + (fill == null
                    ? " needs the tensor 'preprocessor.fill'" : " has no fill values, but the file holds some"));
        }
        if (fill != null && (fill.rank() != 1 || fill.hasNonFinite())) {
            throw new IllegalArgumentException("preprocessor: 'preprocessor.fill' must be a finite vector, got "
                    + fill.shape());
        }
        return new Preprocessor(cols, impute, fill == null ? null : fill.toArray());
    }

    private void checkWidth(Tensor x, String op) {
        if (x.rank() != 2 || x.dim(1) != featureNames.size()) {
            throw new IllegalArgumentException("preprocessor." + op + ": expected features [N, "
                    + featureNames.size() + "], got " + x.shape());
        }
    }

    private static double mean(double[] v, int m) {
        double s = 0;
        for (int i = 0; i < m; i++) {
            s += v[i];
        }
        return s / m;
    }

    private static double median(double[] v, int m) {
        double[] s = Arrays.copyOf(v, m);
        Arrays.sort(s);
        return m % 2 == 1 ? s[m / 2] : (s[m / 2 - 1] + s[m / 2]) / 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessor p && columns.equals(p.columns) && impute == p.impute
                && Arrays.equals(fill, p.fill);
    }

    @Override
    public int hashCode() {
        return columns.hashCode() * 31 + impute.hashCode();
    }

    @Override
    public String toString() {
        long cat = columns.stream().filter(Column::categorical).count();
        return "Preprocessor[" + columns.size() + " columns (" + cat + " categorical) -> " + featureNames.size()
                + " features, impute " + impute.name().toLowerCase(Locale.ROOT) + "]";
    }
}
