package dev.dendrite.train.metrics;

import dev.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Scores for classifiers from labels and predictions or from a score matrix
 * {@code scores [N, C]} (probabilities, or logits: only the order within a
 * row matters). Ties between scores are broken towards the lower class index,
 * the same rule as {@link Tensor#argmaxRows()}, so top-1 accuracy equals
 * accuracy of the argmax. ROC AUC is the Mann-Whitney statistic with tied
 * scores given their average rank: the chance that a random positive
 * outscores a random negative, ties counting one half.
 */
public final class ClassificationMetrics {
    private ClassificationMetrics() {
    }

    /** The share of {@code predicted} equal to {@code actual}; 0 for no examples. */
    public static double accuracy(int[] actual, int[] predicted) {
        sameLength("accuracy", actual.length, predicted.length);
        int correct = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] == predicted[i]) {
                correct++;
            }
        }
        return ConfusionMatrix.ratio(correct, actual.length);
    }

    /** Accuracy of the row-wise argmax of {@code scores [N, C]}. */
    public static double accuracy(Tensor scores, int[] actual) {
        return topKAccuracy(scores, actual, 1);
    }

    /**
     * The share of rows whose true class is among the {@code k} highest scores,
     * i.e. fewer than {@code k} classes rank above it (a class ranks above when
     * its score is higher, or equal with a lower index).
     */
    public static double topKAccuracy(Tensor scores, int[] actual, int k) {
        if (scores.rank() != 2) {
            throw new IllegalArgumentException("topKAccuracy: expected scores [N, C], got " + scores.shape());
        }
        int n = scores.dim(0);
        int c = scores.dim(1);
        sameLength("topKAccuracy", actual.length, n);
        if (k < 1 || k > c) {
            throw new IllegalArgumentException("topKAccuracy: k = " + k + " must be in 1.." + c);
        }
        float[] s = scores.contiguous().toArray();
        int hits = 0;
        for (int i = 0; i < n; i++) {
            int y = actual[i];
            if (y < 0 || y >= c) {
                throw new IllegalArgumentException("topKAccuracy: label " + y + " of row " + i + " is not in 0.." + (c - 1));
            }
            float mine = s[i * c + y];
            int above = 0;
            for (int j = 0; j < c; j++) {
                float v = s[i * c + j];
                if (v > mine || (v == mine && j < y)) {
                    above++;
                }
            }
            if (above < k) {
                hits++;
            }
        }
        return ConfusionMatrix.ratio(hits, n);
    }

    /**
     * Area under the ROC curve for two classes: {@code actual} holds 0 or 1 and
     * {@code scores} grows with the belief in class 1. Needs at least one example
     * of each class.
     */
    public static double rocAuc(float[] scores, int[] actual) {
        sameLength("rocAuc", actual.length, scores.length);
        int n = scores.length;
        long positives = 0;
        for (int i = 0; i < n; i++) {
            if (actual[i] != 0 && actual[i] != 1) {
                throw new IllegalArgumentException("rocAuc: label " + actual[i] + " of row " + i + ", expected 0 or 1");
            }
            if (Float.isNaN(scores[i])) {
                throw new IllegalArgumentException("rocAuc: score of row " + i + " is NaN");
            }
            positives += actual[i];
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("rocAuc: needs both classes, got " + positives + " positives and "
                    + negatives + " negatives");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1; // ranks are 1-based; a tie group shares its mean rank
            for (int i = start; i <= end; i++) {
                if (actual[order[i]] == 1) {
                    positiveRankSum += rank;
                }
            }
            start = end + 1;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * ROC AUC from scores {@code [N]}, {@code [N, 1]} (belief in class 1) or
     * {@code [N, 2]}; for two columns the score is column 1 minus column 0,
     * which orders rows like the softmax probability of class 1 whether the
     * columns are probabilities or logits.
     */
    public static double rocAuc(Tensor scores, int[] actual) {
        if (scores.rank() == 2 && scores.dim(1) == 2) {
            float[] s = scores.contiguous().toArray();
            float[] diff = new float[scores.dim(0)];
            for (int i = 0; i < diff.length; i++) {
                diff[i] = s[2 * i + 1] - s[2 * i];
            }
            return rocAuc(diff, actual);
        }
        if (scores.size() != scores.dim(0)) {
            throw new IllegalArgumentException("rocAuc: expected scores [N], [N, 1] or [N, 2], got " + scores.shape());
        }
        return rocAuc(scores.toArray(), actual);
    }

    static void sameLength(String op, int labels, int rows) {
        if (labels != rows) {
            throw new IllegalArgumentException(op + ": " + labels + " labels for " + rows + " rows");
        }
    }
}
