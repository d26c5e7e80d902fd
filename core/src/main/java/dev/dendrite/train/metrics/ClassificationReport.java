package dev.dendrite.train.metrics;

import dev.dendrite.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Precision, recall, F1 and support per class, their macro averages and the
 * accuracy, laid out as an aligned text table; when built from scores, also
 * top-5 accuracy (more than five classes) or ROC AUC (two classes). Values
 * follow {@link ConfusionMatrix}, including 0 for a zero denominator.
 * Example output:
 * <pre>
 * class      precision  recall  f1-score  support
 * cat           0.6667  1.0000    0.8000        2
 * dog           1.0000  0.5000    0.6667        2
 *
 * macro avg     0.8333  0.7500    0.7333        4
 * accuracy                        0.7500        4
 * </pre>
 *
 * @param matrix the confusion matrix the table is computed from
 * @param extras further named scores printed below the table, in order
 */
public record ClassificationReport(ConfusionMatrix matrix, Map<String, Double> extras) {
    public ClassificationReport {
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    public static ClassificationReport of(int[] actual, int[] predicted, List<String> classNames) {
        return new ClassificationReport(ConfusionMatrix.of(actual, predicted, classNames), Map.of());
    }

    /** A report on the argmax of {@code scores [N, C]}, with top-5 accuracy or ROC AUC where they apply. */
    public static ClassificationReport of(Tensor scores, int[] actual, List<String> classNames) {
        if (scores.rank() != 2 || scores.dim(1) != classNames.size()) {
            throw new IllegalArgumentException("ClassificationReport: expected scores [N, " + classNames.size()
                    + "], got " + scores.shape());
        }
        ConfusionMatrix m = ConfusionMatrix.of(actual, scores.argmaxRows(), classNames);
        Map<String, Double> extras = new LinkedHashMap<>();
        if (classNames.size() > 5) {
            extras.put("top-5 accuracy", ClassificationMetrics.topKAccuracy(scores, actual, 5));
        }
        if (classNames.size() == 2 && hasBothClasses(actual)) {
            extras.put("ROC AUC", ClassificationMetrics.rocAuc(scores, actual));
        }
        return new ClassificationReport(m, extras);
    }

    public double accuracy() {
        return matrix.accuracy();
    }

    public double macroF1() {
        return matrix.macroF1();
    }

    /** The table, one line per class, then macro averages, accuracy and the extras. */
    public String format() {
        TextTable t = new TextTable();
        t.row("class", "precision", "recall", "f1-score", "support");
        for (int c = 0; c < matrix.classCount(); c++) {
            t.row(matrix.classNames().get(c), TextTable.fixed(matrix.precision(c)), TextTable.fixed(matrix.recall(c)),
                    TextTable.fixed(matrix.f1(c)), Integer.toString(matrix.support(c)));
        }
        String total = Integer.toString(matrix.total());
        t.row("");
        t.row("macro avg", TextTable.fixed(matrix.macroPrecision()), TextTable.fixed(matrix.macroRecall()),
                TextTable.fixed(matrix.macroF1()), total);
        t.row("accuracy", "", "", TextTable.fixed(matrix.accuracy()), total);
        for (var e : extras.entrySet()) {
            t.row(e.getKey(), "", "", TextTable.fixed(e.getValue()), total);
        }
        return t.format();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ClassificationReport[accuracy %.4f, macro F1 %.4f]", accuracy(), macroF1());
    }

    private static boolean hasBothClasses(int[] actual) {
        boolean zero = false;
        boolean one = false;
        for (int y : actual) {
            zero |= y == 0;
            one |= y == 1;
        }
        return zero && one;
    }
}
