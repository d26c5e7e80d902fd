package dev.dendrite.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What happened in each epoch: training loss and accuracy, validation loss and
 * accuracy (NaN when there is no validation set or the task is regression),
 * the learning rate and the wall time. Written as CSV or JSON for plotting.
 */
public final class History {
    /** One epoch's numbers (epoch counts from 1). */
    public record Epoch(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                        double validationAccuracy, double learningRate, double seconds) {

        /** The metric names {@link #metric} knows, as Keras names them. */
        public static final java.util.List<String> METRICS = java.util.List.of("loss", "accuracy", "val_loss",
                "val_accuracy");

        /**
         * A number of this epoch by name: {@code loss} and {@code accuracy} (training),
         * {@code val_loss} and {@code val_accuracy} (validation); NaN where the epoch
         * has none (no validation set, or accuracy for regression).
         */
        public double metric(String name) {
            checkMetric(name);
            return switch (name) {
                case "loss" -> trainLoss;
                case "accuracy" -> trainAccuracy;
                case "val_loss" -> validationLoss;
                default -> validationAccuracy;
            };
        }

        /** Refuses a name {@link #metric} does not know, listing the known ones. */
        static void checkMetric(String name) {
            if (!METRICS.contains(name)) {
                throw new IllegalArgumentException("unknown metric '" + name + "'; expected one of " + METRICS);
            }
        }
    }

    private final List<Epoch> epochs = new ArrayList<>();

    public void add(Epoch e) {
        epochs.add(e);
    }

    public List<Epoch> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    public int size() {
        return epochs.size();
    }

    public Epoch last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    /** The epoch with the lowest validation loss (or training loss without validation). */
    public Epoch best() {
        Epoch best = null;
        for (Epoch e : epochs) {
            double v = Double.isNaN(e.validationLoss()) ? e.trainLoss() : e.validationLoss();
            double b = best == null ? Double.POSITIVE_INFINITY
                    : Double.isNaN(best.validationLoss()) ? best.trainLoss() : best.validationLoss();
            if (v < b) {
                best = e;
            }
        }
        return best;
    }

    /** A copy truncated to the first {@code n} epochs (used when restoring the best weights). */
    public History firstEpochs(int n) {
        History h = new History();
        for (int i = 0; i < Math.min(n, epochs.size()); i++) {
            h.add(epochs.get(i));
        }
        return h;
    }

    public String toCsv() {
        StringBuilder sb = new StringBuilder(
                "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,learning_rate,seconds\n");
        for (Epoch e : epochs) {
            sb.append(e.epoch()).append(',').append(num(e.trainLoss())).append(',').append(num(e.trainAccuracy()))
                    .append(',').append(num(e.validationLoss())).append(',').append(num(e.validationAccuracy()))
                    .append(',').append(num(e.learningRate())).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", e.seconds())).append('\n');
        }
        return sb.toString();
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"epochs\": [\n");
        for (int i = 0; i < epochs.size(); i++) {
            Epoch e = epochs.get(i);
            sb.append("  {\"epoch\": ").append(e.epoch())
                    .append(", \"train_loss\": ").append(json(e.trainLoss()))
                    .append(", \"train_accuracy\": ").append(json(e.trainAccuracy()))
                    .append(", \"validation_loss\": ").append(json(e.validationLoss()))
                    .append(", \"validation_accuracy\": ").append(json(e.validationAccuracy()))
                    .append(", \"learning_rate\": ").append(json(e.learningRate()))
                    .append(", \"seconds\": ").append(json(e.seconds())).append('}')
                    .append(i + 1 < epochs.size() ? ",\n" : "\n");
        }
        return sb.append("]}\n").toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String json(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }
}
