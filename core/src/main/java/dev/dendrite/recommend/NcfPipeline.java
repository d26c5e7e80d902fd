package dev.dendrite.recommend;

import dev.dendrite.nn.Graph;
import dev.dendrite.tensor.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code dendrite recommend train} does, as a library call: fit a model of
 * one kind with given settings ({@link #fit}), and the paper's evaluation of
 * those settings on a leave-latest-out split beside the baselines
 * ({@link #evaluate}). With {@code pretrain}, NeuMF is initialised from a GMF
 * and an MLP trained first with the same settings, then trained on at a tenth
 * of the learning rate (the paper switches to plain SGD at this point; a
 * smaller Adam step serves the same purpose: not to undo the pre-training).
 */
public final class NcfPipeline {
    private NcfPipeline() {
    }

    /**
     * Model and training settings: {@code dropout} follows each ReLU of the MLP
     * tower; {@code l2}, {@code decoupled}, {@code schedule} and {@code recency}
     * are as in {@link NcfTrainer.Options}; {@code neighbourhood} and
     * {@code history}, when used, give NeuMF the {@link Neighbourhood} input and
     * the history input ({@link Histories}); with both {@code OFF} it is the
     * paper's NeuMF.
     */
    public record Settings(NcfModels.Kind kind, int factors, int[] layers, int epochs, int batchSize, int negatives,
                           double lr, boolean pretrain, double l2, float dropout, boolean decoupled,
                           NcfTrainer.LrSchedule schedule, NcfTrainer.Recency recency,
                           Neighbourhood.Options neighbourhood, Histories.Options history) {
        public Settings {
            layers = layers.clone();
            if (recency == null) {
                throw new IllegalArgumentException("ncf settings: a recency weighting expected (Recency.NONE for none)");
            }
            if (neighbourhood == null) {
                throw new IllegalArgumentException("ncf settings: neighbourhood options expected (OFF for none)");
            }
            if (history == null) {
                throw new IllegalArgumentException("ncf settings: history options expected (OFF for none)");
            }
            if (history.used() && kind != NcfModels.Kind.NEUMF) {
                throw new IllegalArgumentException("ncf settings: the history input is NeuMF's; "
                        + kind.label() + " has none");
            }
            if (neighbourhood.used() && kind != NcfModels.Kind.NEUMF) {
                throw new IllegalArgumentException("ncf settings: the neighbourhood input is NeuMF's; "
                        + kind.label() + " has none");
            }
        }

        public Settings(NcfModels.Kind kind, int factors, int[] layers, int epochs, int batchSize, int negatives,
                        double lr, boolean pretrain, double l2, float dropout, boolean decoupled,
                        NcfTrainer.LrSchedule schedule, NcfTrainer.Recency recency,
                        Neighbourhood.Options neighbourhood) {
            this(kind, factors, layers, epochs, batchSize, negatives, lr, pretrain, l2, dropout, decoupled, schedule,
                    recency, neighbourhood, Histories.Options.OFF);
        }

        public Settings(NcfModels.Kind kind, int factors, int[] layers, int epochs, int batchSize, int negatives,
                        double lr, boolean pretrain, double l2, float dropout, boolean decoupled,
                        NcfTrainer.LrSchedule schedule, NcfTrainer.Recency recency) {
            this(kind, factors, layers, epochs, batchSize, negatives, lr, pretrain, l2, dropout, decoupled, schedule,
                    recency, Neighbourhood.Options.OFF);
        }

        /** The model's name in reports: its kind, with {@code +neighbourhood} when it takes that input. */
        public String label() {
            return kind.label() + (history.used() ? "+history" : "") + (neighbours() ? "+neighbourhood" : "");
        }

        /** Whether the model takes the neighbourhood input. */
        public boolean neighbours() {
            return neighbourhood.used();
        }

        public Settings(NcfModels.Kind kind, int factors, int[] layers, int epochs, int batchSize, int negatives,
                        double lr, boolean pretrain, double l2, float dropout, boolean decoupled,
                        NcfTrainer.LrSchedule schedule) {
            this(kind, factors, layers, epochs, batchSize, negatives, lr, pretrain, l2, dropout, decoupled, schedule,
                    NcfTrainer.Recency.NONE);
        }

        public Settings(NcfModels.Kind kind, int factors, int[] layers, int epochs, int batchSize, int negatives,
                        double lr, boolean pretrain, double l2) {
            this(kind, factors, layers, epochs, batchSize, negatives, lr, pretrain, l2, 0f, false,
                    NcfTrainer.LrSchedule.CONSTANT);
        }

        public Settings(NcfModels.Kind kind, int factors, int[] layers, int epochs, int batchSize, int negatives,
                        double lr, boolean pretrain) {
            this(kind, factors, layers, epochs, batchSize, negatives, lr, pretrain, 0);
        }

        /**
         * The defaults chosen on the validation interactions of the MovieLens data
         * (docs/recommend-tuning.md, round 8): NeuMF with GMF factors 64, MLP
         * 64-32-16 and the history input (the user's latest 40 items, weights
         * halving every 10), 9 epochs of batch 256 with 8 negatives per positive,
         * AdamW at 0.003 with decoupled weight decay 0.4; no recency weighting of
         * the loss and no neighbourhood input.
         */
        public static Settings defaults() {
            return new Settings(NcfModels.Kind.NEUMF, 64, new int[] {64, 32, 16}, 9, 256, 8, 0.003, false, 0.4, 0f,
                    true, NcfTrainer.LrSchedule.CONSTANT, NcfTrainer.Recency.NONE, Neighbourhood.Options.OFF,
                    new Histories.Options(40, 10));
        }

        public NcfTrainer.Options options(long seed) {
            return new NcfTrainer.Options(epochs, batchSize, negatives, lr, seed, l2, decoupled, schedule, recency);
        }

    /** The settings as model-file metadata. */
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", kind.label());
            m.put("factors", factors);
            m.put("layers", Arrays.stream(layers).boxed().map(i -> (Object) i).toList());
            m.put("epochs", epochs);
            m.put("batch_size", batchSize);
            m.put("negatives", negatives);
            m.put("learning_rate", lr);
            m.put("pretrain", pretrain);
            m.put("l2", l2);
            m.put("decoupled", decoupled);
            m.put("schedule", schedule.label());
            m.put("dropout", (double) dropout);
            m.put("recency_boost", recency.boost());
            m.put("recency_half_life", recency.halfLife());
            m.put("neighbourhood_half_life", neighbourhood.halfLife());
            m.put("neighbourhood_scale", neighbourhood.scale());
            m.put("neighbourhood_window", neighbourhood.window());
            m.put("history_length", history.length());
            m.put("history_half_life", history.halfLife());
            return m;
        }
    }

    /** Told about the model being fitted after each of its epochs (for NeuMF pre-trained: the final stage's). */
    @FunctionalInterface
    public interface EpochModel {
        void after(int epoch, Graph model);
    }

    /** The neighbourhood {@code s} feeds its model on {@code train}, or null when it has none. */
    public static Neighbourhood neighbourhood(Settings s, UserItems train) {
        return s.neighbours() ? Neighbourhood.of(train, s.neighbourhood()) : null;
    }

    /** The history input {@code s} feeds its model on {@code train}, or null when it has none. */
    public static Histories history(Settings s, UserItems train) {
        return s.history().used() ? Histories.of(train, s.history().length()) : null;
    }

    /** How a model fitted with {@code s} on {@code train} scores pairs. */
    public static Scorer scorer(Settings s, Graph model, UserItems train) {
        return NcfTrainer.scorer(model, neighbourhood(s, train), history(s, train));
    }

    /** A model of {@code s.kind()} trained on {@code train} from {@code seed}. */
    public static Graph fit(Settings s, UserItems train, long seed, NcfTrainer.EpochListener listener) {
        return fit(s, train, seed, listener, null);
    }

    /** As {@link #fit(Settings, UserItems, long, NcfTrainer.EpochListener)}, showing {@code each} the model after every epoch. */
    public static Graph fit(Settings s, UserItems train, long seed, NcfTrainer.EpochListener listener,
                            EpochModel each) {
        return fit(s, train, neighbourhood(s, train), history(s, train), seed, listener, each);
    }

    private static Graph fit(Settings s, UserItems train, Neighbourhood nb, Histories hist, long seed,
                             NcfTrainer.EpochListener listener, EpochModel each) {
        int length = s.history().length();
        double hl = s.history().halfLife();
        int users = train.userCount();
        int items = train.itemCount();
        if (s.kind() == NcfModels.Kind.NEUMF && s.pretrain()) {
            Graph gmf = NcfModels.gmf(users, items, s.factors(), new Rng(seed + 1));
            NcfTrainer.train(gmf, train, s.options(seed + 1), listener);
            Graph mlp = NcfModels.mlp(users, items, s.layers(), s.dropout(), new Rng(seed + 2));
            NcfTrainer.train(mlp, train, s.options(seed + 2), listener);
            Graph neumf = NcfModels.neumf(users, items, s.factors(), s.layers(), s.dropout(), nb != null, length, hl,
                    new Rng(seed));
            NcfModels.neumfFromPretrained(neumf, gmf, mlp, 0.5f);
            NcfTrainer.Options o = s.options(seed);
            NcfTrainer.train(neumf, train, nb, hist, new NcfTrainer.Options(o.epochs(), o.batchSize(), o.negatives(),
                    o.lr() / 10, seed, o.l2(), o.decoupled(), o.schedule(), o.recency()), watch(listener, each, neumf));
            return neumf;
        }
        Graph g = nb != null || hist != null
                ? NcfModels.neumf(users, items, s.factors(), s.layers(), s.dropout(), nb != null, length, hl,
                new Rng(seed))
                : NcfModels.build(s.kind(), users, items, s.factors(), s.layers(), s.dropout(), new Rng(seed));
        NcfTrainer.train(g, train, nb, hist, s.options(seed), watch(listener, each, g));
        return g;
    }

    private static NcfTrainer.EpochListener watch(NcfTrainer.EpochListener listener, EpochModel each, Graph g) {
        if (each == null) {
            return listener;
        }
        return (epoch, loss, seconds) -> {
            if (listener != null) {
                listener.epoch(epoch, loss, seconds);
            }
            each.after(epoch, g);
        };
    }

    /**
     * The sampled HR@K and NDCG@K on {@code h} after every epoch, averaged over
     * {@code runs} seeds ({@code seed, seed + 1, ...}): row {@code e - 1} holds
     * epoch {@code e}'s mean HR, its standard deviation, mean NDCG and its
     * standard deviation. Meant for the validation holdout, to choose the number
     * of epochs (early stopping done once, on validation, then fixed).
     */
    public static double[][] curve(Settings s, LeaveOneOut.Holdout h, int k, int runs, long seed,
                                   NcfTrainer.EpochListener listener) {
        double[][] hr = new double[s.epochs()][runs];
        double[][] ndcg = new double[s.epochs()][runs];
        Neighbourhood nb = neighbourhood(s, h.trainItems());
        Histories hist = history(s, h.trainItems());
        for (int r = 0; r < runs; r++) {
            int run = r;
            fit(s, h.trainItems(), nb, hist, seed + r, listener, (epoch, g) -> {
                Ranking.Metrics m = Ranking.evaluate(NcfTrainer.scorer(g, nb, hist), h, k, false);
                hr[epoch - 1][run] = m.hr();
                ndcg[epoch - 1][run] = m.ndcg();
            });
        }
        double[][] out = new double[s.epochs()][];
        for (int e = 0; e < out.length; e++) {
            double[] a = Ranking.meanAndSd(hr[e]);
            double[] b = Ranking.meanAndSd(ndcg[e]);
            out[e] = new double[] {a[0], a[1], b[0], b[1]};
        }
        return out;
    }

    /** One row of an evaluation table. */
    public record Row(String name, Ranking.Metrics metrics, double[] hrRuns, double[] ndcgRuns) {
    }

    /**
     * The model trained with {@code s} from seeds {@code seed, seed + 1, ...}
     * ({@code runs} of them) on the holdout's training interactions, then the
     * baselines (most-popular, item-kNN, BPR-MF), all ranked on the same
     * held-out items and candidates. The model's row holds the mean metrics and
     * each run's HR and NDCG.
     */
    public static List<Row> evaluate(Settings s, LeaveOneOut.Holdout h, int k, int runs, long seed, boolean full,
                                     boolean baselines, NcfTrainer.EpochListener listener) {
        List<Row> rows = new ArrayList<>();
        double[] hr = new double[runs];
        double[] ndcg = new double[runs];
        Ranking.Metrics[] ms = new Ranking.Metrics[runs];
        Neighbourhood nb = neighbourhood(s, h.trainItems());
        Histories hist = history(s, h.trainItems());
        for (int r = 0; r < runs; r++) {
            Graph g = fit(s, h.trainItems(), nb, hist, seed + r, listener, null);
            ms[r] = Ranking.evaluate(NcfTrainer.scorer(g, nb, hist), h, k, full);
            hr[r] = ms[r].hr();
            ndcg[r] = ms[r].ndcg();
        }
        rows.add(new Row(s.label(), mean(ms), hr, ndcg));
        if (baselines) {
            rows.addAll(baselines(h.trainItems(), h, k, full, seed));
            // the kNN of the user's recent items, the strongest simple rival on data with a time order: the
            // model's neighbourhood input alone when it takes one (to show what the network adds to it)
            Neighbourhood shown = nb != null ? nb : Neighbourhood.baseline(h.trainItems());
            if (shown != null) {
                rows.add(row("neighbourhood", Ranking.evaluate(shown::scoresInto, h, k, full)));
            }
        }
        return rows;
    }

    /**
     * The three baselines of every report, built from {@code train} and ranked on
     * {@code h}: most-popular, item-kNN (cosine) and BPR-MF (32 factors, 40
     * epochs, SGD at 0.05 with L2 0.005, seeded with {@code seed}).
     */
    public static List<Row> baselines(UserItems train, LeaveOneOut.Holdout h, int k, boolean full, long seed) {
        return List.of(
                row("most-popular", Ranking.evaluate(Baselines.mostPopular(train), h, k, full)),
                row("item-knn", Ranking.evaluate(Baselines.itemKnn(train), h, k, full)),
                row("bpr-mf", Ranking.evaluate(Baselines.bpr(train, 32, 40, 0.05, 0.005, seed), h, k, full)));
    }

    private static Row row(String name, Ranking.Metrics m) {
        return new Row(name, m, new double[] {m.hr()}, new double[] {m.ndcg()});
    }

    private static Ranking.Metrics mean(Ranking.Metrics[] ms) {
        double hr = 0, ndcg = 0, mrr = 0, fhr = 0, fndcg = 0, cov = 0;
        for (Ranking.Metrics m : ms) {
            hr += m.hr();
            ndcg += m.ndcg();
            mrr += m.mrr();
            fhr += m.fullHr();
            fndcg += m.fullNdcg();
            cov += m.coverage();
        }
        int n = ms.length;
        return new Ranking.Metrics(ms[0].users(), ms[0].k(), hr / n, ndcg / n, mrr / n, fhr / n, fndcg / n, cov / n);
    }
}
