package dev.dendrite.cli;

import dev.dendrite.data.DataException;
import dev.dendrite.data.Excerpt;
import dev.dendrite.recommend.IdMap;
import dev.dendrite.recommend.Interactions;
import dev.dendrite.recommend.InteractionReader;
import dev.dendrite.recommend.LeaveOneOut;
import dev.dendrite.recommend.NcfPipeline;
import dev.dendrite.recommend.Neighbourhood;
import dev.dendrite.recommend.Ranking;
import dev.dendrite.recommend.Recommender;
import dev.dendrite.recommend.UserItems;
import dev.dendrite.tensor.Rng;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The serving side of {@code dendrite recommend}: {@code evaluate} a saved
 * model on interactions it has not seen, {@code top} items for a user,
 * {@code similar} items, and {@code score} (user, item) pairs from a file.
 */
final class RecommendServe {
    private RecommendServe() {
    }

    /** {@code recommend evaluate}. */
    @Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class, name = "evaluate",
            description = "Evaluate a saved recommender on later interactions: each known user's latest item in "
                    + "--data that the model has not seen is ranked among sampled items the user never chose "
                    + "(in the model's data or in --data), beside most-popular, item-kNN and BPR-MF "
                    + "built from the model's own interactions.",
            footer = {"", "Example:",
                    "  dendrite recommend evaluate --model models/movies.dnd --data later-ratings.csv"})
    static final class Evaluate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"--model", "-m"}, required = true, description = "A model written by 'recommend train'.")
        Path modelFile;

        @Option(names = {"--data", "-d"}, required = true, description = "Held-out interactions, as for train.")
        Path data;

        @Option(names = "-k", defaultValue = "10", description = "Cut-off (default: ${DEFAULT-VALUE}).")
        int k;

        @Option(names = "--candidates", defaultValue = "99", description = "Sampled unseen items (default: ${DEFAULT-VALUE}).")
        int candidates;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the candidate sampling (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            if (k < 1 || candidates < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-k and --candidates: expected positive numbers");
            }
            Recommender r = Recommender.load(modelFile);
            Interactions d = InteractionReader.read(data);
            IdMap users = r.users();
            IdMap items = r.items();
            UserItems seen = r.seen();
            int[][] later = new int[users.size()][];
            int[] target = new int[users.size()];
            java.util.Arrays.fill(target, -1);
            int unknown = 0;
            int[][] byUser = d.byUser();
            for (int du = 0; du < byUser.length; du++) {
                int u = users.indexOf(d.users().name(du));
                List<Integer> mine = new ArrayList<>();
                for (int p : byUser[du]) {
                    int i = items.indexOf(d.items().name(d.item(p)));
                    if (u < 0 || i < 0) {
                        unknown++;
                        continue;
                    }
                    mine.add(i);
                    if (!seen.contains(u, i)) {
                        target[u] = i; // the latest unseen one wins
                    }
                }
                if (u >= 0) {
                    later[u] = mine.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
                }
            }
            List<Integer> evalUsers = new ArrayList<>();
            for (int u = 0; u < target.length; u++) {
                if (target[u] >= 0) {
                    evalUsers.add(u);
                }
            }
            if (evalUsers.isEmpty()) {
                throw new DataException(data + ": no interaction of a known user with a known item that the model "
                        + "has not seen; nothing to evaluate");
            }
            // candidates avoid everything the user chose, before or after training
            int[][] everything = new int[users.size()][];
            for (int u = 0; u < everything.length; u++) {
                int[] a = seen.items(u);
                int[] b = later[u] == null ? new int[0] : later[u];
                everything[u] = java.util.stream.IntStream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
                        .sorted().distinct().toArray();
            }
            UserItems all = new UserItems(everything, items.size());
            Rng rng = new Rng(seed);
            int n = evalUsers.size();
            int[] us = new int[n];
            int[] ts = new int[n];
            int[][] negs = new int[n][];
            for (int e = 0; e < n; e++) {
                us[e] = evalUsers.get(e);
                ts[e] = target[us[e]];
                int want = Math.min(candidates, items.size() - everything[us[e]].length);
                java.util.LinkedHashSet<Integer> pick = new java.util.LinkedHashSet<>();
                while (pick.size() < want) {
                    pick.add(all.sampleUnseen(us[e], rng));
                }
                negs[e] = pick.stream().mapToInt(Integer::intValue).toArray();
            }
            Interactions shell = Interactions.ofPairs(users.size(), items.size(), new int[0], new int[0]);
            LeaveOneOut.Holdout h = new LeaveOneOut.Holdout(shell, new int[0], seen, us, ts, negs);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "evaluation: the latest unseen item of %d users in %s, ranked among %d sampled "
                    + "unseen items%s%n", n, data, candidates, unknown > 0 ? " (" + unknown
                    + " interactions with users or items the model does not know were left out)" : "");
            List<NcfPipeline.Row> rows = new ArrayList<>();
            rows.add(row("model", Ranking.evaluate(r.scorer(), h, k, true)));
            rows.addAll(NcfPipeline.baselines(seen, h, k, true, seed));
            // the kNN of the users' recent items: the model's own neighbourhood input, ranked alone, when it has one
            Neighbourhood nb = r.neighbourhood() != null ? r.neighbourhood() : Neighbourhood.baseline(seen);
            if (nb != null) {
                rows.add(row("neighbourhood", Ranking.evaluate(nb::scoresInto, h, k, true)));
            }
            RecommendCommand.printTable(out, rows, k, 1);
            return 0;
        }

        private static NcfPipeline.Row row(String name, Ranking.Metrics m) {
            return new NcfPipeline.Row(name, m, new double[] {m.hr()}, new double[] {m.ndcg()});
        }
    }

    /** {@code recommend top}. */
    @Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class, name = "top",
            description = "The best items for a user that the user has not chosen yet; an unknown user gets the "
                    + "most popular items (and is told so on standard error).",
            footer = {"", "Example:", "  dendrite recommend top --model models/movies.dnd --user 42 -k 10"})
    static final class Top implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"--model", "-m"}, required = true, description = "A model written by 'recommend train'.")
        Path modelFile;

        @Option(names = {"--user", "-u"}, required = true, description = "The user's id as in the training data.")
        String user;

        @Option(names = "-k", defaultValue = "10", description = "How many items (default: ${DEFAULT-VALUE}).")
        int k;

        @Override
        public Integer call() {
            if (k < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-k: expected a positive number, got " + k);
            }
            Recommender r = Recommender.load(modelFile);
            Recommender.Recommendations top = r.top(user, k);
            if (top.fallback()) {
                spec.commandLine().getErr().println("dendrite: note: user '" + Excerpt.of(user)
                        + "' is not in the model's data; these are the most popular items");
            }
            print(spec.commandLine().getOut(), top.fallback() ? "users" : "score", top.items());
            return 0;
        }
    }

    static void print(PrintWriter out, String scoreName, List<Recommender.Scored> items) {
        out.println("rank,item," + scoreName);
        int rank = 1;
        for (Recommender.Scored s : items) {
            out.println(rank++ + "," + csv(s.id()) + "," + (scoreName.equals("users") ? Integer.toString((int) s.score())
                    : String.format(Locale.ROOT, "%.6f", s.score())));
        }
    }

    static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** {@code recommend similar}. */
    @Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class, name = "similar",
            description = "The items closest to an item: cosine similarity of the model's item embeddings.",
            footer = {"", "Example:", "  dendrite recommend similar --model models/movies.dnd --item 318 -k 10"})
    static final class Similar implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"--model", "-m"}, required = true, description = "A model written by 'recommend train'.")
        Path modelFile;

        @Option(names = {"--item", "-i"}, required = true, description = "The item's id as in the training data.")
        String item;

        @Option(names = "-k", defaultValue = "10", description = "How many items (default: ${DEFAULT-VALUE}).")
        int k;

        @Override
        public Integer call() {
            if (k < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-k: expected a positive number, got " + k);
            }
            Recommender r = Recommender.load(modelFile);
            List<Recommender.Scored> sim = r.similar(item, k);
            if (sim == null) {
                throw new IllegalArgumentException("--item: '" + Excerpt.of(item) + "' is not an item of the model ("
                        + r.items().size() + " items)");
            }
            print(spec.commandLine().getOut(), "cosine", sim);
            return 0;
        }
    }

    /** {@code recommend score}. */
    @Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class, name = "score",
            description = "Score (user, item) pairs from a CSV or TSV file: one user,item,score line each, the "
                    + "score being the model's probability; a pair with an unknown user or item scores empty.",
            footer = {"", "Example:",
                    "  dendrite recommend score --model models/movies.dnd --input pairs.csv --output scores.csv"})
    static final class Score implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"--model", "-m"}, required = true, description = "A model written by 'recommend train'.")
        Path modelFile;

        @Option(names = {"--input", "-i"}, required = true, description = "Pairs, one a line.")
        Path input;

        @Option(names = {"--output", "-o"}, description = "Where to write the scores (default: standard output).")
        Path output;

        @Option(names = "--user-column", defaultValue = "0",
                description = "User column by header name or 0-based index (default: ${DEFAULT-VALUE}).")
        String userColumn;

        @Option(names = "--item-column", defaultValue = "1",
                description = "Item column by header name or 0-based index (default: ${DEFAULT-VALUE}).")
        String itemColumn;

        @Option(names = "--header", negatable = true, description = "The first line names the columns (--no-header: "
                + "it is a pair). Default: a header when a column is chosen by name, or when neither id on the first "
                + "line is in the model (then said on standard error).")
        Boolean header;

        @Override
        public Integer call() throws IOException {
            if (output != null) {
                Output.checkFile("--output", output);
            }
            boolean byName = !userColumn.matches("\\d+") || !itemColumn.matches("\\d+");
            if (byName && Boolean.FALSE.equals(header)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--no-header: the columns are chosen by name, which needs a header line");
            }
            Recommender r = Recommender.load(modelFile);
            List<String[]> read = readPairs(byName || Boolean.TRUE.equals(header));
            if (header == null && !byName && !read.isEmpty() && r.users().indexOf(read.get(0)[0]) < 0
                    && r.items().indexOf(read.get(0)[1]) < 0) {
                spec.commandLine().getErr().println("dendrite: note: " + input + ": the first line ("
                        + Excerpt.of(read.get(0)[0]) + ", " + Excerpt.of(read.get(0)[1]) + ") names no known user "
                        + "or item, so it is read as a header; --no-header scores it as a pair");
                read = read.subList(1, read.size());
            }
            List<String[]> pairs = read;
            int n = pairs.size();
            int[] us = new int[n];
            int[] is = new int[n];
            boolean[] known = new boolean[n];
            int m = 0;
            for (int j = 0; j < n; j++) {
                int u = r.users().indexOf(pairs.get(j)[0]);
                int i = r.items().indexOf(pairs.get(j)[1]);
                known[j] = u >= 0 && i >= 0;
                if (known[j]) {
                    us[m] = u;
                    is[m++] = i;
                }
            }
            float[] p = m == 0 ? new float[0] : r.score(java.util.Arrays.copyOf(us, m), java.util.Arrays.copyOf(is, m));
            Output.Text body = w -> write(w, pairs, known, p);
            if (output == null) {
                PrintWriter out = spec.commandLine().getOut();
                write(out, pairs, known, p);
                out.flush();
            } else {
                Output.text(output, body);
                spec.commandLine().getErr().println("wrote " + n + " scores to " + output);
            }
            return 0;
        }

        private static void write(Writer w, List<String[]> pairs, boolean[] known, float[] p) throws IOException {
            w.write("user,item,score\n");
            int m = 0;
            for (int j = 0; j < pairs.size(); j++) {
                String[] pr = pairs.get(j);
                w.write(csv(pr[0]) + "," + csv(pr[1]) + ","
                        + (known[j] ? String.format(Locale.ROOT, "%.6f", p[m++]) : "") + "\n");
            }
        }

        private List<String[]> readPairs(boolean skipHeader) throws IOException {
            String src = input.toString();
            List<String[]> out = new ArrayList<>();
            try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
                String line;
                int lineNo = 0;
                String sep = null;
                int uc = -1;
                int ic = -1;
                int width = -1;
                while ((line = in.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] f;
                    if (sep == null) {
                        sep = line.contains("\t") ? "\t" : ",";
                        f = line.split(java.util.regex.Pattern.quote(sep), -1);
                        width = f.length;
                        if (skipHeader) {
                            uc = column(f, userColumn, src, lineNo, "--user-column");
                            ic = column(f, itemColumn, src, lineNo, "--item-column");
                            continue; // the header row
                        }
                        uc = Integer.parseInt(userColumn);
                        ic = Integer.parseInt(itemColumn);
                        for (int c : new int[] {uc, ic}) {
                            if (c >= width) {
                                throw new DataException(src + " line " + lineNo + ": column index " + c
                                        + " is out of range for " + width + " columns");
                            }
                        }
                    }
                    f = line.split(java.util.regex.Pattern.quote(sep), -1);
                    if (f.length != width) {
                        throw new DataException(src + " line " + lineNo + ": " + f.length + " columns, expected " + width);
                    }
                    out.add(new String[] {f[uc].trim(), f[ic].trim()});
                }
                if (sep == null) {
                    throw new DataException(src + ": empty file, expected user,item rows");
                }
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new DataException(src + ": not UTF-8 text, expected user,item rows");
            }
            return out;
        }

        private static int column(String[] header, String name, String src, int line, String option) {
            if (name.matches("\\d+")) {
                int c = Integer.parseInt(name);
                if (c >= header.length) {
                    throw new DataException(src + " line " + line + ": column index " + c + " is out of range for "
                            + header.length + " columns");
                }
                return c;
            }
            for (int c = 0; c < header.length; c++) {
                if (header[c].trim().equals(name)) {
                    return c;
                }
            }
            throw new DataException(src + " line " + line + ": no column named \"" + Excerpt.of(name) + "\" ("
                    + option + "; columns: " + Excerpt.columns(java.util.Arrays.stream(header).map(String::trim)
                    .toList()) + ")");
        }
    }
}
