package dev.dendrite.data;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns, while a training file streams past, which feature columns are
 * numbers and which are categories. A column is categorical when named in
 * {@link CsvOptions#categorical()} or when its first present cell is text,
 * numeric when that cell is a number; a later cell of the other kind is an
 * error, since a stray word in a column of numbers is far more often a typo
 * than a category. Each row is stored as one float per column (the value, or
 * the category's code in order of appearance, or NaN for a missing cell), so
 * memory is what a purely numeric file costs; {@link #finish} then one-hot
 * encodes the categorical columns with their categories sorted.
 */
final class TableColumns {
    private static final byte UNDECIDED = 0;
    private static final byte NUMERIC = 1;
    private static final byte TEXT = 2;
    private static final byte FORCED = 3;

    private final String source;
    private final List<String> names;
    private final int[] fileColumns;
    private final boolean allowMissing;
    private final byte[] state;
    private final List<Map<String, Integer>> codes = new ArrayList<>();
    private final List<List<String>> categories = new ArrayList<>();
    private final String[] firstSeen;
    private final NumberCell number = new NumberCell();
    private long missing;

    /**
     * @param names       the raw names of the feature columns, in dataset order
     * @param fileColumns their 0-based positions in the file
     */
    TableColumns(String source, List<String> names, int[] fileColumns, CsvOptions o) {
        this.source = source;
        this.names = List.copyOf(names);
        this.fileColumns = fileColumns.clone();
        this.allowMissing = o.impute() != Preprocessor.Impute.ERROR;
        this.state = new byte[names.size()];
        this.firstSeen = new String[names.size()];
        for (int k = 0; k < names.size(); k++) {
            codes.add(new HashMap<>());
            categories.add(new ArrayList<>());
        }
        for (String c : o.categorical()) {
            int k = this.names.indexOf(c.strip());
            if (k < 0) {
                throw new DataException(source + ": --categorical names \"" + Excerpt.of(c.strip())
                        + "\", which is not a feature column (features: " + Excerpt.columns(names) + ")");
            }
            state[k] = FORCED;
        }
    }

    /** Adds one data row's feature cells to {@code values}. */
    void add(List<String> cells, int line, GrowableFloats values) {
        for (int k = 0; k < fileColumns.length; k++) {
            String cell = cells.get(fileColumns[k]);
            if (Preprocessor.isMissing(cell)) {
                if (!allowMissing) {
                    throw new DataException(where(line, k) + ": missing value " + shown(cell)
                            + "; choose a rule for missing cells (--impute mean, median or zero)");
                }
                missing++;
                values.add(Float.NaN);
                continue;
            }
            byte s = state[k];
            if (s == FORCED) {
                values.add(code(k, cell.strip(), line));
                continue;
            }
            boolean isNumber = number.parse(cell);
            if (s == UNDECIDED) {
                s = isNumber ? NUMERIC : TEXT;
                state[k] = s;
                firstSeen[k] = "line " + line + ": " + (isNumber ? Excerpt.of(cell.strip())
                        : "\"" + Excerpt.of(cell.strip()) + "\"");
            }
            if (s == NUMERIC) {
                if (!isNumber) {
                    throw new DataException(where(line, k) + ": \"" + Excerpt.of(cell.strip())
                            + "\" is not a number, but column \"" + Excerpt.of(names.get(k)) + "\" holds numbers ("
                            + firstSeen[k] + "); fix the cell, or pass --categorical " + Excerpt.of(names.get(k)));
                }
                if (!Double.isFinite(number.value) || !Float.isFinite((float) number.value)) {
                    throw new DataException(where(line, k) + ": " + Excerpt.of(cell.strip())
                            + " is not a finite float32 number; features must be finite");
                }
                values.add((float) number.value);
            } else {
                if (isNumber) {
                    throw new DataException(where(line, k) + ": " + Excerpt.of(cell.strip())
                            + " is a number, but column \"" + Excerpt.of(names.get(k)) + "\" holds text ("
                            + firstSeen[k] + "); fix the cell, or pass --categorical " + Excerpt.of(names.get(k))
                            + " to read every cell as a category");
                }
                values.add(code(k, cell.strip(), line));
            }
        }
    }

    private float code(int k, String cell, int line) {
        Map<String, Integer> m = codes.get(k);
        Integer c = m.get(cell);
        if (c == null) {
            if (m.size() == Preprocessor.MAX_CATEGORIES) {
                throw new DataException(where(line, k) + ": column \"" + Excerpt.of(names.get(k)) + "\" has more than "
                        + Preprocessor.MAX_CATEGORIES + " distinct values, too many to one-hot encode (an identifier? "
                        + "leave it out with --features)");
            }
            c = m.size();
            m.put(cell, c);
            categories.get(k).add(cell);
        }
        return c;
    }

    /** Cells that were missing. */
    long missing() {
        return missing;
    }

    /** The encoded features {@code [rows, F']} and the (unfitted) preprocessor that describes them. */
    Encoded finish(GrowableFloats values, int rows, Preprocessor.Impute impute) {
        int raw = names.size();
        List<Preprocessor.Column> cols = new ArrayList<>(raw);
        int[][] rank = new int[raw][];
        for (int k = 0; k < raw; k++) {
            if (state[k] == TEXT || state[k] == FORCED) {
                List<String> seen = categories.get(k);
                List<String> sorted = new ArrayList<>(seen);
                sorted.sort(null);
                rank[k] = new int[seen.size()];
                for (int c = 0; c < seen.size(); c++) {
                    rank[k][c] = java.util.Collections.binarySearch(sorted, seen.get(c));
                }
                if (sorted.isEmpty()) { // forced, but every cell was missing
                    throw new DataException(source + ": categorical column \"" + Excerpt.of(names.get(k))
                            + "\" has no values, only missing cells");
                }
                cols.add(new Preprocessor.Column(names.get(k), sorted));
            } else {
                cols.add(new Preprocessor.Column(names.get(k), null));
            }
        }
        Preprocessor p = Preprocessor.of(cols, impute);
        float[] x = values.toArray();
        if (!p.hasCategorical()) {
            return new Encoded(Tensor.wrap(x, Shape.of(rows, raw)), p);
        }
        int width = p.featureNames().size();
        if ((long) rows * width > Integer.MAX_VALUE - 8) {
            throw new DataException(source + ": one-hot encoding gives " + rows + " rows x " + width + " features, "
                    + "more values than one array can hold (2^31 - 8); leave wide categorical columns out with --features");
        }
        float[] out = new float[rows * width];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < raw; k++) {
                float v = x[i * raw + k];
                int at = i * width + p.offset(k);
                if (rank[k] == null) {
                    out[at] = v;
                } else if (Float.isNaN(v)) {
                    java.util.Arrays.fill(out, at, at + rank[k].length, Float.NaN);
                } else {
                    out[at + rank[k][(int) v]] = 1f;
                }
            }
        }
        return new Encoded(Tensor.wrap(out, Shape.of(rows, width)), p);
    }

    record Encoded(Tensor features, Preprocessor preprocessor) {
    }

    private String where(int line, int k) {
        return source + " line " + line + " column " + (fileColumns[k] + 1);
    }

    static String shown(String cell) {
        return cell.strip().isEmpty() ? "(an empty cell)" : "\"" + Excerpt.of(cell.strip()) + "\"";
    }
}
