package dev.dendrite.cli;

import dev.dendrite.data.DataException;
import dev.dendrite.data.Dataset;
import dev.dendrite.data.Excerpt;
import dev.dendrite.model.Model;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.metrics.ClassificationReport;
import dev.dendrite.train.metrics.RegressionMetrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores a model on raw (not yet normalised) data: for classification the
 * accuracy, macro F1, top-5 accuracy or ROC AUC where they apply, the per-class
 * table and the confusion matrix; for regression MSE, MAE and R².
 */
final class Evaluate {
    private Evaluate() {
    }

    /** The printable report and the headline numbers (for the model's metadata). */
    record Report(String text, Map<String, Object> metrics) {
    }

    static Report report(Model model, Dataset raw, String source, java.util.function.IntFunction<String> where) {
        return report(model, raw, source, where, "test");
    }

    /**
     * The report with each metric named after the rows scored: {@code part} is
     * "test", "validation", "training", or "" for rows that are no one part
     * (a whole file), whose metrics then carry no prefix.
     */
    static Report report(Model model, Dataset raw, String source, java.util.function.IntFunction<String> where,
                         String part) {
        if (raw.featureCount() != model.featureCount()) {
            throw new DataException(source + ": " + raw.featureCount() + " feature columns besides the label, the model "
                    + "expects " + counted(model.featureNames()));
        }
        String title = part.isEmpty() ? "" : part + " ";
        String key = part.isEmpty() ? "" : part + "_";
        Tensor predictions = model.predict(raw); // IDX pixels: scaled from their bytes, no raw copy
        Map<String, Object> metrics = new LinkedHashMap<>();
        StringBuilder sb = new StringBuilder();
        if (model.isClassification()) {
            int[] labels = remap(raw, model.classNames(), where);
            ClassificationReport r = ClassificationReport.of(predictions, labels, model.classNames());
            sb.append(String.format(Locale.ROOT, "%saccuracy: %.4f  (%d of %d correct)%n", title, r.accuracy(),
                    Math.round(r.accuracy() * raw.size()), raw.size()));
            sb.append(r.format());
            sb.append(System.lineSeparator()).append("confusion matrix (rows: truth, columns: prediction)")
                    .append(System.lineSeparator());
            sb.append(r.matrix().format());
            metrics.put(key + "accuracy", r.accuracy());
            metrics.put(key + "macro_f1", r.macroF1());
            r.extras().forEach((k, v) -> metrics.put(key + k.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"), v));
        } else {
            Tensor truth = raw.targets();
            if (truth.dim(1) != model.targetCount()) {
                throw new DataException(source + ": " + truth.dim(1) + " target column" + (truth.dim(1) == 1 ? "" : "s")
                        + ", the model predicts " + model.targetCount() + " (" + names(model.targetNames()) + ")");
            }
            if (model.targetCount() == 1) {
                double mse = RegressionMetrics.mse(predictions, truth);
                double mae = RegressionMetrics.mae(predictions, truth);
                double r2 = RegressionMetrics.r2(predictions, truth);
                sb.append(String.format(Locale.ROOT, "%sMSE: %.6g%n%sMAE: %.6g%n%sR²:  %.4f%n", title, mse, title,
                        mae, title, r2));
                metrics.put(key + "mse", mse);
                metrics.put(key + "mae", mae);
                metrics.put(key + "r2", r2);
            } else {
                sb.append(perTarget(model.targetNames(), predictions, truth, title, key, metrics));
            }
        }
        return new Report(sb.toString(), metrics);
    }

    /** A table of MSE, MAE and R² per target and their means; the metrics go in as {@code <key>mse_<target>}. */
    private static String perTarget(List<String> names, Tensor predicted, Tensor truth, String title, String key,
                                    Map<String, Object> metrics) {
        int k = names.size();
        int width = Math.max(6, names.stream().mapToInt(n -> Excerpt.of(n).length()).max().orElse(6));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s%-" + width + "s  %12s  %12s  %8s%n",
                title, "target", "MSE", "MAE", "R²"));
        double[] sums = new double[3];
        for (int j = 0; j < k; j++) {
            Tensor p = column(predicted, j);
            Tensor t = column(truth, j);
            double[] m = {RegressionMetrics.mse(p, t), RegressionMetrics.mae(p, t), RegressionMetrics.r2(p, t)};
            sb.append(String.format(Locale.ROOT, "%s%-" + width + "s  %12.6g  %12.6g  %8.4f%n", title,
                    Excerpt.of(names.get(j)), m[0], m[1], m[2]));
            String suffix = "_" + names.get(j).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
            metrics.put(key + "mse" + suffix, m[0]);
            metrics.put(key + "mae" + suffix, m[1]);
            metrics.put(key + "r2" + suffix, m[2]);
            for (int i = 0; i < 3; i++) {
                sums[i] += m[i];
            }
        }
        sb.append(String.format(Locale.ROOT, "%s%-" + width + "s  %12.6g  %12.6g  %8.4f%n", title, "mean",
                sums[0] / k, sums[1] / k, sums[2] / k));
        metrics.put(key + "mse", sums[0] / k);
        metrics.put(key + "mae", sums[1] / k);
        metrics.put(key + "r2", sums[2] / k);
        return sb.toString();
    }

    private static Tensor column(Tensor m, int j) {
        int n = m.dim(0);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = m.get(i, j);
        }
        return Tensor.wrap(out, dev.dendrite.tensor.Shape.of(n, 1));
    }

    /** "3 (a, b, c)", or "784 columns (pixel0 ... pixel783)" for a long list. */
    static String counted(List<String> names) {
        return names.size() > 8 ? names(names) : names.size() + " (" + names(names) + ")";
    }

    /** Names for a message: all of a few, or "784 columns (pixel0 ... pixel783)". */
    static String names(List<String> names) {
        if (names.size() > 8) {
            return names.size() + " columns (" + Excerpt.of(names.get(0)) + " ... "
                    + Excerpt.of(names.get(names.size() - 1)) + ")";
        }
        return String.join(", ", names.stream().map(Excerpt::of).toList());
    }

    /** The data's labels as indices into the model's classes; a class the model never saw is an error. */
    static int[] remap(Dataset raw, List<String> modelClasses, java.util.function.IntFunction<String> where) {
        if (!raw.isClassification()) {
            throw new DataException("the model is a classifier but the data's labels were read as regression targets;"
                    + " pass --task classification");
        }
        List<String> names = raw.classNames();
        int[] map = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            map[i] = modelClasses.indexOf(names.get(i));
        }
        int[] labels = raw.labels();
        int[] out = new int[labels.length];
        for (int r = 0; r < labels.length; r++) {
            int m = map[labels[r]];
            if (m < 0) {
                throw new DataException(where.apply(r) + ": label '" + Excerpt.of(names.get(labels[r]))
                        + "' was never seen in training (the model knows " + names(modelClasses) + ")");
            }
            out[r] = m;
        }
        return out;
    }
}
