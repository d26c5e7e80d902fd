package dev.dendrite.recommend;

/**
 * A user's recent-neighbourhood score of every item: {@code scale} times the
 * sum over the user's items {@code k} of {@code 0.5^(age_k / halfLife) * sim(k, j)},
 * the age counting the user's interactions back from the latest: item-kNN with
 * a recency-weighted profile. {@link NcfModels} can feed it to NeuMF's output
 * unit as one more input beside the GMF and MLP vectors (a neighbourhood term
 * in neural collaborative filtering, as in NNCF, Bai et al. 2017), and the
 * network learns how much the items a user chose lately say about the next.
 *
 * <p>The similarity is a cosine over co-occurrences: {@code sim(k, j) = c(k, j) /
 * sqrt(n_k n_j)} with {@code n} an item's number of users and {@code c(k, j)} the
 * sum over users who chose both of {@code 0.5^(d / window)}, {@code d} how far
 * apart the two are in that user's history (1 for consecutive interactions).
 * With {@code window} 0
 * every pair counts 1 (the plain item-kNN cosine); a finite window counts
 * items chosen close together in time more, as a session or an era does. An
 * item is not its own neighbour.
 *
 * <p>Scores are computed when asked, not stored, so memory stays about that of
 * the interactions: the profile's items (those weighing at least
 * {@link #MIN_WEIGHT}) mark their users, and each marked user's sequence is
 * swept once forwards and once backwards, the window's decay carried along, so
 * a query costs the users of the profile's items plus their interactions.
 */
public final class Neighbourhood {
    /** Profile items lighter than this are left out. */
    public static final double MIN_WEIGHT = 1e-3;

    /**
     * A profile item with more users than this marks an even sample of this many
     * of them (and the user), each standing for its share: it bounds a query on
     * popular items. MovieLens's most popular movie has 341 users, so there
     * every user counts.
     */
    public static final int MAX_CO_USERS = 1000;

    /** With a window, a sweep stops this many windows past the farthest mark (a weight under 2^-20). */
    static final double REACH = 20;

    /**
     * The profile's half-life in interactions (0: no neighbourhood input), the
     * factor on every score, and the co-occurrence window's half-life in
     * interactions (0: every pair of a user's items counts alike).
     */
    public record Options(double halfLife, double scale, double window) {
        public static final Options OFF = new Options(0, 1, 0);

        /**
         * The setting chosen on MovieLens validation (docs/recommend-tuning.md,
         * round 7): profile half-life 5, scale 1000, window 100. Reports rank with
         * it as a baseline.
         */
        public static final Options BASELINE = new Options(5, 1000, 100);

        public Options {
            if (!(halfLife >= 0) || !Double.isFinite(halfLife) || !(scale > 0) || !(scale <= MAX_SCALE)
                    || !(window >= 0) || !Double.isFinite(window)) {
                throw new IllegalArgumentException("neighbourhood: a half-life >= 0 (0: off), a scale in (0, "
                        + MAX_SCALE + "] and a window >= 0 expected, got " + halfLife + ", " + scale + " and " + window);
            }
        }

        /** The largest scale: a score times it stays far inside float range (scores are at most a few hundred). */
        public static final double MAX_SCALE = 1e6;

        /** Plain cosine co-occurrence (no window). */
        public Options(double halfLife, double scale) {
            this(halfLife, scale, 0);
        }

        public boolean used() {
            return halfLife > 0;
        }
    }

    private final UserItems train;
    private final Options options;
    /** Each user's items from the oldest to the latest, and their ages. */
    private final int[][] sequence;
    private final int[][] sequenceAge;
    /** The decay of the window between position t and t + 1 of each user's sequence. */
    private final float[][] step;
    /** The users of each item, and the item's position in each one's sequence. */
    private final int[][] usersOf;
    private final int[][] positionOf;
    private final double[] invSqrt;
    private final ThreadLocal<Scratch> scratch;

