package dev.dendrite.recommend;

import dev.dendrite.tensor.Rng;

import java.util.Arrays;

/**
 * Synthetic implicit feedback with the long tails of real logs, for scale
 * tests: each interaction's user and item are drawn from Zipf laws (weight of
 * the r-th most active user or popular item proportional to
 * {@code 1 / r^exponent}), so a few users and items account for much of the
 * data. Repeated pairs count once. Seeded.
 */
public final class SyntheticInteractions {
    private SyntheticInteractions() {
    }

    /** About {@code interactions} distinct pairs over {@code users} x {@code items} (repeats removed). */
    public static UserItems powerLaw(int users, int items, long interactions, double userExponent,
                                     double itemExponent, long seed) {
        if (users < 1 || items < 2 || interactions < 1 || interactions > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("synthetic interactions: positive sizes expected, at most 2^31 pairs");
        }
        Rng rng = new Rng(seed);
        double[] uc = cumulative(users, userExponent);
        double[] ic = cumulative(items, itemExponent);
        // ranks are shuffled onto ids, so popularity is not the id order
        int[] userOf = rng.permutation(users);
        int[] itemOf = rng.permutation(items);
        int n = (int) interactions;
        int[] u = new int[n];
        int[] i = new int[n];
        int[] count = new int[users];
        for (int k = 0; k < n; k++) {
            u[k] = userOf[draw(uc, rng)];
            i[k] = itemOf[draw(ic, rng)];
            count[u[k]]++;
        }
        int[][] lists = new int[users][];
        for (int x = 0; x < users; x++) {
            lists[x] = new int[count[x]];
        }
        int[] fill = new int[users];
        for (int k = 0; k < n; k++) {
            lists[u[k]][fill[u[k]]++] = i[k];
        }
        for (int x = 0; x < users; x++) {
            int[] l = lists[x];
            Arrays.sort(l);
            int m = 0;
            for (int j = 0; j < l.length; j++) {
                if (m == 0 || l[j] != l[m - 1]) {
                    l[m++] = l[j];
                }
            }
            // a user who drew every item would leave nothing to sample as a negative
            lists[x] = Arrays.copyOf(l, Math.min(m, items - 1));
        }
        return new UserItems(lists, items);
    }

    private static double[] cumulative(int n, double exponent) {
        double[] c = new double[n];
        double s = 0;
        for (int r = 0; r < n; r++) {
            s += 1 / Math.pow(r + 1, exponent);
            c[r] = s;
        }
        for (int r = 0; r < n; r++) {
            c[r] /= s;
        }
        return c;
    }

    private static int draw(double[] cumulative, Rng rng) {
        int at = Arrays.binarySearch(cumulative, rng.nextDouble());
        return Math.min(at >= 0 ? at : -at - 1, cumulative.length - 1);
    }
}
