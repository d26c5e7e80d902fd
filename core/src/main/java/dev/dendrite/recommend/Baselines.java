package dev.dendrite.recommend;

import dev.dendrite.tensor.Rng;

/**
 * The reference recommenders printed beside every model, trained on the same
 * interactions: most-popular (how many users chose the item), item-kNN with
 * cosine similarity over all neighbours, and BPR matrix factorisation
 * (Rendle et al. 2009) trained by plain SGD on sampled triples.
 */
public final class Baselines {
    private Baselines() {
    }

    /** Scores each item by its number of users. */
    public static Scorer mostPopular(UserItems train) {
        int[] pop = train.popularity();
        return (u, items, out) -> {
            for (int j = 0; j < items.length; j++) {
                out[j] = pop[items[j]];
            }
        };
    }

    /**
     * Item-kNN: the score of item j for user u is the sum over u's items i of
     * cos(i, j) = |U_i n U_j| / sqrt(|U_i| |U_j|), computed for all items at
     * once by walking the users of each of u's items (cached for the last user).
     */
    public static Scorer itemKnn(UserItems train) {
        int[][] usersOf = train.usersByItem();
        int[] pop = train.popularity();
        double[] invSqrt = new double[pop.length];
        for (int i = 0; i < pop.length; i++) {
            invSqrt[i] = pop[i] == 0 ? 0 : 1 / Math.sqrt(pop[i]);
        }
        return new Scorer() {
            int cachedUser = -1;
            final double[] acc = new double[pop.length];

            @Override
            public void score(int u, int[] items, float[] out) {
                if (u != cachedUser) {
                    java.util.Arrays.fill(acc, 0);
                    for (int i : train.items(u)) {
                        for (int v : usersOf[i]) {
                            for (int j : train.items(v)) {
                                acc[j] += invSqrt[i];
                            }
                        }
                    }
                    for (int j = 0; j < acc.length; j++) {
                        acc[j] *= invSqrt[j];
                    }
                    cachedUser = u;
                }
                for (int j = 0; j < items.length; j++) {
                    out[j] = (float) acc[items[j]];
                }
            }
        };
    }

    /** BPR-MF with {@code factors} factors, trained for {@code epochs} passes of one triple per interaction. */
    public static Scorer bpr(UserItems train, int factors, int epochs, double lr, double reg, long seed) {
        Rng rng = new Rng(seed);
        int nu = train.userCount();
        int ni = train.itemCount();
        float[] p = new float[nu * factors];
        float[] q = new float[ni * factors];
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) (rng.nextGaussian() * 0.1);
        }
        for (int k = 0; k < q.length; k++) {
            q[k] = (float) (rng.nextGaussian() * 0.1);
        }
        int[] owner = new int[0];
        int total = 0;
        for (int u = 0; u < nu; u++) {
            total += train.items(u).length;
        }
        owner = new int[total];
        int[] which = new int[total];
        int n = 0;
        for (int u = 0; u < nu; u++) {
            for (int i : train.items(u)) {
                owner[n] = u;
                which[n++] = i;
            }
        }
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int s = 0; s < total; s++) {
                int pick = rng.nextInt(total);
                int u = owner[pick];
                int i = which[pick];
                int j = train.sampleUnseen(u, rng);
                if (j < 0) {
                    continue;
                }
                int pu = u * factors, qi = i * factors, qj = j * factors;
                double x = 0;
                for (int f = 0; f < factors; f++) {
                    x += p[pu + f] * (q[qi + f] - q[qj + f]);
                }
                double g = 1 / (1 + Math.exp(x)); // d/dx of log sigmoid(x)
                for (int f = 0; f < factors; f++) {
                    float wu = p[pu + f];
                    float wi = q[qi + f];
                    float wj = q[qj + f];
                    p[pu + f] += (float) (lr * (g * (wi - wj) - reg * wu));
                    q[qi + f] += (float) (lr * (g * wu - reg * wi));
                    q[qj + f] += (float) (lr * (-g * wu - reg * wj));
                }
            }
        }
        return (u, items, out) -> {
            int pu = u * factors;
            for (int j = 0; j < items.length; j++) {
                int qj = items[j] * factors;
                double x = 0;
                for (int f = 0; f < factors; f++) {
                    x += p[pu + f] * q[qj + f];
                }
                out[j] = (float) x;
            }
        };
    }
}
