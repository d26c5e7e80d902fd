package dev.dendrite.recommend;

import dev.dendrite.nn.EmbeddingBag;

/**
 * Each user's items in time order, read as the {@link NcfModels#HISTORY}
 * input: the {@code length} items a user chose just before a point of their
 * sequence, the latest in slot 0 and unused slots {@link EmbeddingBag#EMPTY}.
 * Training asks for the items before each positive, so every example sees what
 * a held-out latest item sees; scoring asks for the user's latest items.
 */
public final class Histories {
    /**
     * How many of a user's latest items NeuMF's history input reads (0: no
     * history input) and the half-life, in slots, of their weights.
     */
    public record Options(int length, double halfLife) {
        public static final Options OFF = new Options(0, 0);

        /** The longest history input: slots cost every example of a batch. */
        public static final int MAX_LENGTH = 1000;

        public Options {
            if (length < 0 || length > MAX_LENGTH || !(halfLife >= 0) || !Double.isFinite(halfLife)) {
                throw new IllegalArgumentException("history: a length from 0 (off) to " + MAX_LENGTH
                        + " and a half-life >= 0 expected, got " + length + " and " + halfLife);
            }
        }

        public boolean used() {
            return length > 0;
        }
    }

    private final UserItems train;
    private final int length;
    /** Each user's items, oldest first (time order; ties as the split ordered them). */
    private final int[][] sequence;
    /** Each user's sequence position of their items, aligned with {@link UserItems#items}. */
    private final int[][] position;

    private Histories(UserItems train, int length) {
        this.train = train;
        this.length = length;
        int users = train.userCount();
        sequence = new int[users][];
        position = new int[users][];
        for (int u = 0; u < users; u++) {
            int[] its = train.items(u);
            int[] order = train.timeOrder(u);
            int n = its.length;
            int[] seq = new int[n];
            int[] pos = new int[n];
            for (int t = 0; t < n; t++) {
                int q = order[t];
                seq[t] = its[q];
                pos[q] = t;
            }
            sequence[u] = seq;
            position[u] = pos;
        }
    }

    /** The histories of {@code train}, whose ages give the order; {@code length} slots each. */
    public static Histories of(UserItems train, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("history: a length >= 1 expected, got " + length);
        }
        if (train.userCount() > 0 && train.ages(0) == null) {
            throw new IllegalArgumentException("history: the interactions' times are needed (their order per user)");
        }
        return new Histories(train, length);
    }

    public int length() {
        return length;
    }

    public UserItems train() {
        return train;
    }

    /** The sequence position (0 = oldest) of each of {@code user}'s items, aligned with {@link UserItems#items}. */
    public int[] positions(int user) {
        return position[user];
    }

    /** Writes the {@link #length} items {@code user} chose before position {@code t}, latest first, at {@code out[off...]}. */
    public void before(int user, int t, int[] out, int off) {
        int[] seq = sequence[user];
        for (int l = 0; l < length; l++) {
            int s = t - 1 - l;
            out[off + l] = s >= 0 ? seq[s] : EmbeddingBag.EMPTY;
        }
    }

    /** Writes {@code user}'s latest {@link #length} items, latest first, at {@code out[off...]}. */
    public void latest(int user, int[] out, int off) {
        before(user, sequence[user].length, out, off);
    }

    /** {@code user}'s latest items repeated for {@code rows} examples: a {@code [rows, length]} history input. */
    public int[] latestRepeated(int user, int rows) {
        int[] out = new int[rows * length];
        latest(user, out, 0);
        for (int r = 1; r < rows; r++) {
            System.arraycopy(out, 0, out, r * length, length);
        }
        return out;
    }
}
