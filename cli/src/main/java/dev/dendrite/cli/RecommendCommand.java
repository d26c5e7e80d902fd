package dev.dendrite.cli;

import dev.dendrite.recommend.Interactions;
import dev.dendrite.recommend.InteractionReader;
import dev.dendrite.recommend.LeaveOneOut;
import dev.dendrite.recommend.NcfModels;
import dev.dendrite.recommend.NcfPipeline;
import dev.dendrite.recommend.Histories;
import dev.dendrite.recommend.Neighbourhood;
import dev.dendrite.recommend.NcfTrainer;
import dev.dendrite.recommend.Recommender;
import dev.dendrite.recommend.Ranking;
import dev.dendrite.recommend.UserItems;
import dev.dendrite.nn.Graph;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dendrite recommend}: neural collaborative filtering on
 * {@code user,item[,rating][,timestamp]} files. {@code train} evaluates the
 * settings the paper's way (leave-latest-out, the held-out item among 99
 * sampled unseen items, beside most-popular, item-kNN and BPR-MF), then refits
 * on every interaction and saves that model, so the served model has seen all
 * the data while the printed numbers come from a model that had not seen the
 * held-out items. The serving subcommands are in {@link RecommendServe}.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        name = "recommend",
        description = "Recommendations with neural collaborative filtering (GMF, MLP, NeuMF, MF).",
        subcommands = {RecommendCommand.Train.class, RecommendServe.Evaluate.class, RecommendServe.Top.class,
                RecommendServe.Similar.class, RecommendServe.Score.class})