    private Neighbourhood(UserItems train, Options options) {
        this.train = train;
        this.options = options;
        int users = train.userCount();
        int items = train.itemCount();
        sequence = new int[users][];
        sequenceAge = new int[users][];
        step = new float[users][];
        int[] count = new int[items];
        int longest = 0;
        for (int v = 0; v < users; v++) {
            int[] its = train.items(v);
            int[] ages = train.ages(v);
            int n = its.length;
            int[] order = train.timeOrder(v);
            int[] seq = new int[n];
            int[] seqAge = new int[n];
            float[] st = new float[Math.max(0, n - 1)];
            for (int t = 0; t < n; t++) {
                seq[t] = its[order[t]];
                seqAge[t] = ages[order[t]];
                count[seq[t]]++;
                if (t > 0) {
                    long gap = (long) seqAge[t - 1] - seqAge[t]; // age difference, >= 1
                    st[t - 1] = options.window() == 0 ? 1f : (float) Math.pow(0.5, gap / options.window());
                }
            }
            sequence[v] = seq;
            sequenceAge[v] = seqAge;
            step[v] = st;
            longest = Math.max(longest, n);
        }
        usersOf = new int[items][];
        positionOf = new int[items][];
        invSqrt = new double[items];
        for (int i = 0; i < items; i++) {
            usersOf[i] = new int[count[i]];
            positionOf[i] = new int[count[i]];
            invSqrt[i] = count[i] == 0 ? 0 : 1 / Math.sqrt(count[i]);
        }
        int[] fill = new int[items];
        for (int v = 0; v < users; v++) {
            for (int t = 0; t < sequence[v].length; t++) {
                int i = sequence[v][t];
                usersOf[i][fill[i]] = v;
                positionOf[i][fill[i]++] = t;
            }
        }
        int len = longest;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(users, items, len));
    }

    /**
     * Reports rank the {@link Options#BASELINE} neighbourhood only up to this many
     * interactions: its queries grow with the users of each user's recent items
     * (0.2 ms a user on MovieLens, 6-9 ms with 10^6 users), so on large data the
     * row would cost more than the model it stands beside.
     */
    public static final long BASELINE_MAX_INTERACTIONS = 2_000_000;

    /** The baseline neighbourhood of {@code train} for a report, or null when it has no times or is too large. */
    public static Neighbourhood baseline(UserItems train) {
        if (train.userCount() == 0 || train.ages(0) == null) {
            return null;
        }
        long n = 0;
        for (int u = 0; u < train.userCount(); u++) {
            n += train.items(u).length;
        }
        return n <= BASELINE_MAX_INTERACTIONS ? of(train, Options.BASELINE) : null;
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
        // mark every user of a profile item (the user's latest items, while they weigh at least MIN_WEIGHT) with
        // the item's position in their sequence and its weight; an item with more users than MAX_CO_USERS marks
        // the user and an even sample of the others, each standing for its share of them
        int[] own = sequence[user];
        int[] ownAge = sequenceAge[user];
        int touched = 0;
        int marks = 0;
        for (int t = own.length - 1; t >= 0; t--) {
            double w = Math.pow(0.5, ownAge[t] / options.halfLife());
            if (w < MIN_WEIGHT) {
                break; // older items weigh less still
            }
            int k = own[t];
            double c = w * invSqrt[k];
            int[] vs = usersOf[k];
            int[] ps = positionOf[k];
            if (vs.length <= MAX_CO_USERS) {
                for (int x = 0; x < vs.length; x++) {
                    touched = s.touch(touched, vs[x], ps[x]);
                    marks = s.mark(marks, vs[x], ps[x], c);
                }
            } else {
                touched = s.touch(touched, user, t);
                marks = s.mark(marks, user, t, c);
                double stride = (vs.length - 1) / (double) MAX_CO_USERS;
                double share = c * stride;
                int taken = 0;
                for (int x = 0, y = 0; taken < MAX_CO_USERS && y < vs.length; x++) {
                    y = (int) (x * stride);
                    if (y >= vs.length) {
                        break;
                    }
                    if (vs[y] == user) {
                        continue;
                    }
                    touched = s.touch(touched, vs[y], ps[y]);
                    marks = s.mark(marks, vs[y], ps[y], share);
                    taken++;
                }
            }
        }
        // each marked user: sum the marks' weights, decayed with distance, at every position but their own; with a
        // window, positions farther than REACH windows from every mark get less than 2^-REACH of it and are skipped
        double[] imp = s.impulse;
        double[] fwd = s.forward;
        for (int x = 0; x < touched; x++) {
            int v = s.touched[x];
            int[] seq = sequence[v];
            float[] st = step[v];
            int n = seq.length;
            for (int m = s.head[v]; m >= 0; m = s.next[m]) {
                imp[s.position[m]] += s.weight[m];
            }
            s.head[v] = -1;
            int lo = 0;
            int hi = n - 1;
            double reach = REACH * options.window();
            if (options.window() > 0 && reach < n) {
                lo = Math.max(0, s.lo[v] - (int) Math.ceil(reach));
                hi = Math.min(n - 1, s.hi[v] + (int) Math.ceil(reach));
            }
            double f = 0;
            for (int t = lo; t <= hi; t++) {
                f = (t > lo ? f * st[t - 1] : 0) + imp[t];
                fwd[t] = f;
            }
            double b = 0;
            for (int t = hi; t >= lo; t--) {
                b = (t < hi ? b * st[t] : 0) + imp[t];
                acc[seq[t]] += fwd[t] + b - 2 * imp[t];
                imp[t] = 0;
            }
        }
        double scale = options.scale();
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) Math.max(0, scale * acc[j] * invSqrt[j]);
        }
    }

    /** {@code user}'s scores of {@code items} into {@code out}: the neighbourhood as a {@link Scorer}. */
    public void scoresInto(int user, int[] items, float[] out) {
        float[] all = new float[train.itemCount()];
        scoreAll(user, all);
        for (int k = 0; k < items.length; k++) {
            out[k] = all[items[k]];
        }
    }

    /** {@code user}'s scores of {@code items}. */
    public float[] scores(int user, int[] items) {
        float[] out = new float[items.length];
        scoresInto(user, items, out);
        return out;
    }

    /** Per-thread work space: the accumulator, the marks (a linked list per user) and one sequence's sweeps. */
    private static final class Scratch {
        final double[] acc;
        final int[] head;
        final int[] touched;
        final int[] lo;
        final int[] hi;
        final double[] impulse;
        final double[] forward;
        int[] next = new int[64];
        int[] position = new int[64];
        double[] weight = new double[64];

        Scratch(int users, int items, int longest) {
            acc = new double[items];
            head = new int[users];
            java.util.Arrays.fill(head, -1);
            touched = new int[users];
            lo = new int[users];
            hi = new int[users];
            impulse = new double[longest];
            forward = new double[longest];
        }

        /** Notes that user v has a mark at position t; returns the number of users touched so far. */
        int touch(int count, int v, int t) {
            if (head[v] < 0) {
                touched[count++] = v;
                lo[v] = t;
                hi[v] = t;
            } else {
                lo[v] = Math.min(lo[v], t);
                hi[v] = Math.max(hi[v], t);
            }
            return count;
        }

        /** Adds mark number {@code m} (user v, position t, weight c) and returns the next number. */
        int mark(int m, int v, int t, double c) {
            if (m == next.length) {
                int cap = m * 2;
                next = java.util.Arrays.copyOf(next, cap);
                position = java.util.Arrays.copyOf(position, cap);
                weight = java.util.Arrays.copyOf(weight, cap);
            }
            next[m] = head[v];
            position[m] = t;
            weight[m] = c;
            head[v] = m;
            return m + 1;
        }
    }
}
