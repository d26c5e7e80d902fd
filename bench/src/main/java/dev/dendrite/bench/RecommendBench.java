package dev.dendrite.bench;

import dev.dendrite.data.Batch;
import dev.dendrite.loss.BinaryCrossEntropy;
import dev.dendrite.nn.Graph;
import dev.dendrite.optim.Adam;
import dev.dendrite.recommend.Histories;
import dev.dendrite.recommend.IdMap;
import dev.dendrite.recommend.InteractionReader;
import dev.dendrite.recommend.NcfModels;
import dev.dendrite.recommend.Neighbourhood;
import dev.dendrite.recommend.NcfTrainer;
import dev.dendrite.recommend.Recommender;
import dev.dendrite.recommend.SyntheticInteractions;
import dev.dendrite.recommend.UserItems;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.TrainStep;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Recommender benchmarks, one JSON object per line.
 * <ul>
 *   <li>{@code epoch --data ratings.csv [--epochs 3] [--factors 16] [--history L --history-half-life H]}:
 *       NeuMF epochs on every interaction of a file, timed as
 *       {@code bench/ncf_torch.py} times its peer (negatives, shuffle and steps),
 *       with the same defaults; with {@code --history} the model also reads each
 *       positive's L earlier items ({@link Histories}), as {@code --history} of
 *       {@code dendrite recommend train} builds it;</li>
 *   <li>{@code top --model M.dnd}: the time of {@code Recommender.top} over all items
 *       after warm-up (median and 10th/90th percentiles of 500 users);</li>
 *   <li>{@code scale [--users 1000000] [--items 100000] [--interactions 10000000] [--steps 300]}:
 *       synthetic power-law interactions, then training steps on random
 *       positives with sampled negatives (examples and interactions per
 *       second), heap in use, and the time to rank every item for one user.</li>
 * </ul>
 * Run: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.dendrite.bench.RecommendBench MODE ...}
 */
public final class RecommendBench {
    private RecommendBench() {
    }

    public static void main(String[] args) {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int factors = Integer.parseInt(o.getOrDefault("factors", "16"));
        int[] layers = Arrays.stream(o.getOrDefault("layers", "64,32,16").split(",")).mapToInt(Integer::parseInt).toArray();
        int negatives = Integer.parseInt(o.getOrDefault("negatives", "8"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "256"));
        double lr = Double.parseDouble(o.getOrDefault("lr", "0.002"));
        if (args.length > 0 && args[0].equals("epoch")) {
            UserItems all = UserItems.of(InteractionReader.read(Path.of(o.get("data"))));
            int history = Integer.parseInt(o.getOrDefault("history", "0"));
            double halfLife = Double.parseDouble(o.getOrDefault("history-half-life", "0"));
            // the model and history the CLI's --history flags give (NcfPipeline.fit and .history)
            Graph g = NcfModels.neumf(all.userCount(), all.itemCount(), factors, layers, 0f, false, history, halfLife,
                    new Rng(1));
            Histories hist = history > 0 ? Histories.of(all, history) : null;
            long examples = 0;
            for (int u = 0; u < all.userCount(); u++) {
                examples += all.items(u).length * (1L + negatives);
            }
            long ex = examples;
            NcfTrainer.Options opts = new NcfTrainer.Options(Integer.parseInt(o.getOrDefault("epochs", "3")), batch,
                    negatives, lr, 1);
            NcfTrainer.train(g, all, null, hist, opts, (e, loss, sec) -> System.out.printf(Locale.ROOT,
                    "{\"peer\": \"dendrite%s\", \"epoch\": %d, \"seconds\": %.3f, \"examples_per_s\": %d, \"loss\": %.5f}%n",
                    history > 0 ? "-history" : "", e, sec, Math.round(ex / sec), loss));
            return;
        }
        if (args.length > 0 && args[0].equals("top")) {
            // the served path of `dendrite recommend top`: a loaded model, every item ranked for one user
            Recommender r = Recommender.load(Path.of(o.get("model")));
            int users = r.users().size();
            int k = Integer.parseInt(o.getOrDefault("k", "10"));
            for (int t = 0; t < 2000; t++) {
                r.top(r.users().name(t % users), k);
            }
            double[] ms = new double[500];
            for (int t = 0; t < ms.length; t++) {
                String u = r.users().name((t * 7) % users);
                long a = System.nanoTime();
                r.top(u, k);
                ms[t] = (System.nanoTime() - a) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "{\"items\": %d, \"k\": %d, \"top_ms_median\": %.3f, \"top_ms_p10\": %.3f, "
                    + "\"top_ms_p90\": %.3f}%n", r.items().size(), k, ms[ms.length / 2], ms[ms.length / 10],
                    ms[ms.length * 9 / 10]);
            return;
        }
        if (args.length > 0 && args[0].equals("scale")) {
            scale(Integer.parseInt(o.getOrDefault("users", "1000000")), Integer.parseInt(o.getOrDefault("items", "100000")),
                    Long.parseLong(o.getOrDefault("interactions", "10000000")), Integer.parseInt(o.getOrDefault("steps", "300")),
                    factors, layers, negatives, batch, lr, Integer.parseInt(o.getOrDefault("history", "0")),
                    Double.parseDouble(o.getOrDefault("history-half-life", "10")));
            return;
        }
        System.err.println("usage: RecommendBench epoch --data FILE [--epochs N] [--factors F] [--history L "
                + "--history-half-life H] | scale [--users N] [--items N] "
                + "[--interactions N] [--steps N] [--factors F] [--history L --history-half-life H]");
        System.exit(2);
    }