final class RecommendCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "recommend: give a subcommand: train, evaluate, top, similar or score");
    }

    /** {@code recommend train}. */
    @Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class, name = "train",
            description = "Train a recommender on interactions: evaluate it leave-latest-out beside baselines, "
                    + "then refit it on every interaction and save it.",
            footer = {"", "Examples:",
                    "  dendrite recommend train --data data/movielens/ratings.csv --output models/movies.dnd",
                    "  dendrite recommend train --data u.data --model gmf --factors 32 --no-evaluate -o gmf.dnd",
                    "  dendrite recommend train --data ratings.csv --validation --runs 3   (tune; saves nothing)"})
    static final class Train implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"--data", "-d"}, required = true,
                description = "Interactions: user,item[,rating][,timestamp] as CSV or TSV (MovieLens ratings.csv, u.data).")
        Path data;

        @Option(names = {"--output", "-o"}, description = "Where to save the model refitted on all interactions.")
        Path output;

        @Option(names = "--model", defaultValue = "neumf", description = "neumf, gmf, mlp or mf (default: ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--factors", description = "Embedding size of GMF and MF (default: 64 for NeuMF, 16 for the others).")
        Integer factors;

        @Option(names = "--layers", split = ",", description = "MLP tower sizes, the first being the joined "
                + "user and item embeddings (default: 64,32,16).")
        int[] layers;

        @Option(names = "--epochs", description = "Passes over the positives (default: 9).")
        Integer epochs;

        @Option(names = "--batch-size", description = "Examples per step (default: 256).")
        Integer batchSize;

        @Option(names = "--negatives", description = "Sampled negatives per positive (default: 8).")
        Integer negatives;

        @Option(names = {"--learning-rate", "--lr"}, description = "Adam's learning rate (default: 0.003).")
        Double lr;

        @Option(names = "--l2", description = "Weight decay on the weights a step uses: AdamW's decoupled decay, or with --no-adamw "
                + "an L2 penalty in the gradient (default: 0.4, decoupled).")
        Double l2;

        @Option(names = "--adamw", negatable = true,
                description = "Apply --l2 as AdamW's decoupled weight decay (the default); --no-adamw: as an L2 "
                        + "penalty in the gradient.")
        Boolean adamw;

        @Option(names = "--schedule", description = "Learning rate over the run: constant, linear or cosine "
                + "(annealed to zero by the last step) (default: constant).")
        String schedule;

        @Option(names = "--dropout", description = "Dropout after each ReLU of the MLP tower (default: 0).")
        Float dropout;

        @Option(names = "--recency-boost", description = "Weigh a user's recent interactions more: the one of age a "
                + "(0 = the user's latest) weighs 1 + BOOST * 0.5^(a / HALF-LIFE); 0 weighs all alike, as the "
                + "paper does; at most 100 (default: 0).")
        Double recencyBoost;

        @Option(names = "--recency-half-life", description = "Interactions after which the extra weight of "
                + "--recency-boost halves (default: 3).")
        Double recencyHalfLife;

        @Option(names = "--neighbourhood-half-life", description = "NeuMF only: also feed the output unit each "
                + "pair's neighbourhood score, the item-kNN (cosine) score of the item against the user's items, "
                + "the one of age a weighted 0.5^(a / HALF-LIFE), e.g. 5; 0 turns it off (default: 0).")
        Double neighbourHalfLife;

        @Option(names = "--neighbourhood-scale", description = "NeuMF only: the factor on every neighbourhood score "
                + "(a larger input needs a smaller weight, which weight decay holds back less) (default: 1000).")
        Double neighbourScale;

        @Option(names = "--neighbourhood-window", description = "NeuMF only: the neighbourhood's item similarity "
                + "counts two items a user chose d interactions apart 0.5^(d / WINDOW) times; 0 counts every pair "
                + "once (the plain item-kNN cosine) (default: 100).")
        Double neighbourWindow;

        @Option(names = "--history", description = "NeuMF only: the user vectors also sum the embeddings of the "
                + "user's latest N items (the items before each positive when training); 0 turns it off "
                + "(the paper's NeuMF) (default: 40).")
        Integer history;

        @Option(names = "--history-half-life", description = "NeuMF only: slots of --history after which an item's "
                + "weight in the user vectors halves; 0 weighs all alike (default: 10).")
        Double historyHalfLife;

        @Option(names = "--pretrain", negatable = true,
                description = "NeuMF only: pre-train a GMF and an MLP and start from them.")
        Boolean pretrain;

        @Option(names = "--threshold", description = "Keep only interactions rated at least this.")
        Float threshold;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of sampling and initialisation (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "-k", defaultValue = "10", description = "Cut-off of HR@K and NDCG@K (default: ${DEFAULT-VALUE}).")
        int k;

        @Option(names = "--candidates", defaultValue = "99",
                description = "Sampled unseen items the held-out item is ranked among (default: ${DEFAULT-VALUE}).")
        int candidates;

        @Option(names = "--runs", defaultValue = "1",
                description = "Evaluate with this many seeds (seed, seed+1, ...) and print mean and spread (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--validation", description = "Evaluate on each user's second-latest interaction "
                + "(for tuning: the latest stays unseen); saves nothing.")
        boolean validation;

        @Option(names = "--curve", description = "With --validation: the model's HR and NDCG on the validation "
                + "items after every epoch (mean and spread over --runs), to choose the number of epochs; "
                + "no baselines.")
        boolean curve;

        @Option(names = "--no-evaluate", description = "Skip the evaluation; only fit on all interactions.")
        boolean noEvaluate;

        @Option(names = "--no-baselines", description = "Print the model's row only.")
        boolean noBaselines;

        @Option(names = "--no-full", description = "Skip the full ranking over all unseen items (and coverage).")
        boolean noFull;

        @Option(names = "--quiet", description = "No progress lines.")
        boolean quiet;

        @Override
        public Integer call() {
            check(k >= 1, "-k: expected a positive number, got " + k);
            check(candidates >= 1, "--candidates: expected a positive number, got " + candidates);
            check(runs >= 1, "--runs: expected a positive number, got " + runs);
            check(!(validation && noEvaluate), "--validation and --no-evaluate: choose one");
            check(!curve || validation, "--curve: only with --validation (the epochs are chosen on validation)");
            check(!(validation && output != null), "--validation and --output: a validation run saves nothing; "
                    + "drop one");
            NcfPipeline.Settings s = settings();
            if (output != null) {
                Output.checkFile("--output", output);
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Interactions d = InteractionReader.read(data, new InteractionReader.Options(
                    threshold == null ? Float.NaN : threshold, null));
            out.printf(Locale.ROOT, "data: %s: %d interactions, %d users, %d items%n", data, d.size(),
                    d.userCount(), d.itemCount());
            NcfTrainer.EpochListener progress = quiet ? null : (e, loss, sec) ->
                    err.printf(Locale.ROOT, "  epoch %d/%d  loss %.4f  %.1fs%n", e, s.epochs(), loss, sec);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("data", data.toString());
            meta.put("settings", s.describe());
            if (!noEvaluate) {
                LeaveOneOut split = LeaveOneOut.of(d);
                LeaveOneOut.Holdout h = validation ? split.validation(candidates, seed) : split.test(candidates, seed);
                check(h.users().length > 0, data + ": no user has two interactions; leave-latest-out needs them");
                out.printf(Locale.ROOT, "evaluation: leave-latest-out on the %s item of %d users, ranked among %d "
                        + "sampled unseen items; trained on the other %d interactions%n",
                        validation ? "second-latest (validation)" : "latest (test)", h.users().length, candidates,
                        h.train().length);
                if (curve) {
                    printCurve(out, NcfPipeline.curve(s, h, k, runs, seed, progress), k, runs);
                    return 0;
                }
                List<NcfPipeline.Row> rows = NcfPipeline.evaluate(s, h, k, runs, seed, !noFull, !noBaselines, progress);
                printTable(out, rows, k, runs);
                meta.put("evaluation", evaluationMeta(rows.get(0), validation, k));
                out.flush();
            }
            if (validation) {
                return 0;
            }
            if (output != null) {
                if (!quiet) {
                    err.println("refit on all " + d.size() + " interactions");
                }
                UserItems all = UserItems.of(d);
                Graph g = NcfPipeline.fit(s, all, seed, progress);
                meta.put("trained_on", "all " + d.size() + " interactions (the evaluation's model had not seen "
                        + "the held-out items)");
                new Recommender(g, d.users(), d.items(), all, s.neighbourhood(), meta).save(output);
                out.println("saved " + output);
            } else if (noEvaluate) {
                err.println("dendrite: note: nothing to do without --output when --no-evaluate is given");
            }
            return 0;
        }

        private NcfPipeline.Settings settings() {
            NcfPipeline.Settings d = NcfPipeline.Settings.defaults();
            NcfModels.Kind kind;
            try {
                kind = NcfModels.Kind.parse(model);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--model: " + e.getMessage());
            }
            boolean pre = (pretrain == null ? d.pretrain() : pretrain) && kind == NcfModels.Kind.NEUMF;
            check(pretrain == null || !pretrain || kind == NcfModels.Kind.NEUMF,
                    "--pretrain: only NeuMF is pre-trained (--model neumf)");
            int f = factors != null ? factors : kind == NcfModels.Kind.NEUMF ? d.factors() : 16;
            int[] l = layers == null ? d.layers() : layers;
            check(f >= 1, "--factors: expected a positive number, got " + f);
            check(l.length >= 1 && l[0] >= 2 && l[0] % 2 == 0 && java.util.Arrays.stream(l).allMatch(x -> x >= 1),
                    "--layers: expected positive sizes, the first even (half user, half item), got "
                            + java.util.Arrays.toString(l).replace(" ", ""));
            int e = epochs == null ? d.epochs() : epochs;
            int b = batchSize == null ? d.batchSize() : batchSize;
            int n = negatives == null ? d.negatives() : negatives;
            double r = lr == null ? d.lr() : lr;
            check(e >= 1, "--epochs: expected a positive number, got " + e);
            check(b >= 1, "--batch-size: expected a positive number, got " + b);
            check(n >= 0, "--negatives: expected 0 or more, got " + n);
            check(r > 0 && Double.isFinite(r), "--learning-rate: expected a positive number, got " + r);
            double w = l2 == null ? d.l2() : l2;
            check(w >= 0 && Double.isFinite(w), "--l2: expected 0 or a positive number, got " + w);
            float p = dropout == null ? d.dropout() : dropout;
            check(p >= 0 && p < 1, "--dropout: expected a probability in [0, 1), got " + p);
            NcfTrainer.LrSchedule sch;
            try {
                sch = schedule == null ? d.schedule() : NcfTrainer.LrSchedule.parse(schedule);
            } catch (IllegalArgumentException ex) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--schedule: " + ex.getMessage());
            }
            double rb = recencyBoost == null ? d.recency().boost() : recencyBoost;
            double rh = recencyHalfLife != null ? recencyHalfLife : d.recency().boost() > 0 ? d.recency().halfLife() : 3;
            // above 100 the latest interaction outweighs a hundred others, and an epoch's copies grow with it
            check(rb >= 0 && rb <= 100, "--recency-boost: expected a number from 0 to 100, got " + rb);
            check(rh > 0 && Double.isFinite(rh), "--recency-half-life: expected a positive number, got " + rh);
            check(neighbourHalfLife == null || neighbourHalfLife == 0 || kind == NcfModels.Kind.NEUMF,
                    "--neighbourhood-half-life: only NeuMF takes the neighbourhood input (--model neumf)");
            check(neighbourScale == null || kind == NcfModels.Kind.NEUMF,
                    "--neighbourhood-scale: only NeuMF takes the neighbourhood input (--model neumf)");
            check(neighbourWindow == null || kind == NcfModels.Kind.NEUMF,
                    "--neighbourhood-window: only NeuMF takes the neighbourhood input (--model neumf)");
            double nh = neighbourHalfLife != null ? neighbourHalfLife
                    : kind == NcfModels.Kind.NEUMF ? d.neighbourhood().halfLife() : 0;
            // when the defaults leave the input off, turning it on takes the setting chosen for it on validation
            Neighbourhood.Options nd = d.neighbourhood().used() ? d.neighbourhood() : Neighbourhood.Options.BASELINE;
            double ns = neighbourScale != null ? neighbourScale : nd.scale();
            check(nh >= 0 && Double.isFinite(nh),
                    "--neighbourhood-half-life: expected 0 (off) or a positive number, got " + nh);
            check(ns > 0 && ns <= Neighbourhood.Options.MAX_SCALE,
                    "--neighbourhood-scale: expected a number above 0 and at most 1e6, got " + ns);
            double nw = neighbourWindow != null ? neighbourWindow : nd.window();
            check(nw >= 0 && Double.isFinite(nw), "--neighbourhood-window: expected 0 or a positive number, got " + nw);
            check(history == null || history == 0 || kind == NcfModels.Kind.NEUMF,
                    "--history: only NeuMF takes the history input (--model neumf)");
            check(historyHalfLife == null || kind == NcfModels.Kind.NEUMF,
                    "--history-half-life: only NeuMF takes the history input (--model neumf)");
            int hn = history != null ? history : kind == NcfModels.Kind.NEUMF ? d.history().length() : 0;
            double hh = historyHalfLife != null ? historyHalfLife : d.history().used() ? d.history().halfLife() : 10;
            check(hn >= 0 && hn <= Histories.Options.MAX_LENGTH,
                    "--history: expected 0 (off) or a number of items up to " + Histories.Options.MAX_LENGTH
                            + ", got " + hn);
            check(hh >= 0 && Double.isFinite(hh), "--history-half-life: expected 0 or a positive number, got " + hh);
            return new NcfPipeline.Settings(kind, f, l, e, b, n, r, pre, w, p,
                    adamw == null ? d.decoupled() : adamw, sch, new NcfTrainer.Recency(rb, rh),
                    new Neighbourhood.Options(nh, ns, nw), new Histories.Options(hn, hh));
        }

        private void check(boolean ok, String message) {
            if (!ok) {
                throw new CommandLine.ParameterException(spec.commandLine(), message);
            }
        }
    }

    static Map<String, Object> evaluationMeta(NcfPipeline.Row row, boolean validation, int k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", "leave-latest-out, " + (validation ? "validation" : "test") + " item among sampled unseen");
        m.put("hr@" + k, round(row.metrics().hr()));
        m.put("ndcg@" + k, round(row.metrics().ndcg()));
        m.put("mrr", round(row.metrics().mrr()));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /** The evaluation table: one row per recommender; with several runs, mean and standard deviation. */
    static void printTable(PrintWriter out, List<NcfPipeline.Row> rows, int k, int runs) {
        Table t = new Table("recommender", "HR@" + k, "NDCG@" + k, "MRR", "full HR@" + k,
                "full NDCG@" + k, "coverage@" + k);
        for (NcfPipeline.Row r : rows) {
            Ranking.Metrics m = r.metrics();
            String hr = f(m.hr());
            String ndcg = f(m.ndcg());
            if (r.hrRuns().length > 1) {
                hr += " ± " + f(Ranking.meanAndSd(r.hrRuns())[1]);
                ndcg += " ± " + f(Ranking.meanAndSd(r.ndcgRuns())[1]);
            }
            t.row(r.name() + (r.hrRuns().length > 1 ? " (" + r.hrRuns().length + " seeds)" : ""),
                    hr, ndcg, f(m.mrr()), f(m.fullHr()), f(m.fullNdcg()), f(m.coverage()));
        }
        t.print(out, "");
    }

    /** One line per epoch: the mean validation HR@K and NDCG@K, with their spread over seeds. */
    static void printCurve(PrintWriter out, double[][] curve, int k, int runs) {
        Table t = new Table("epoch", "HR@" + k, "NDCG@" + k);
        for (int e = 0; e < curve.length; e++) {
            String sd = runs > 1 ? " ± " : "";
            t.row(Integer.toString(e + 1), f(curve[e][0]) + (runs > 1 ? sd + f(curve[e][1]) : ""),
                    f(curve[e][2]) + (runs > 1 ? sd + f(curve[e][3]) : ""));
        }
        t.print(out, "");
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
