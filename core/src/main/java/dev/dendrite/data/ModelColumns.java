package dev.dendrite.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lays out a file that is read for a trained model, whose feature names are
 * known: a file with a header gives each feature by name wherever its column
 * stands (extra columns are ignored and reported); a file without one is taken
 * in order, and only when its column count is exactly the features (plus the
 * label). Swapped, renamed or missing columns are thereby errors and never
 * wrong numbers. Models whose names were made up at training ({@code col1..},
 * {@code pixel0..}) have no names to match, so their files go by position.
 */
final class ModelColumns {
    /** Quoted user text is cut to this many characters. */
    private static final int CUT = 60;
    /** Longer name lists are shown as "N columns (first ... last)". */
    private static final int LIST = 8;

    private ModelColumns() {
    }

    record Matched(CsvLayout layout, ColumnMatch match) {
    }

    /**
     * @param first    the cells of the file's first row
     * @param expected the model's feature names, in the model's order
     * @param labelled whether the file must have a label column (evaluation) or may have one (prediction)
     */
    static Matched match(List<String> first, CsvOptions o, List<String> expected, boolean labelled, String source) {
        int columns = first.size();
        int f = expected.size();
        List<String> cells = new ArrayList<>(columns);
        first.forEach(c -> cells.add(c.strip()));
        boolean namedLabelHere = o.labelName() != null && cells.contains(o.labelName());
        int positionalLabel = -1;
        // a label by index: always in a labelled file, and in prediction input only when there is a column to spare
        if (labelled ? o.labelName() == null : columns == f + 1) {
            positionalLabel = CsvLayout.labelIndex(o.labelIndex(), columns, source);
        }
        boolean header = switch (o.header()) {
            case PRESENT -> true;
            case ABSENT -> false;
            // a header of numbers ("1,2,3") is still a header when it names every feature
            case AUTO -> cells.containsAll(expected) || namedLabelHere || (labelled && o.labelName() != null)
                    || CsvLayout.hasText(first, CsvLayout.allBut(columns, positionalLabel));
        };
        return header ? byName(cells, o, expected, labelled, source)
                : inOrder(columns, o, expected, labelled, positionalLabel, source);
    }

