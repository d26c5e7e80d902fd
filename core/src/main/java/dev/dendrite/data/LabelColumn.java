package dev.dendrite.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Collects the label cells of a file as it streams past, keeping just enough
 * to decide the task at the end: the numeric values (while every label is a
 * number), class codes in first-appearance order (while there are few enough
 * distinct strings) and the distinct integer values (while every label is an
 * integer). Each of these stops growing once it can no longer be used, so a
 * regression file with a million distinct targets costs one double per row.
 */
final class LabelColumn {
    /** Above this many distinct labels a file cannot be read as classes. */
    static final int MAX_CLASSES = 1 << 16;

    private final String source;
    private final NumberCell number = new NumberCell();
    private double[] values = new double[256];
    private int size;
    private boolean allNumeric = true;
    private boolean allIntegers = true;
    private String firstText; // where the first non-numeric label was, for messages
    private String firstFraction;
    private String firstOverflow; // the first label that is finite as a double but not as a float32
    private Map<String, Integer> codes = new LinkedHashMap<>();
    private GrowableInts codeList = new GrowableInts();
    private TreeSet<Long> integers = new TreeSet<>();

    LabelColumn(String source) {
        this.source = source;
    }

    /** The outcome: the task, why, and either labels with class names or targets. */
    record Resolved(Task task, String reason, int[] labels, List<String> classNames, float[] targets) {
    }

    void add(String raw, int line, int column) {
        String cell = raw.strip();
        if (cell.isEmpty()) {
            // an empty label would silently become a class named "" (or stop a regression far from here)
            throw new DataException(source + " line " + line + " column " + column
                    + ": the label is empty; every row needs one (drop the row or fill it in)");
        }
        if (allNumeric) {
            if (number.parse(cell)) {
                double v = number.value;
                if (!Double.isFinite(v)) {
                    throw new DataException(source + " line " + line + " column " + column + ": label " + Excerpt.of(cell)
                            + " is not a finite number");
                }
                if (size == values.length) {
                    values = Arrays.copyOf(values, size * 2);
                }
                values[size] = v;
                if (firstOverflow == null && !Float.isFinite((float) v)) {
                    firstOverflow = "line " + line + " column " + column + ": label " + Excerpt.of(cell);
                }
                if (allIntegers && (v != Math.rint(v) || Math.abs(v) > 1e15)) {
                    allIntegers = false;
                    integers = null;
                    firstFraction = "line " + line + ": " + Excerpt.of(cell);
                } else if (integers != null) {
                    integers.add((long) v);
                    if (integers.size() > MAX_CLASSES) {
                        integers = null;
                    }
                }
            } else {
                allNumeric = false;
                allIntegers = false;
                values = null;
                integers = null;
                firstText = "line " + line + " column " + column + ": \"" + Excerpt.of(cell) + "\"";
            }
        }
        size++;
        if (codes != null) {
            Integer code = codes.get(cell);
            if (code == null) {
                code = codes.size();
                codes.put(cell, code);
                if (codes.size() > MAX_CLASSES) {
                    codes = null;
                    codeList = null;
                    return;
                }
            }
            codeList.add(code);
        }
    }

    int size() {
        return size;
    }

    Resolved resolve(Task requested) {
        return switch (requested) {
            case CLASSIFICATION -> classes(Task.CLASSIFICATION, "task given as classification");
            case REGRESSION -> regression("task given as regression");
            case AUTO -> infer();
        };
    }

    private Resolved infer() {
        if (!allNumeric) {
            return classes(Task.AUTO, "labels are not all numbers (" + firstText + ")");
        }
        if (!allIntegers) {
            return regression("labels include non-integer numbers (" + firstFraction + ")");
        }
        int distinct = integers == null ? Integer.MAX_VALUE : integers.size();
        if (distinct <= CsvOptions.MAX_AUTO_CLASSES) {
            return classes(Task.AUTO, "labels are " + distinct + " distinct integers (at most "
                    + CsvOptions.MAX_AUTO_CLASSES + ")");
        }
        return regression("labels are integers with " + (integers == null ? "more than " + MAX_CLASSES : distinct)
                + " distinct values (more than " + CsvOptions.MAX_AUTO_CLASSES + ")");
    }

    private Resolved classes(Task requested, String why) {
        String reason = requested == Task.AUTO ? why + ", so classification" : why;
        if (allIntegers && integers != null) {
            // integer labels: classes in numeric order, so "2" is class 2 when labels are 0..9
            long[] sorted = integers.stream().mapToLong(Long::longValue).toArray();
            List<String> names = new ArrayList<>(sorted.length);
            for (long v : sorted) {
                names.add(Long.toString(v));
            }
            int[] labels = new int[size];
            for (int i = 0; i < size; i++) {
                labels[i] = Arrays.binarySearch(sorted, (long) values[i]);
            }
            return new Resolved(Task.CLASSIFICATION, reason + " with " + names.size() + " classes", labels,
                    names, null);
        }
        if (codes == null) {
            throw new DataException(source + ": more than " + MAX_CLASSES
                    + " distinct labels; too many classes (is this a regression target?)");
        }
        return new Resolved(Task.CLASSIFICATION, reason + " with " + codes.size() + " classes", codeList.toArray(),
                new ArrayList<>(codes.keySet()), null);
    }

    private Resolved regression(String reason) {
        if (!allNumeric) {
            throw new DataException(source + " " + firstText + " is not a number, expected a numeric regression target");
        }
        if (firstOverflow != null) {
            // targets are float32: a label such as 1e39 would become infinity and poison training
            throw new DataException(source + " " + firstOverflow
                    + " is not a finite float32 number; regression targets must be finite");
        }
        float[] targets = new float[size];
        for (int i = 0; i < size; i++) {
            targets[i] = (float) values[i];
        }
        String why = reason.startsWith("task given") ? reason : reason + ", so regression";
        return new Resolved(Task.REGRESSION, why, null, null, targets);
    }
}
