package dev.dendrite.data;

import dev.dendrite.tensor.Rng;

import java.util.stream.IntStream;

/**
 * A seeded train/validation/test split by fractions. Classification data is
 * stratified: each class is shuffled on its own and cut in the same
 * proportions, so every part keeps the class balance (a class of {@code n_c}
 * rows gives {@code round(n_c * fraction)} rows, within one, with the rounding
 * spread across classes so that the part's total is
 * {@code round(N * fraction)}). Regression data is shuffled once and cut. The
 * same seed and data give the same split on every machine. Rows inside each
 * part keep their original order; a {@link DataLoader} shuffles them.
 * Example: {@code new Split(0.1, 0.2, 42).apply(data)}.
 *
 * @param validationFraction share of rows for validation, in [0, 1)
 * @param testFraction       share of rows for testing, in [0, 1); the two together below 1
 * @param seed               the random seed
 */
public record Split(double validationFraction, double testFraction, long seed) {
    public Split {
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("Split: validation " + validationFraction + " and test " + testFraction
                    + " must be non-negative with a sum below 1 (the rest is training data)");
        }
    }

    public Split withValidation(double fraction) {
        return new Split(fraction, testFraction, seed);
    }

    public Split withTest(double fraction) {
        return new Split(validationFraction, fraction, seed);
    }

    public Split withSeed(long s) {
        return new Split(validationFraction, testFraction, s);
    }

    /** A train/test split without a validation part. */
    public static Splits trainTest(Dataset data, double testFraction, long seed) {
        return new Split(0, testFraction, seed).apply(data);
    }

    public Splits apply(Dataset data) {
        int[][] parts = rows(data);
        return new Splits(data.subset(parts[0]), data.subset(parts[1]), data.subset(parts[2]));
    }

    /**
     * The row indices of each part, in ascending order: {@code [0]} train,
     * {@code [1]} validation, {@code [2]} test; {@link #apply} takes exactly these
     * rows. Lets a caller map a part's rows back to the source (file lines).
     */
    public int[][] rows(Dataset data) {
        Rng rng = new Rng(seed);
        int n = data.size();
        int[] part = new int[n]; // 0 train, 1 validation, 2 test
        if (data.isClassification()) {
            int[][] byClass = rowsByClass(data);
            double testSoFar = 0;
            double validationSoFar = 0;
            for (int[] rows : byClass) {
                rng.shuffle(rows);
                // cumulative rounding: each class is within one row of its share, and the totals are exact
                int test = (int) (Math.round(testSoFar + rows.length * testFraction) - Math.round(testSoFar));
                int validation = (int) (Math.round(validationSoFar + rows.length * validationFraction)
                        - Math.round(validationSoFar));
                testSoFar += rows.length * testFraction;
                validationSoFar += rows.length * validationFraction;
                validation = Math.min(validation, rows.length - test);
                assign(rows, test, validation, part);
            }
        } else {
            int[] rows = rng.permutation(n);
            int test = (int) Math.round(n * testFraction);
            int validation = Math.min((int) Math.round(n * validationFraction), n - test);
            assign(rows, test, validation, part);
        }
        return new int[][] {rowsOf(part, 0), rowsOf(part, 1), rowsOf(part, 2)};
    }

    private static int[][] rowsByClass(Dataset data) {
        int[] counts = data.classCounts();
        int[][] out = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) {
            out[c] = new int[counts[c]];
        }
        int[] fill = new int[counts.length];
        for (int i = 0; i < data.size(); i++) {
            int c = data.labels[i];
            out[c][fill[c]++] = i;
        }
        return out;
    }

    private static void assign(int[] shuffled, int test, int validation, int[] part) {
        for (int k = 0; k < shuffled.length; k++) {
            part[shuffled[k]] = k < test ? 2 : k < test + validation ? 1 : 0;
        }
    }

    private static int[] rowsOf(int[] part, int which) {
        return IntStream.range(0, part.length).filter(i -> part[i] == which).toArray();
    }
}