    private static Matched byName(List<String> names, CsvOptions o, List<String> expected, boolean labelled,
                                  String source) {
        int label = -1;
        if (o.labelName() != null) {
            label = names.indexOf(o.labelName());
            if (label < 0 && labelled) {
                throw new DataException(source + " line 1: no label column named \"" + cut(o.labelName())
                        + "\" (columns: " + list(names) + ")");
            }
        } else if (labelled) {
            label = CsvLayout.labelIndex(o.labelIndex(), names.size(), source);
        }
        int[] features = new int[expected.size()];
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < features.length; k++) {
            String name = expected.get(k);
            features[k] = names.indexOf(name);
            if (features[k] < 0) {
                missing.add(name);
            } else if (names.lastIndexOf(name) != features[k]) {
                throw new DataException(source + " line 1: column \"" + cut(name) + "\" appears "
                        + "more than once in the header; the model needs exactly one");
            } else if (features[k] == label) {
                throw new DataException(source + " line 1: column \"" + cut(name)
                        + "\" is the label, but the model uses it as a feature");
            }
        }
        int width = names.size() - (label >= 0 ? 1 : 0);
        if (!missing.isEmpty()) {
            if (madeUp(expected) && width == expected.size()) {
                int[] inOrder = CsvLayout.allBut(names.size(), label);
                String note = "the model's feature names were made up at training (" + list(expected)
                        + "), so " + source + "'s columns " + list(pick(names, inOrder)) + " are taken in order";
                return new Matched(new CsvLayout(true, rename(names, inOrder, expected), label, inOrder),
                        new ColumnMatch(false, List.of(), note));
            }
            throw new DataException(source + " line 1: " + missing(missing) + " (the model's features: "
                    + list(expected) + "; columns here: " + list(names) + ")");
        }
        Set<Integer> used = new HashSet<>();
        Arrays.stream(features).forEach(used::add);
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (i != label && !used.contains(i) && !o.moreLabels().contains(names.get(i))) {
                ignored.add(names.get(i));
            }
        }
        String note = ignored.isEmpty() ? "" : source + ": ignoring " + ignored.size() + " column"
                + (ignored.size() == 1 ? "" : "s") + " the model does not use: " + list(ignored);
        return new Matched(new CsvLayout(true, names, label, features), new ColumnMatch(true, ignored, note));
    }

    private static Matched inOrder(int columns, CsvOptions o, List<String> expected, boolean labelled,
                                   int positionalLabel, String source) {
        if (labelled && o.labelName() != null) {
            throw new DataException(source + ": label column \"" + cut(o.labelName())
                    + "\" is named, but the file has no header");
        }
        int f = expected.size();
        int label = columns == f + 1 ? positionalLabel : -1;
        boolean fits = labelled ? columns == f + 1 : columns == f || columns == f + 1;
        if (!fits) {
            throw new DataException(source + " line 1: no header and " + columns + " column"
                    + (columns == 1 ? "" : "s") + ", but the model needs " + f + " feature" + (f == 1 ? "" : "s")
                    + " (" + list(expected) + ")" + (labelled ? " and the label" : "")
                    + "; add a header row that names the columns");
        }
        int[] features = CsvLayout.allBut(columns, label);
        List<String> names = new ArrayList<>(columns);
        for (int i = 0; i < columns; i++) {
            names.add("col" + (i + 1));
        }
        String note = source + " has no header: its " + columns + " columns are taken in order as the model's "
                + f + " feature" + (f == 1 ? "" : "s") + " (" + list(expected) + ")"
                + (label >= 0 ? " and the label (column " + (label + 1) + ")" : "");
        return new Matched(new CsvLayout(false, rename(names, features, expected), label, features),
                new ColumnMatch(false, List.of(), note));
    }

    /** Names that training invented because the data had none: col1..colF (CSV) or pixel0..pixelF-1 (images). */
    static boolean madeUp(List<String> names) {
        List<String> cols = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            cols.add("col" + (i + 1));
        }
        return names.equals(cols) || names.equals(Dataset.numberedNames("pixel", names.size()));
    }

    /** {@code names} with the feature positions carrying the model's names, so the dataset matches the model. */
    private static List<String> rename(List<String> names, int[] features, List<String> expected) {
        List<String> out = new ArrayList<>(names);
        for (int k = 0; k < features.length; k++) {
            out.set(features[k], expected.get(k));
        }
        return out;
    }

    private static List<String> pick(List<String> names, int[] at) {
        List<String> out = new ArrayList<>(at.length);
        for (int i : at) {
            out.add(names.get(i));
        }
        return out;
    }

    private static String missing(List<String> missing) {
        if (missing.size() == 1) {
            return "no column named \"" + cut(missing.get(0)) + "\"";
        }
        StringBuilder sb = new StringBuilder("no columns named ");
        int shown = Math.min(3, missing.size());
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(cut(missing.get(i))).append('"');
        }
        return sb.append(missing.size() > shown ? " and " + (missing.size() - shown) + " more" : "").toString();
    }

    static String cut(String s) {
        return s.length() <= CUT ? s : s.substring(0, Character.isHighSurrogate(s.charAt(CUT - 1)) ? CUT - 1 : CUT)
                + "...";
    }

    /** Few names joined with ", "; many as "N columns (first ... last)". */
    static String list(List<String> names) {
        if (names.size() > LIST) {
            return names.size() + " columns (" + cut(names.get(0)) + " ... " + cut(names.get(names.size() - 1)) + ")";
        }
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append(sb.length() == 0 ? "" : ", ").append(cut(n));
        }
        return sb.toString();
    }
}
