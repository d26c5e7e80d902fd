package dev.dendrite.data;

import dev.dendrite.tensor.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The k folds of k-fold cross-validation, seeded. Classification data is
 * stratified: each class's rows are shuffled on their own and dealt out in
 * turn, continuing where the previous class stopped, so every fold gets its
 * share of each class and fold sizes differ by at most one. Regression rows
 * are shuffled once and dealt out the same way. Fold {@code i} is the test
 * part of round {@code i}; the other folds are its training rows. The rows of
 * each part keep their original order.
 */
public final class Folds {
    private final int[] fold; // fold of each row

    private Folds(int[] fold) {
        this.fold = fold;
    }

    /** Deals the rows of {@code data} into {@code k} folds with {@code seed}. */
    public static Folds of(Dataset data, int k, long seed) {
        int n = data.size();
        if (k < 2 || k > n) {
            throw new IllegalArgumentException("folds: need 2 to " + n + " folds for " + n + " rows, got " + k);
        }
        Rng rng = new Rng(seed);
        int[] fold = new int[n];
        int next = 0;
        if (data.isClassification()) {
            List<List<Integer>> byClass = new ArrayList<>();
            for (int c = 0; c < data.classCount(); c++) {
                byClass.add(new ArrayList<>());
            }
            for (int r = 0; r < n; r++) {
                byClass.get(data.label(r)).add(r);
            }
            for (List<Integer> rows : byClass) {
                int[] a = rows.stream().mapToInt(Integer::intValue).toArray();
                rng.shuffle(a);
                for (int r : a) {
                    fold[r] = next;
                    next = (next + 1) % k;
                }
            }
        } else {
            for (int r : rng.permutation(n)) {
                fold[r] = next;
                next = (next + 1) % k;
            }
        }
        return new Folds(fold);
    }

    /** The number of folds. */
    public int count() {
        return Arrays.stream(fold).max().orElse(0) + 1;
    }

    /** The rows of fold {@code i} (the test part of round {@code i}), ascending. */
    public int[] test(int i) {
        return rows(i, true);
    }

    /** The rows of every other fold (the training part of round {@code i}), ascending. */
    public int[] train(int i) {
        return rows(i, false);
    }

    private int[] rows(int i, boolean in) {
        if (i < 0 || i >= count()) {
            throw new IndexOutOfBoundsException("folds: fold " + i + " of " + count());
        }
        int[] out = new int[fold.length];
        int m = 0;
        for (int r = 0; r < fold.length; r++) {
            if ((fold[r] == i) == in) {
                out[m++] = r;
            }
        }
        return Arrays.copyOf(out, m);
    }
}
