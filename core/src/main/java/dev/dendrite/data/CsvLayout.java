package dev.dendrite.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Which columns of a CSV file are the label and the features, and whether the
 * first row is a header: everything decided from the first row and the
 * options before any data is parsed.
 *
 * @param label the label column, or -1 when there is none (prediction input)
 */
record CsvLayout(boolean header, List<String> names, int label, int[] features) {

    /** The layout for training data: a label column is required. */
    static CsvLayout forTraining(List<String> first, CsvOptions o, String source) {
        int columns = first.size();
        boolean header = switch (o.header()) {
            case PRESENT -> true;
            case ABSENT -> false;
            // a label or feature named by text can only be matched against a header
            case AUTO -> o.labelName() != null || namesColumns(o.featureColumns())
                    || hasText(first, candidateFeatures(columns, labelIndex(o.labelIndex(), columns, source), o));
        };
        List<String> names = names(first, header);
        int label;
        if (o.labelName() != null) {
            if (!header) {
                throw new DataException(source + ": label column \"" + Excerpt.of(o.labelName())
                        + "\" is named, but the file has no header");
            }
            label = find(names, o.labelName(), source, "label column");
        } else {
            label = labelIndex(o.labelIndex(), columns, source);
        }
        int[] features = features(o.featureColumns(), names, header, label, source);
        return new CsvLayout(header, names, label, features);
    }

    /**
     * The layout for prediction input: every column is a feature, except a label
     * column that is present by name, or (when the expected feature count is known
     * and the file has exactly one column more) the column at the label index.
     */
    static CsvLayout forPrediction(List<String> first, CsvOptions o, int expected, String source) {
        int columns = first.size();
        boolean namedLabelHere = o.labelName() != null && first.stream().anyMatch(c -> c.strip().equals(o.labelName()));
        int label = -1;
        if (!namedLabelHere && o.featureColumns() == null && expected > 0 && columns == expected + 1) {
            label = labelIndex(o.labelIndex(), columns, source);
        }
        boolean header = switch (o.header()) {
            case PRESENT -> true;
            case ABSENT -> false;
            case AUTO -> namedLabelHere || namesColumns(o.featureColumns())
                    || hasText(first, candidateFeatures(columns, label, o));
        };
        List<String> names = names(first, header);
        if (namedLabelHere && header) {
            label = find(names, o.labelName(), source, "label column");
        }
        int[] features = features(o.featureColumns(), names, header, label, source);
        if (expected > 0 && features.length != expected) {
            throw new DataException(source + " line 1: " + features.length + " feature columns, expected " + expected);
        }
        return new CsvLayout(header, names, label, features);
    }

    private static boolean namesColumns(List<String> columns) {
        return columns != null && columns.stream().anyMatch(c -> parseIndex(c) == null);
    }

    private static int[] candidateFeatures(int columns, int label, CsvOptions o) {
        if (o.featureColumns() != null) {
            return o.featureColumns().stream().mapToInt(c -> {
                int i = parseIndex(c);
                return i < 0 ? i + columns : i;
            }).filter(i -> i >= 0 && i < columns).toArray();
        }
        return allBut(columns, label);
    }

    static boolean hasText(List<String> row, int[] columns) {
        NumberCell number = new NumberCell();
        for (int c : columns) {
            if (!number.parse(row.get(c))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> names(List<String> first, boolean header) {
        List<String> names = new ArrayList<>(first.size());
        for (int i = 0; i < first.size(); i++) {
            names.add(header ? first.get(i).strip() : "col" + (i + 1));
        }
        return names;
    }

    static int labelIndex(int index, int columns, String source) {
        int i = index < 0 ? index + columns : index;
        if (i < 0 || i >= columns) {
            throw new DataException(source + " line 1: label column index " + index + " is out of range for "
                    + columns + " columns");
        }
        return i;
    }

    private static int find(List<String> names, String name, String source, String what) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new DataException(source + " line 1: no " + what + " named \"" + Excerpt.of(name) + "\" (columns: "
                    + Excerpt.columns(names) + ")");
        }
        return i;
    }

    private static int[] features(List<String> selection, List<String> names, boolean header, int label,
                                  String source) {
        int columns = names.size();
        int[] out;
        if (selection == null) {
            out = allBut(columns, label);
        } else {
            out = new int[selection.size()];
            for (int k = 0; k < out.length; k++) {
                String s = selection.get(k);
                Integer index = parseIndex(s);
                if (index == null) {
                    if (!header) {
                        throw new DataException(source + ": feature column \"" + Excerpt.of(s) + "\" is named, but the file has no header");
                    }
                    out[k] = find(names, s, source, "feature column");
                } else {
                    int i = index < 0 ? index + columns : index;
                    if (i < 0 || i >= columns) {
                        throw new DataException(source + " line 1: feature column index " + index
                                + " is out of range for " + columns + " columns");
                    }
                    out[k] = i;
                }
                if (out[k] == label) {
                    throw new DataException(source + ": column \"" + Excerpt.of(names.get(label)) + "\" is both the label and a feature");
                }
            }
        }
        if (out.length == 0) {
            throw new DataException(source + " line 1: no feature columns (" + columns + " column"
                    + (columns == 1 ? "" : "s") + (label >= 0 ? ", one of them the label)" : ")"));
        }
        return out;
    }

    static int[] allBut(int columns, int skip) {
        int[] out = new int[skip >= 0 && skip < columns ? columns - 1 : columns];
        for (int i = 0, k = 0; i < columns; i++) {
            if (i != skip) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** The integer in {@code s}, or {@code null} when it is a name. */
    private static Integer parseIndex(String s) {
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
