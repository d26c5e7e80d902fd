package dev.dendrite.train.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts of (actual class, predicted class) pairs: row = actual, column =
 * predicted. From it come accuracy and, per class {@code c}, precision
 * {@code TP / (TP + FP)} (column {@code c}), recall {@code TP / (TP + FN)}
 * (row {@code c}) and F1 {@code 2PR / (P + R)}. A ratio with a zero
 * denominator (a class never predicted, never present, or with P = R = 0) is
 * defined as 0, as scikit-learn does with {@code zero_division=0}: a
 * class the model never gets right scores 0 rather than NaN, which keeps
 * macro averages finite. Macro averages are unweighted means over all classes.
 */
public final class ConfusionMatrix {
    private final int[][] counts;
    private final List<String> classNames;
    private final int total;

    private ConfusionMatrix(int[][] counts, List<String> classNames) {
        this.counts = counts;
        this.classNames = List.copyOf(classNames);
        int t = 0;
        for (int[] row : counts) {
            for (int v : row) {
                t += v;
            }
        }
        this.total = t;
    }

    /** The matrix of labels against predictions, both in {@code 0..classNames.size()-1}. */
    public static ConfusionMatrix of(int[] actual, int[] predicted, List<String> classNames) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + actual.length + " labels but "
                    + predicted.length + " predictions");
        }
        int c = classNames.size();
        int[][] counts = new int[c][c];
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= c || predicted[i] < 0 || predicted[i] >= c) {
                throw new IllegalArgumentException("ConfusionMatrix: row " + i + " has label " + actual[i]
                        + " and prediction " + predicted[i] + ", expected both in 0.." + (c - 1));
            }
            counts[actual[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(counts, classNames);
    }

    /** The same with classes named "0".."classes-1". */
    public static ConfusionMatrix of(int[] actual, int[] predicted, int classes) {
        List<String> names = new ArrayList<>(classes);
        for (int i = 0; i < classes; i++) {
            names.add(Integer.toString(i));
        }
        return of(actual, predicted, names);
    }

    public int classCount() {
        return counts.length;
    }

    public List<String> classNames() {
        return classNames;
    }

    /** How many examples of class {@code actual} were predicted as {@code predicted}. */
    public int count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** A copy of the counts, {@code [actual][predicted]}. */
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** The number of examples. */
    public int total() {
        return total;
    }

    /** Examples whose actual class is {@code c} (row sum). */
    public int support(int c) {
        int s = 0;
        for (int v : counts[c]) {
            s += v;
        }
        return s;
    }

    /** Examples predicted as {@code c} (column sum). */
    public int predictedCount(int c) {
        int s = 0;
        for (int[] row : counts) {
            s += row[c];
        }
        return s;
    }

    /** The share of correct predictions; 0 for no examples. */
    public double accuracy() {
        int correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return ratio(correct, total);
    }

    public double precision(int c) {
        return ratio(counts[c][c], predictedCount(c));
    }

    public double recall(int c) {
        return ratio(counts[c][c], support(c));
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroPrecision() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += precision(c);
        }
        return ratio(s, counts.length);
    }

    public double macroRecall() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += recall(c);
        }
        return ratio(s, counts.length);
    }

    public double macroF1() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += f1(c);
        }
        return ratio(s, counts.length);
    }

    /** The matrix as an aligned table: actual classes down, predicted across. */
    public String format() {
        TextTable t = new TextTable();
        String[] head = new String[counts.length + 1];
        head[0] = "actual \\ predicted";
        for (int c = 0; c < counts.length; c++) {
            head[c + 1] = classNames.get(c);
        }
        t.row(head);
        for (int a = 0; a < counts.length; a++) {
            String[] row = new String[counts.length + 1];
            row[0] = classNames.get(a);
            for (int p = 0; p < counts.length; p++) {
                row[p + 1] = Integer.toString(counts[a][p]);
            }
            t.row(row);
        }
        return t.format();
    }

    static double ratio(double numerator, double denominator) {
        return denominator == 0 ? 0 : numerator / denominator;
    }

    @Override
    public String toString() {
        return format();
    }
}