    private static void scale(int users, int items, long interactions, int steps, int factors, int[] layers,
                              int negatives, int batch, double lr, int history, double historyHalfLife) {
        long t0 = System.nanoTime();
        UserItems data = SyntheticInteractions.powerLaw(users, items, interactions, 0.8, 1.0, 1);
        double genSec = (System.nanoTime() - t0) / 1e9;
        long positives = 0;
        for (int u = 0; u < users; u++) {
            positives += data.items(u).length;
        }
        int[] pu = new int[(int) positives];
        int[] pi = new int[(int) positives];
        int[] pq = new int[(int) positives];
        int k = 0;
        for (int u = 0; u < users; u++) {
            int q = 0;
            for (int i : data.items(u)) {
                pu[k] = u;
                pq[k] = q++;
                pi[k++] = i;
            }
        }
        // the synthetic interactions have no times: each user's list order stands for it (the last is the latest)
        int[][] lists = new int[users][];
        int[][] ages = new int[users][];
        for (int u = 0; u < users; u++) {
            lists[u] = data.items(u);
            ages[u] = new int[lists[u].length];
            for (int j = 0; j < ages[u].length; j++) {
                ages[u][j] = ages[u].length - 1 - j;
            }
        }
        UserItems timed = UserItems.withAges(lists, items, ages);
        Histories hist = history > 0 ? Histories.of(timed, history) : null;
        Graph g = NcfModels.neumf(users, items, factors, layers, 0f, false, history, historyHalfLife, new Rng(1));
        Adam opt = new Adam(g.parameters(), lr);
        TrainStep step = new TrainStep(g, new BinaryCrossEntropy());
        Rng rng = new Rng(2);
        int per = 1 + negatives;
        int positivesPerBatch = Math.max(1, batch / per);
        int b = positivesPerBatch * per;
        int warm = Math.max(300, steps / 2);
        int[] posOf = new int[positivesPerBatch];
        long start = 0;
        for (int s = 0; s < warm + steps; s++) {
            if (s == warm) {
                start = System.nanoTime();
            }
            int[] bu = new int[b];
            int[] bi = new int[b];
            float[] y = new float[b];
            int at = 0;
            for (int p = 0; p < positivesPerBatch; p++) {
                int r = rng.nextInt(pu.length);
                posOf[p] = hist == null ? 0 : hist.positions(pu[r])[pq[r]];
                bu[at] = pu[r];
                bi[at] = pi[r];
                y[at++] = 1f;
                for (int n = 0; n < negatives; n++) {
                    bu[at] = pu[r];
                    bi[at] = data.sampleUnseen(pu[r], rng);
                    y[at++] = 0f;
                }
            }
            int[] rows = new int[b];
            Map<String, int[]> ids = Map.of("user", bu, "item", bi);
            if (hist != null) { // each positive's history, shared by its negatives
                int[] h = new int[b * history];
                for (int e = 0; e < b; e += per) {
                    hist.before(bu[e], posOf[e / per], h, e * history);
                    for (int n = 1; n < per; n++) {
                        System.arraycopy(h, e * history, h, (e + n) * history, history);
                    }
                }
                ids = Map.of("user", bu, "item", bi, NcfModels.HISTORY, h);
            }
            step.computeThen(new Batch(null, null, Tensor.wrap(y, Shape.of(b, 1)), rows, ids),
                    rng, res -> opt.step(res.gradients()));
        }
        double sec = (System.nanoTime() - start) / 1e9;
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        IdMap un = new IdMap();
        un.add("0");
        for (int u = 1; u < 4; u++) {
            un.add(Integer.toString(u));
        }
        IdMap in = new IdMap();
        for (int i = 0; i < items; i++) {
            in.add(Integer.toString(i));
        }
        int[][] firstFour = new int[4][];
        for (int u = 0; u < 4; u++) {
            firstFour[u] = data.items(u);
        }
        // a servable model over the same tables, for the ranking time (only 4 users' seen lists kept)
        Graph serve = NcfModels.neumf(4, items, factors, layers, 0f, false, history, historyHalfLife, new Rng(1));
        for (Map.Entry<String, dev.dendrite.autograd.Parameter> e : serve.parameters().entrySet()) {
            Tensor v = g.parameters().get(e.getKey()).value();
            e.getValue().update(e.getKey().contains("_user.") ? v.slice(0, 0, 4) : v);
        }
        int[][] firstAges = java.util.Arrays.copyOf(ages, 4);
        Recommender r = new Recommender(serve, un, in, UserItems.withAges(firstFour, items, firstAges),
                Neighbourhood.Options.OFF, null);
        double[] times = new double[60];
        for (int t = 0; t < 200 + times.length; t++) {
            long a = System.nanoTime();
            r.top("1", 10);
            if (t >= 200) {
                times[t - 200] = (System.nanoTime() - a) / 1e6;
            }
        }
        Arrays.sort(times);
        // the neighbourhood input's cost at this size: building it, and one user's scores of every item
        // (the synthetic interactions have no times: each user's list order stands for it)
        long n0 = System.nanoTime();
        Neighbourhood nb = Neighbourhood.of(timed, new Neighbourhood.Options(5, 1000, 100));
        double nbBuild = (System.nanoTime() - n0) / 1e9;
        float[] all = new float[items];
        double[] nbTimes = new double[200];
        Rng pick = new Rng(3);
        for (int t = 0; t < 50 + nbTimes.length; t++) {
            int u = pu[pick.nextInt(pu.length)]; // users drawn by their number of interactions, as training draws them
            long a = System.nanoTime();
            nb.scoreAll(u, all);
            if (t >= 50) {
                nbTimes[t - 50] = (System.nanoTime() - a) / 1e6;
            }
        }
        Arrays.sort(nbTimes);
        System.out.printf(Locale.ROOT, "{\"neighbourhood_build_s\": %.2f, \"neighbourhood_user_ms_median\": %.2f, "
                + "\"neighbourhood_user_ms_p90\": %.2f}%n", nbBuild, nbTimes[nbTimes.length / 2],
                nbTimes[(int) (nbTimes.length * 0.9)]);
        System.out.printf(Locale.ROOT, "{\"users\": %d, \"items\": %d, \"interactions\": %d, \"generate_s\": %.1f, "
                        + "\"history\": %d, \"batch\": %d, \"steps\": %d, \"step_ms\": %.3f, \"examples_per_s\": %d, "
                        + "\"interactions_per_s\": %d, \"heap_mb\": %d, \"top10_all_items_ms_median\": %.3f, "
                        + "\"top10_ms_p90\": %.3f}%n",
                users, items, positives, genSec, history, b, steps, sec * 1e3 / steps, Math.round(steps * (double) b / sec),
                Math.round(steps * (double) positivesPerBatch / sec), heap >> 20, times[times.length / 2],
                times[(int) (times.length * 0.9)]);
    }
}
