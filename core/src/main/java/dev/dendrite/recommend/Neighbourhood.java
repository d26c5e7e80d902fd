package dev.dendrite.recommend;

/**
 * A user's recent-neighbourhood score of every item: {@code scale} times the
 * sum over the user's items {@code i} of {@code 0.5^(age_i / halfLife) * cos(i, j)},
 * where the cosine is over the sets of users who chose each item and the age
 * counts the user's interactions back from the latest: item-kNN with a
 * recency-weighted profile. {@link NcfModels} can feed it to NeuMF's output
 * unit as one more input beside the GMF and MLP vectors (a neighbourhood term
 * in neural collaborative filtering, as in NNCF, Bai et al. 2017), and the
 * network learns how much the items a user chose lately say about the next.
 *
 * <p>The score is item-kNN's: the co-occurrence counts are those of the
 * training interactions, and an item the user chose is scored without its
 * similarity to itself. The {@code scale} sets the input's size against the
 * weight decay that shrinks the output unit's weights (a larger input needs a
 * smaller weight). Profile items weighing under {@link #MIN_WEIGHT} are skipped
 * (a half-life of 5 keeps the latest 50 or so), which bounds a query: one pass
 * over the users of the profile's items, then over those users' items. Scores
 * are computed when asked, not stored, so memory stays that of the interactions.
 */
public final class Neighbourhood {
    /** Profile items lighter than this are left out. */
    public static final double MIN_WEIGHT = 1e-3;

    /** The profile's half-life in interactions and the factor on every score; {@link #OFF}: no neighbourhood input. */
    public record Options(double halfLife, double scale) {
        public static final Options OFF = new Options(0, 1);

        public Options {
            if (!(halfLife >= 0) || !Double.isFinite(halfLife) || !(scale > 0) || !Double.isFinite(scale)) {
                throw new IllegalArgumentException("neighbourhood: a half-life >= 0 (0: off) and a positive scale "
                        + "expected, got " + halfLife + " and " + scale);
            }
        }

        public boolean used() {
            return halfLife > 0;
        }
    }

    private final UserItems train;
    private final Options options;
    private final int[][] usersOf;
    private final int[] popularity;
    private final double[] invSqrt;
    private final ThreadLocal<Scratch> scratch;

    private Neighbourhood(UserItems train, Options options) {
        this.train = train;
        this.options = options;
        this.usersOf = train.usersByItem();
        this.popularity = train.popularity();
        this.invSqrt = new double[popularity.length];
        for (int i = 0; i < popularity.length; i++) {
            invSqrt[i] = popularity[i] == 0 ? 0 : 1 / Math.sqrt(popularity[i]);
        }
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(train.userCount(), train.itemCount()));
    }

    /** The neighbourhood of {@code train}, whose ages it needs; {@code options} must be {@link Options#used}. */
    public static Neighbourhood of(UserItems train, Options options) {
        if (!options.used()) {
            throw new IllegalArgumentException("neighbourhood: a positive half-life expected, got " + options.halfLife());
        }
        if (train.userCount() > 0 && train.ages(0) == null) {
            throw new IllegalArgumentException("neighbourhood: the interactions' times are needed (their order per user)");
        }
        return new Neighbourhood(train, options);
    }

    public Options options() {
        return options;
    }

    /** Fills {@code out} (one entry per item) with {@code user}'s scores of all items. */
    public void scoreAll(int user, float[] out) {
        if (out.length != train.itemCount()) {
            throw new IllegalArgumentException("neighbourhood: " + train.itemCount() + " scores expected, got room for "
                    + out.length);
        }
        Scratch s = scratch.get();
        double[] acc = s.acc;
        java.util.Arrays.fill(acc, 0);
        int[] its = train.items(user);
        int[] ages = train.ages(user);
        double[] w = new double[its.length];
        // each user who shares profile items carries the sum of their weights over sqrt(popularity)
        int touched = 0;
        for (int q = 0; q < its.length; q++) {
            w[q] = Math.pow(0.5, ages[q] / options.halfLife());
            if (w[q] < MIN_WEIGHT) {
                w[q] = 0;
                continue;
            }
            int i = its[q];
            double c = w[q] * invSqrt[i];
            for (int v : usersOf[i]) {
                if (s.co[v] == 0) {
                    s.touched[touched++] = v;
                }
                s.co[v] += c;
            }
        }
        for (int t = 0; t < touched; t++) {
            int v = s.touched[t];
            double c = s.co[v];
            s.co[v] = 0;
            for (int j : train.items(v)) {
                acc[j] += c;
            }
        }
        // a profile item's users all co-occur with it: its similarity to itself (1) is no neighbour's
        for (int q = 0; q < its.length; q++) {
            acc[its[q]] -= w[q] * Math.sqrt(popularity[its[q]]);
        }
        double scale = options.scale();
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) Math.max(0, scale * acc[j] * invSqrt[j]);
        }
    }

    /** {@code user}'s scores of {@code items}. */
    public float[] scores(int user, int[] items) {
        float[] all = new float[train.itemCount()];
        scoreAll(user, all);
        float[] out = new float[items.length];
        for (int k = 0; k < items.length; k++) {
            out[k] = all[items[k]];
        }
        return out;
    }

    private static final class Scratch {
        final double[] co;
        final int[] touched;
        final double[] acc;

        Scratch(int users, int items) {
            co = new double[users];
            touched = new int[users];
            acc = new double[items];
        }
    }
}
