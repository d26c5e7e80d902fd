package dev.dendrite.train;

import dev.dendrite.data.Dataset;
import dev.dendrite.data.Folds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * k-fold cross-validation: {@link #run} deals the rows into {@link Folds}
 * (stratified for classification, seeded), and for each fold calls the
 * caller's {@link Round} with the other folds as training rows and this fold
 * as test rows; the round trains a fresh model (fitting any normaliser on its
 * training rows only) and returns its metrics by name. The {@link Result}
 * holds every fold's metrics and their mean and (population) standard
 * deviation.
 *
 * <pre>{@code
 * CrossValidation.Result cv = CrossValidation.run(data, 5, 42, (train, test, fold) -> {
 *     Model m = fitMyModel(train);
 *     return Map.of("accuracy", accuracyOf(m, test));
 * });
 * System.out.println(cv.summary());   // accuracy 0.9533 ± 0.0163 (5 folds)
 * }</pre>
 */
public final class CrossValidation {
    private CrossValidation() {
    }

    /** One round: train on {@code train}, score on {@code test}; {@code fold} counts from 0. */
    @FunctionalInterface
    public interface Round {
        Map<String, Double> fitAndScore(Dataset train, Dataset test, int fold);
    }

    /** Each fold's metrics, in fold order. */
    public record Result(List<Map<String, Double>> folds) {
        public Result {
            List<Map<String, Double>> copy = new ArrayList<>();
            for (Map<String, Double> m : folds) {
                copy.add(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m)));
            }
            folds = List.copyOf(copy);
        }

        /** The metric names of the first fold, in its order. */
        public List<String> metrics() {
            return folds.isEmpty() ? List.of() : List.copyOf(folds.get(0).keySet());
        }

        /** One metric over the folds. */
        public double[] values(String metric) {
            double[] v = new double[folds.size()];
            for (int i = 0; i < v.length; i++) {
                Double d = folds.get(i).get(metric);
                if (d == null) {
                    throw new IllegalArgumentException("cross-validation: fold " + (i + 1) + " has no metric '"
                            + metric + "'");
                }
                v[i] = d;
            }
            return v;
        }

        public double mean(String metric) {
            double s = 0;
            for (double x : values(metric)) {
                s += x;
            }
            return s / folds.size();
        }

        /** The population standard deviation over the folds. */
        public double std(String metric) {
            double m = mean(metric);
            double s = 0;
            for (double x : values(metric)) {
                s += (x - m) * (x - m);
            }
            return Math.sqrt(s / folds.size());
        }

        /** One line per metric: {@code accuracy 0.9533 ± 0.0163 (5 folds)}. */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            for (String name : metrics()) {
                sb.append(String.format(Locale.ROOT, "%s %.4f ± %.4f (%d folds)%n", name, mean(name), std(name),
                        folds.size()));
            }
            return sb.toString();
        }
    }

    /** Runs {@code k} rounds over {@code data} with folds dealt by {@code seed}. */
    public static Result run(Dataset data, int k, long seed, Round round) {
        Folds folds = Folds.of(data, k, seed);
        List<Map<String, Double>> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add(round.fitAndScore(data.subset(folds.train(i)), data.subset(folds.test(i)), i));
        }
        return new Result(out);
    }
}
