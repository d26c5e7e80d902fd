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

    /** Model and training settings. */
    public record Settings(NcfModels.Kind kind, int factors, int[] layers, int epochs, int batchSize, int negatives,
                           double lr, boolean pretrain, double l2) {
        public Settings {
            layers = layers.clone();
        }

        public Settings(NcfModels.Kind kind, int factors, int[] layers, int epochs, int batchSize, int negatives,
                        double lr, boolean pretrain) {
            this(kind, factors, layers, epochs, batchSize, negatives, lr, pretrain, 0);
        }

        /** The defaults chosen on the validation interactions of the MovieLens data (see the README). */
        public static Settings defaults() {
            return new Settings(NcfModels.Kind.NEUMF, 16, new int[] {64, 32, 16}, 4, 256, 8, 0.002, false);
        }

        public NcfTrainer.Options options(long seed) {
            return new NcfTrainer.Options(epochs, batchSize, negatives, lr, seed, l2);
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
            return m;
        }
    }

    /** A model of {@code s.kind()} trained on {@code train} from {@code seed}. */
    public static Graph fit(Settings s, UserItems train, long seed, NcfTrainer.EpochListener listener) {
        int users = train.userCount();
        int items = train.itemCount();
        if (s.kind() == NcfModels.Kind.NEUMF && s.pretrain()) {
            Graph gmf = NcfModels.gmf(users, items, s.factors(), new Rng(seed + 1));
            NcfTrainer.train(gmf, train, s.options(seed + 1), listener);
            Graph mlp = NcfModels.mlp(users, items, s.layers(), new Rng(seed + 2));
            NcfTrainer.train(mlp, train, s.options(seed + 2), listener);
            Graph neumf = NcfModels.neumf(users, items, s.factors(), s.layers(), new Rng(seed));
            NcfModels.neumfFromPretrained(neumf, gmf, mlp, 0.5f);
            NcfTrainer.train(neumf, train, new NcfTrainer.Options(s.epochs(), s.batchSize(), s.negatives(),
                    s.lr() / 10, seed, s.l2()), listener);
            return neumf;
        }
        Graph g = NcfModels.build(s.kind(), users, items, s.factors(), s.layers(), new Rng(seed));
        NcfTrainer.train(g, train, s.options(seed), listener);
        return g;
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
        for (int r = 0; r < runs; r++) {
            Graph g = fit(s, h.trainItems(), seed + r, listener);
            ms[r] = Ranking.evaluate(NcfTrainer.scorer(g), h, k, full);
            hr[r] = ms[r].hr();
            ndcg[r] = ms[r].ndcg();
        }
        rows.add(new Row(s.kind().label(), mean(ms), hr, ndcg));
        if (baselines) {
            rows.add(row("most-popular", Ranking.evaluate(Baselines.mostPopular(h.trainItems()), h, k, full)));
            rows.add(row("item-knn", Ranking.evaluate(Baselines.itemKnn(h.trainItems()), h, k, full)));
            rows.add(row("bpr-mf", Ranking.evaluate(Baselines.bpr(h.trainItems(), 32, 40, 0.05, 0.005, seed),
                    h, k, full)));
        }
        return rows;
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
