package dev.dendrite.train.metrics;

import dev.dendrite.tensor.Tensor;

/**
 * Scores for regression, computed in double precision over all elements of
 * two tensors of equal size (e.g. predictions and targets, both {@code [N, 1]}):
 * mean squared error {@code mean((p - y)^2)}, mean absolute error
 * {@code mean(|p - y|)} and the coefficient of determination
 * {@code R^2 = 1 - SS_res / SS_tot} with {@code SS_res = sum((y - p)^2)} and
 * {@code SS_tot = sum((y - mean(y))^2)}. When the targets are constant
 * ({@code SS_tot = 0}) R^2 is 1 for a perfect fit and 0 otherwise, as in
 * scikit-learn, rather than a division by zero.
 */
public final class RegressionMetrics {
    private RegressionMetrics() {
    }

    public static double mse(Tensor predicted, Tensor actual) {
        float[][] pa = pair("mse", predicted, actual);
        double s = 0;
        for (int i = 0; i < pa[0].length; i++) {
            double d = (double) pa[0][i] - pa[1][i];
            s += d * d;
        }
        return s / pa[0].length;
    }

    public static double mae(Tensor predicted, Tensor actual) {
        float[][] pa = pair("mae", predicted, actual);
        double s = 0;
        for (int i = 0; i < pa[0].length; i++) {
            s += Math.abs((double) pa[0][i] - pa[1][i]);
        }
        return s / pa[0].length;
    }

    public static double r2(Tensor predicted, Tensor actual) {
        float[][] pa = pair("r2", predicted, actual);
        float[] p = pa[0];
        float[] y = pa[1];
        double mean = 0;
        for (float v : y) {
            mean += v;
        }
        mean /= y.length;
        double res = 0;
        double tot = 0;
        for (int i = 0; i < y.length; i++) {
            double e = (double) y[i] - p[i];
            double d = y[i] - mean;
            res += e * e;
            tot += d * d;
        }
        if (tot == 0) {
            return res == 0 ? 1 : 0;
        }
        return 1 - res / tot;
    }

    private static float[][] pair(String op, Tensor predicted, Tensor actual) {
        if (predicted.size() != actual.size()) {
            throw new IllegalArgumentException(op + ": predictions " + predicted.shape() + " and targets "
                    + actual.shape() + " differ in size");
        }
        if (actual.size() == 0) {
            throw new IllegalArgumentException(op + ": no examples");
        }
        return new float[][] {predicted.toArray(), actual.toArray()};
    }
}
