package dev.dendrite.recommend;

import java.util.Arrays;

/**
 * Ranking metrics under the leave-one-out protocol. Sampled: the held-out item
 * is ranked among its user's sampled negatives (99 in the paper); full: among
 * every item the user did not train on. The rank counts the candidates that
 * score strictly higher plus half of those that tie (the mean rank under a
 * random tie-break, so a constant scorer earns no credit). HR@K is the share of
 * users whose item ranks in the top K, NDCG@K the mean of
 * {@code 1 / log2(rank + 2)} over those hits, MRR the mean of
 * {@code 1 / (rank + 1)} over the sampled lists; coverage is the share of the
 * catalogue that appears in at least one user's full top K.
 */
public final class Ranking {
    private Ranking() {
    }

    /** The metrics of one scorer. */
    public record Metrics(int users, int k, double hr, double ndcg, double mrr, double fullHr, double fullNdcg,
                          double coverage) {
    }

    /** Position of {@code target} (0 = first) among {@code others}, ties counted half. */
    public static int rank(float target, float[] others, int from, int to) {
        int higher = 0;
        int equal = 0;
        for (int j = from; j < to; j++) {
            if (others[j] > target) {
                higher++;
            } else if (others[j] == target) {
                equal++;
            }
        }
        return higher + equal / 2;
    }

    public static double ndcg(int rank, int k) {
        return rank < k ? 1.0 / (Math.log(rank + 2) / Math.log(2)) : 0;
    }

    /** Sampled and (when {@code full}) full-ranking metrics of {@code scorer} on {@code h}. */
    public static Metrics evaluate(Scorer scorer, LeaveOneOut.Holdout h, int k, boolean full) {
        int n = h.users().length;
        double hr = 0, ndcg = 0, mrr = 0, fhr = 0, fndcg = 0;
        int itemCount = h.data().itemCount();
        boolean[] covered = new boolean[itemCount];
        int[] all = new int[itemCount];
        for (int i = 0; i < itemCount; i++) {
            all[i] = i;
        }
        float[] allScores = new float[itemCount];
        for (int e = 0; e < n; e++) {
            int u = h.users()[e];
            int[] neg = h.negatives()[e];
            int[] cand = new int[neg.length + 1];
            cand[0] = h.targets()[e];
            System.arraycopy(neg, 0, cand, 1, neg.length);
            float[] s = new float[cand.length];
            scorer.score(u, cand, s);
            int r = rank(s[0], s, 1, s.length);
            hr += r < k ? 1 : 0;
            ndcg += ndcg(r, k);
            mrr += 1.0 / (r + 1);
            if (full) {
                scorer.score(u, all, allScores);
                int[] seen = h.trainItems().items(u);
                for (int i : seen) {
                    allScores[i] = Float.NEGATIVE_INFINITY; // trained-on items are not ranked
                }
                float t = allScores[h.targets()[e]];
                allScores[h.targets()[e]] = Float.NEGATIVE_INFINITY;
                int fr = rank(t, allScores, 0, itemCount);
                fhr += fr < k ? 1 : 0;
                fndcg += ndcg(fr, k);
                allScores[h.targets()[e]] = t;
                for (int i : TopK.select(allScores, k, seen)) {
                    covered[i] = true;
                }
            }
        }
        int c = 0;
        for (boolean b : covered) {
            c += b ? 1 : 0;
        }
        return new Metrics(n, k, hr / n, ndcg / n, mrr / n, full ? fhr / n : Double.NaN,
                full ? fndcg / n : Double.NaN, full ? (double) c / itemCount : Double.NaN);
    }

    /** Mean and sample standard deviation of {@code values}. */
    public static double[] meanAndSd(double[] values) {
        double m = Arrays.stream(values).average().orElse(Double.NaN);
        double ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        return new double[] {m, values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0};
    }
}
