package dev.dendrite.recommend;

import dev.dendrite.tensor.Rng;

import java.util.Arrays;

/**
 * The split of neural collaborative filtering's evaluation: each user's latest
 * interaction is the test item, the one before it the validation item (time
 * ties broken by position in the file, see {@link Interactions#byUser}).
 * Users with one interaction only train; users with two have no validation
 * item. Hyperparameters are chosen on {@link #validation}, whose training set
 * also leaves out the test item; {@link #test} trains on everything but the
 * test items. Each user's 99 candidates are items they never interacted with
 * anywhere in the data, drawn with a seed.
 */
public final class LeaveOneOut {
    private final Interactions data;
    private final int[] test;
    private final int[] validation;

    private LeaveOneOut(Interactions data, int[] test, int[] validation) {
        this.data = data;
        this.test = test;
        this.validation = validation;
    }

    public static LeaveOneOut of(Interactions data) {
        int[][] byUser = data.byUser();
        int[] test = new int[byUser.length];
        int[] val = new int[byUser.length];
        for (int u = 0; u < byUser.length; u++) {
            int n = byUser[u].length;
            test[u] = n >= 2 ? byUser[u][n - 1] : -1;
            val[u] = n >= 3 ? byUser[u][n - 2] : -1;
        }
        return new LeaveOneOut(data, test, val);
    }

    public Interactions data() {
        return data;
    }

    /** Train on all but the test items; hold out each user's latest interaction. */
    public Holdout test(int negatives, long seed) {
        return holdout(test, null, negatives, seed);
    }

    /** Train on all but the test and validation items; hold out each user's second-latest interaction. */
    public Holdout validation(int negatives, long seed) {
        return holdout(validation, test, negatives, seed);
    }

    private Holdout holdout(int[] target, int[] alsoOut, int negatives, long seed) {
        boolean[] out = new boolean[data.size()];
        int users = 0;
        for (int u = 0; u < target.length; u++) {
            if (target[u] >= 0) {
                out[target[u]] = true;
                users++;
            }
            if (alsoOut != null && alsoOut[u] >= 0) {
                out[alsoOut[u]] = true;
            }
        }
        int[] train = new int[data.size()];
        int n = 0;
        for (int k = 0; k < out.length; k++) {
            if (!out[k]) {
                train[n++] = k;
            }
        }
        train = Arrays.copyOf(train, n);
        UserItems all = UserItems.of(data);
        int[] evalUsers = new int[users];
        int[] targetItems = new int[users];
        int[][] candidates = new int[users][];
        Rng rng = new Rng(seed);
        int e = 0;
        for (int u = 0; u < target.length; u++) {
            if (target[u] < 0) {
                continue;
            }
            evalUsers[e] = u;
            targetItems[e] = data.item(target[u]);
            candidates[e] = sampleNegatives(all, u, negatives, rng);
            e++;
        }
        return new Holdout(data, train, UserItems.of(data, train), evalUsers, targetItems, candidates);
    }

    /** {@code n} distinct items the user never interacted with (fewer when fewer exist). */
    static int[] sampleNegatives(UserItems all, int user, int n, Rng rng) {
        int unseen = all.itemCount() - all.items(user).length;
        int want = Math.min(n, unseen);
        int[] out = new int[want];
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        int k = 0;
        while (k < want) {
            int j = all.sampleUnseen(user, rng);
            if (taken.add(j)) {
                out[k++] = j;
            }
        }
        return out;
    }

    /**
     * One held-out evaluation: the training interactions (positions into the data
     * and as sets), and for each evaluated user the held-out item and its sampled
     * negative candidates.
     */
    public record Holdout(Interactions data, int[] train, UserItems trainItems, int[] users, int[] targets,
                          int[][] negatives) {
    }
}
