package dev.dendrite.recommend;

import dev.dendrite.data.Batch;
import dev.dendrite.loss.BinaryCrossEntropy;
import dev.dendrite.nn.Graph;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.TrainStep;

import java.util.Locale;
import java.util.Map;

/**
 * Trains a user-item model on implicit feedback as the paper does: every
 * training interaction is a positive (label 1), and each epoch draws
 * {@code negatives} items per positive uniformly from the items that user
 * never trained on (label 0), fresh each epoch from a seeded source; the
 * examples are shuffled and fed in mini-batches to binary cross-entropy on the
 * model's logit with Adam (with weight decay as an L2 penalty or AdamW's
 * decoupled decay, and the rate held or annealed to zero over the run).
 * Optionally a user's recent interactions count more ({@link Recency}: time-
 * weighted implicit feedback, drawn as extra copies of the positive, each with
 * its own negatives). Embedding tables get row-sparse updates, so a step costs the batch, not the
 * catalogue.
 */
public final class NcfTrainer {

    /** How the learning rate moves over a run: held, or annealed to zero step by step (linear or cosine). */
    public enum LrSchedule {
        CONSTANT, LINEAR, COSINE;

        public static LrSchedule parse(String s) {
            for (LrSchedule v : values()) {
                if (v.name().equalsIgnoreCase(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown schedule '" + dev.dendrite.data.Excerpt.of(s)
                    + "', expected constant, linear or cosine");
        }

        /** The learning rate's factor after {@code done} of {@code total} steps. */
        public double factor(long done, long total) {
            double t = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
            return switch (this) {
                case CONSTANT -> 1;
                case LINEAR -> 1 - t;
                case COSINE -> 0.5 * (1 + Math.cos(Math.PI * t));
            };
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How much more a user's recent interactions weigh: the interaction of age
     * {@code a} (0 the user's latest training interaction, 1 the one before...)
     * weighs {@code 1 + boost * 0.5^(a / halfLife)}. An epoch holds each positive
     * {@code floor(w)} times and once more with probability {@code w - floor(w)}
     * (seeded), each copy with its own sampled negatives; in expectation that is
     * the loss weighted by {@code w}. {@link #NONE} weighs all alike (the paper).
     */
    public record Recency(double boost, double halfLife) {
        public static final Recency NONE = new Recency(0, 1);

        public Recency {
            if (!(boost >= 0) || !Double.isFinite(boost) || !(halfLife > 0)) {
                throw new IllegalArgumentException("recency: a boost >= 0 and a positive half-life expected, got "
                        + boost + " and " + halfLife);
            }
        }

        public boolean used() {
            return boost > 0;
        }

        /** The weight of an interaction of age {@code age}. */
        public double weight(int age) {
            return 1 + boost * Math.pow(0.5, age / halfLife);
        }
    }

    /**
     * Training settings. {@code l2} is Adam's weight decay on the weights a step
     * uses (embedding rows only when looked up): an L2 penalty added to the
     * gradient, or with {@code decoupled} AdamW's shrinking of the weight.
     */
    public record Options(int epochs, int batchSize, int negatives, double lr, long seed, double l2,
                          boolean decoupled, LrSchedule schedule, Recency recency) {
        public Options {
            if (epochs < 0 || batchSize < 1 || negatives < 0 || !(lr > 0) || !(l2 >= 0) || schedule == null
                    || recency == null) {
                throw new IllegalArgumentException("ncf training: epochs >= 0, batch size >= 1, negatives >= 0, "
                        + "a positive learning rate, l2 >= 0, a schedule and a recency weighting expected");
            }
        }

        public Options(int epochs, int batchSize, int negatives, double lr, long seed, double l2,
                       boolean decoupled, LrSchedule schedule) {
            this(epochs, batchSize, negatives, lr, seed, l2, decoupled, schedule, Recency.NONE);
        }

        public Options(int epochs, int batchSize, int negatives, double lr, long seed, double l2) {
            this(epochs, batchSize, negatives, lr, seed, l2, false, LrSchedule.CONSTANT);
        }

        public Options(int epochs, int batchSize, int negatives, double lr, long seed) {
            this(epochs, batchSize, negatives, lr, seed, 0);
        }
    }

    /** Told the mean loss and the seconds of each finished epoch. */
    @FunctionalInterface
    public interface EpochListener {
        void epoch(int epoch, double loss, double seconds);
    }

    private NcfTrainer() {
    }

    /** Trains {@code model} on the interactions in {@code train}; returns the last epoch's mean loss. */
    public static double train(Graph model, UserItems train, Options o, EpochListener listener) {
        return train(model, train, null, o, listener);
    }

    /**
     * As {@link #train(Graph, UserItems, Options, EpochListener)}; a model with the
     * {@link NcfModels#NEIGHBOURS} input is fed each pair's score from
     * {@code neighbours} (built on the same interactions), null otherwise.
     */
    public static double train(Graph model, UserItems train, Neighbourhood neighbours, Options o,
                               EpochListener listener) {
        return train(model, train, neighbours, null, o, listener);
    }

    /**
     * As {@link #train(Graph, UserItems, Neighbourhood, Options, EpochListener)}; a
     * model with the {@link NcfModels#HISTORY} input is fed, for each example, the
     * items its user chose before the positive ({@code history}, built on the same
     * interactions), null otherwise.
     */
    public static double train(Graph model, UserItems train, Neighbourhood neighbours, Histories history, Options o,
                               EpochListener listener) {
        checkNeighbours(model, neighbours);
        checkHistory(model, history);
        Optimizer opt = Adam.builder(model.parameters()).learningRate(o.lr()).weightDecay(o.l2())
                .decoupled(o.decoupled()).build();
        TrainStep step = new TrainStep(model, new BinaryCrossEntropy());
        Rng rng = new Rng(o.seed());
        Examples ex = new Examples(train, o, neighbours, history);
        int slots = history == null ? 0 : history.length();
        double last = Double.NaN;
        long totalSteps = (long) o.epochs() * (long) Math.ceil(ex.expected / o.batchSize());
        long done = 0;
        for (int epoch = 1; epoch <= o.epochs(); epoch++) {
            long start = System.nanoTime();
            int n = ex.draw(rng);
            int[] users = ex.users;
            int[] items = ex.items;
            float[] labels = ex.labels;
            float[] features = ex.features;
            int[] order;
            if (history == null) {
                order = rng.permutation(n);
            } else { // whole groups (a positive and its negatives) shuffled, so a batch reads each history once
                int per = 1 + o.negatives();
                int[] groups = rng.permutation(n / per);
                order = new int[n];
                for (int g = 0; g < groups.length; g++) {
                    for (int e = 0; e < per; e++) {
                        order[g * per + e] = groups[g] * per + e;
                    }
                }
            }
            double sum = 0;
            for (int from = 0; from < n; from += o.batchSize()) {
                int b = Math.min(o.batchSize(), n - from);
                int[] bu = new int[b];
                int[] bi = new int[b];
                float[] by = new float[b];
                int[] rows = new int[b];
                float[] bx = features == null ? null : new float[b];
                int[] bh = history == null ? null : new int[b * slots];
                for (int j = 0; j < b; j++) {
                    int r = order[from + j];
                    bu[j] = users[r];
                    bi[j] = items[r];
                    by[j] = labels[r];
                    rows[j] = r;
                    if (bx != null) {
                        bx[j] = features[r];
                    }
                    if (bh != null) {
                        history.before(bu[j], ex.position[r], bh, j * slots);
                    }
                }
                Batch batch = new Batch(bx == null ? null : Tensor.wrap(bx, Shape.of(b, 1)), null,
                        Tensor.wrap(by, Shape.of(b, 1)), rows, bh == null ? Map.of("user", bu, "item", bi)
                        : Map.of("user", bu, "item", bi, NcfModels.HISTORY, bh));
                opt.learningRate(o.lr() * o.schedule().factor(done++, totalSteps));
                TrainStep.Result r = step.computeThen(batch, rng, res -> {
                    if (res.gradients() != null) {
                        opt.step(res.gradients());
                    }
                });
                if (!Double.isFinite(r.loss())) {
                    throw new dev.dendrite.train.DivergenceException(epoch, opt.steps(), "the loss is not finite", null);
                }
                sum += r.loss() * b;
            }
            last = sum / Math.max(1, n);
            if (listener != null) {
                listener.epoch(epoch, last, (System.nanoTime() - start) / 1e9);
            }
        }
        return last;
    }

    /**
     * One epoch's examples: every positive (as many copies as its recency weight
     * draws), each copy followed by its sampled negatives. The arrays are sized
     * once for the largest epoch and refilled by {@link #draw}.
     */
    static final class Examples {
        final UserItems train;
        final int negatives;
        /** Each positive's recency weight, aligned with {@link UserItems#items}; null when all weigh 1. */
        final double[][] weights;
        final int[] users;
        final int[] items;
        final float[] labels;
        /** Each example's neighbourhood score; null without a neighbourhood. */
        final float[] features;
        final Neighbourhood neighbours;
        private final float[] userScores;
        /** Each user's neighbourhood scores, kept across epochs when all of them fit in 64 MB (else null). */
        private final float[][] cached;
        /** The expected number of examples per epoch. */
        final double expected;

        Examples(UserItems train, Options o) {
            this(train, o, null, null);
        }

        /** Each example's positive's position in its user's sequence (with a history input), else null. */
        final int[] position;
        private final Histories history;

        Examples(UserItems train, Options o, Neighbourhood neighbours, Histories history) {
            this.train = train;
            this.history = history;
            this.neighbours = neighbours;
            this.negatives = o.negatives();
            Recency recency = o.recency();
            int per = 1 + negatives;
            if (recency.used() && train.userCount() > 0 && train.ages(0) == null) {
                throw new IllegalArgumentException("ncf training: recency weighting needs the interactions' times");
            }
            weights = recency.used() ? new double[train.userCount()][] : null;
            long capacity = 0;
            double sum = 0;
            for (int u = 0; u < train.userCount(); u++) {
                int n = train.items(u).length;
                if (weights == null) {
                    capacity += (long) n * per;
                    sum += (double) n * per;
                    continue;
                }
                int[] ages = train.ages(u);
                weights[u] = new double[n];
                for (int q = 0; q < n; q++) {
                    double w = recency.weight(ages[q]);
                    weights[u][q] = w;
                    capacity += (long) Math.ceil(w) * per;
                    sum += w * per;
                }
            }
            if (capacity > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("ncf training: " + capacity + " examples per epoch is too many "
                        + "(positives x (1 + negatives), each positive drawn up to its recency weight)");
            }
            users = new int[(int) capacity];
            items = new int[(int) capacity];
            labels = new float[(int) capacity];
            features = neighbours == null ? null : new float[(int) capacity];
            position = history == null ? null : new int[(int) capacity];
            userScores = neighbours == null ? null : new float[train.itemCount()];
            cached = neighbours != null && (long) train.userCount() * train.itemCount() <= (1L << 24)
                    ? new float[train.userCount()][] : null;
            expected = sum;
        }

        /** Draws an epoch's examples into the arrays; returns how many. */
        int draw(Rng rng) {
            int k = 0;
            for (int u = 0; u < train.userCount(); u++) {
                int[] its = train.items(u);
                int[] pos = history == null ? null : history.positions(u);
                int first = k;
                for (int q = 0; q < its.length; q++) {
                    int i = its[q];
                    int copies = 1;
                    if (weights != null) {
                        double w = weights[u][q];
                        copies = (int) w;
                        if (rng.nextDouble() < w - copies) {
                            copies++;
                        }
                    }
                    for (int c = 0; c < copies; c++) {
                        if (pos != null) {
                            java.util.Arrays.fill(position, k, k + 1 + negatives, pos[q]);
                        }
                        users[k] = u;
                        items[k] = i;
                        labels[k++] = 1f;
                        for (int s = 0; s < negatives; s++) {
                            int j = train.sampleUnseen(u, rng);
                            users[k] = u;
                            items[k] = j < 0 ? i : j;
                            labels[k++] = j < 0 ? 1f : 0f;
                        }
                    }
                }
                if (features != null && k > first) {
                    float[] scores = userScores;
                    if (cached != null && cached[u] != null) {
                        scores = cached[u];
                    } else {
                        neighbours.scoreAll(u, scores);
                        if (cached != null) {
                            cached[u] = scores.clone();
                        }
                    }
                    for (int e = first; e < k; e++) {
                        features[e] = scores[items[e]];
                    }
                }
            }
            return k;
        }
    }

    /** Scores by running {@code model} on (user, item) pairs in evaluation mode; the logit is the score. */
    public static Scorer scorer(Graph model) {
        return scorer(model, null);
    }

    /** As {@link #scorer(Graph)}, feeding a model with the neighbourhood input from {@code neighbours}. */
    public static Scorer scorer(Graph model, Neighbourhood neighbours) {
        return scorer(model, neighbours, null);
    }

    /** As {@link #scorer(Graph, Neighbourhood)}, feeding a model with the history input its users' latest items. */
    public static Scorer scorer(Graph model, Neighbourhood neighbours, Histories history) {
        checkNeighbours(model, neighbours);
        checkHistory(model, history);
        return (u, items, out) -> {
            int[] us = new int[items.length];
            java.util.Arrays.fill(us, u);
            float[] v = logits(model, us, items, neighbours == null ? null : neighbours.scores(u, items),
                    history == null ? null : history.latestRepeated(u, items.length));
            System.arraycopy(v, 0, out, 0, items.length);
        };
    }

    /** The model's logits for the pairs {@code (users[k], items[k])}. */
    public static float[] logits(Graph model, int[] users, int[] items) {
        return logits(model, users, items, null);
    }

    /**
     * The model's logits for the pairs {@code (users[k], items[k])}, with
     * {@code neighbours[k]} the pair's neighbourhood score for a model that takes
     * one (null otherwise).
     */
    public static float[] logits(Graph model, int[] users, int[] items, float[] neighbours) {
        return logits(model, users, items, neighbours, null);
    }

    /**
     * As {@link #logits(Graph, int[], int[], float[])}, with {@code history} the
     * {@code [pairs, L]} history input (row-major) for a model that takes one.
     */
    public static float[] logits(Graph model, int[] users, int[] items, float[] neighbours, int[] history) {
        Map<String, dev.dendrite.autograd.Var> in = new java.util.HashMap<>();
        if (history != null) {
            int slots = users.length == 0 ? 0 : history.length / users.length;
            in.put(NcfModels.HISTORY, dev.dendrite.autograd.Var.indices(history, users.length, slots));
        }
        in.put("user", dev.dendrite.autograd.Var.indices(users));
        in.put("item", dev.dendrite.autograd.Var.indices(items));
        if (neighbours != null) {
            in.put(NcfModels.NEIGHBOURS, dev.dendrite.autograd.Var.constant(
                    Tensor.wrap(neighbours, Shape.of(neighbours.length, 1))));
        }
        return model.forward(in, dev.dendrite.nn.Mode.EVAL).value().toArray();
    }

    private static void checkHistory(Graph model, Histories history) {
        int takes = NcfModels.historyLength(model);
        if (takes != (history == null ? 0 : history.length())) {
            throw new IllegalArgumentException(takes > 0 && history == null
                    ? "ncf: the model takes the user's latest " + takes + " items, but no history was given"
                    : history != null && takes == 0
                    ? "ncf: a history was given, but the model has no '" + NcfModels.HISTORY + "' input"
                    : "ncf: the model takes " + takes + " history slots, the history has " + history.length());
        }
    }

    private static void checkNeighbours(Graph model, Neighbourhood neighbours) {
        boolean takes = NcfModels.takesNeighbours(model);
        if (takes != (neighbours != null)) {
            throw new IllegalArgumentException(takes
                    ? "ncf: the model takes neighbourhood scores, but no neighbourhood was given"
                    : "ncf: a neighbourhood was given, but the model has no '" + NcfModels.NEIGHBOURS + "' input");
        }
    }
}
