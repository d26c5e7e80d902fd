/**
 * How good a model is: accuracy, confusion matrices, per-class precision,
 * recall and F1 with macro averages, top-k accuracy, ROC AUC
 * ({@link dev.dendrite.train.metrics.ClassificationMetrics},
 * {@link dev.dendrite.train.metrics.ConfusionMatrix}), MSE, MAE and R²
 * ({@link dev.dendrite.train.metrics.RegressionMetrics}), and an aligned
 * text report ({@link dev.dendrite.train.metrics.ClassificationReport}).
 * Ratios with a zero denominator are 0, never NaN.
 */
package dev.dendrite.train.metrics;
