package dev.dendrite.recommend;

import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Task;
import dev.dendrite.io.ModelFileException;
import dev.dendrite.model.Model;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Graph;
import dev.dendrite.nn.Layer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained user-item model ready to serve: the network, the external user and
 * item ids, and every user's seen items (stored in the model file's metadata
 * under {@code recommender}, so a loaded model excludes what each user has
 * seen and knows each item's popularity). {@link #top} ranks all unseen items
 * for a user (an unknown user gets the most popular items, flagged),
 * {@link #similar} ranks items by cosine similarity of their embedding rows
 * (all item tables joined), {@link #score} gives the model's probability that
 * a user chooses an item. A NeuMF with the {@link Neighbourhood} or the
 * history input also stores each user's items in time order (their ages), and
 * feeds the model the user's latest items (and the neighbourhood's options and
 * scores) from them when serving.
 */
public final class Recommender {
    private final Model model;
    private final Graph graph;
    private final IdMap users;
    private final IdMap items;
    private final UserItems seen;
    private final int[] popularity;
    private final int[] allItems;
    private final FastScorer fast;
    private final Neighbourhood neighbourhood;
    private final Histories history; // null for a model without the history input
    private float[] itemVectors;
    private int itemDim;

    /** One recommended item and its score. */
    public record Scored(String id, float score) {
    }

    /** A ranked list; {@code fallback} says the user was unknown and the list is by popularity. */
    public record Recommendations(List<Scored> items, boolean fallback) {
    }

    public Recommender(Graph graph, IdMap users, IdMap items, UserItems seen, Map<String, Object> metadata) {
        this(graph, users, items, seen, Neighbourhood.Options.OFF, metadata);
    }

    /**
     * A recommender whose model takes the neighbourhood input when
     * {@code options} are used ({@code seen} then needs its ages: they
     * and the sets are the interactions the model was trained on).
     */
    public Recommender(Graph graph, IdMap users, IdMap items, UserItems seen, Neighbourhood.Options options,
                       Map<String, Object> metadata) {
        if (NcfModels.takesNeighbours(graph) != options.used()) {
            throw new IllegalArgumentException(options.used()
                    ? "recommender: neighbourhood options were given, but the model has no neighbourhood input"
                    : "recommender: the model takes neighbourhood scores; their options are needed");
        }
        this.neighbourhood = options.used() ? Neighbourhood.of(seen, options) : null;
        int length = NcfModels.historyLength(graph);
        this.history = length > 0 ? Histories.of(seen, length) : null;
        this.graph = graph;
        this.users = users;
        this.items = items;
        this.seen = seen;
        this.popularity = seen.popularity();
        this.fast = FastScorer.of(graph);
        this.allItems = new int[items.size()];
        for (int i = 0; i < allItems.length; i++) {
            allItems[i] = i;
        }
        Map<String, Object> meta = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("users", new ArrayList<Object>(users.names()));
        rec.put("items", new ArrayList<Object>(items.names()));
        rec.put("seen", lists(seen.userCount(), seen::items));
        if (neighbourhood != null || history != null) {
            rec.put("ages", lists(seen.userCount(), seen::ages));
        }
        if (neighbourhood != null) {
            rec.put("neighbourhood_half_life", options.halfLife());
            rec.put("neighbourhood_scale", options.scale());
            rec.put("neighbourhood_window", options.window());
        }
        meta.put("recommender", rec);
        this.model = new Model(graph, Normalizer.none(), Task.REGRESSION, List.of(), List.of(), meta);
    }

    public Model model() {
        return model;
    }

    public Graph graph() {
        return graph;
    }

    public IdMap users() {
        return users;
    }

    public IdMap items() {
        return items;
    }

    public UserItems seen() {
        return seen;
    }

    public void save(Path path) {
        model.save(path);
    }

    /** Reads a model file written by {@link #save}; a file that is not a recommender is refused. */
    @SuppressWarnings("unchecked")
    public static Recommender load(Path path) {
        Model m = Model.load(path);
        String src = path.toString();
        if (!(m.network() instanceof Graph g) || !(m.metadata().get("recommender") instanceof Map<?, ?> rec)) {
            throw new ModelFileException(src, "is not a recommender model (train one with 'dendrite recommend train')");
        }
        try {
            IdMap users = IdMap.of(strings(rec.get("users")));
            IdMap items = IdMap.of(strings(rec.get("items")));
            List<Object> lists = (List<Object>) rec.get("seen");
            if (lists.size() != users.size()) {
                throw new IllegalArgumentException("the seen lists name " + lists.size() + " users, the ids "
                        + users.size());
            }
            int[][] s = rows(lists, items.size(), true, "a seen item of user %d is out of order or range");
            Map<String, Object> meta = new LinkedHashMap<>(m.metadata());
            meta.remove("recommender");
            Neighbourhood.Options nb = Neighbourhood.Options.OFF;
            UserItems seen;
            if (rec.get("neighbourhood_half_life") != null) {
                nb = new Neighbourhood.Options(((Number) rec.get("neighbourhood_half_life")).doubleValue(),
                        ((Number) rec.get("neighbourhood_scale")).doubleValue(),
                        ((Number) rec.get("neighbourhood_window")).doubleValue());
            }
            if (nb.used() || NcfModels.historyLength(g) > 0) { // both read each user's items in time order
                List<Object> ageLists = (List<Object>) rec.get("ages");
                if (ageLists == null || ageLists.size() != s.length) {
                    throw new IllegalArgumentException("the ages do not match the seen lists");
                }
                int[][] ages = rows(ageLists, Integer.MAX_VALUE + 1L, false, "an age of user %d is out of range");
                seen = UserItems.withAges(s, items.size(), ages);
            } else {
                seen = new UserItems(s, items.size());
            }
            Recommender r = new Recommender(g, users, items, seen, nb, meta);
            r.logits(new int[] {0}, new int[] {0}); // the tables must fit the ids
            return r;
        } catch (RuntimeException e) {
            throw new ModelFileException(src, "invalid recommender data (" + e.getMessage() + ")");
        }
    }

    /** Each user's row as a list of numbers, as the model file's metadata holds them. */
    private static List<Object> lists(int users, java.util.function.IntFunction<int[]> row) {
        List<Object> out = new ArrayList<>(users);
        for (int u = 0; u < users; u++) {
            List<Object> l = new ArrayList<>();
            for (int v : row.apply(u)) {
                l.add(v);
            }
            out.add(l);
        }
        return out;
    }

    /**
     * The rows of {@code lists} as ints, each value in {@code [0, limit)} (and, when
     * {@code increasing}, above the one before it); {@code message} names the user
     * of a row that breaks that ({@code %d}).
     */
    @SuppressWarnings("unchecked")
    private static int[][] rows(List<Object> lists, long limit, boolean increasing, String message) {
        int[][] out = new int[lists.size()][];
        for (int u = 0; u < out.length; u++) {
            List<Object> l = (List<Object>) lists.get(u);
            out[u] = new int[l.size()];
            for (int j = 0; j < out[u].length; j++) {
                long v = ((Number) l.get(j)).longValue();
                if (v < 0 || v >= limit || (increasing && j > 0 && v <= out[u][j - 1])) {
                    throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, message, u));
                }
                out[u][j] = (int) v;
            }
        }
        return out;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object x : (List<?>) o) {
            out.add(String.valueOf(x));
        }
        return out;
    }

    float[] logits(int[] us, int[] is) {
        int[] h = null;
        if (history != null) {
            int slots = history.length();
            h = new int[us.length * slots];
            for (int k = 0; k < us.length; k++) {
                if (k > 0 && us[k] == us[k - 1]) {
                    System.arraycopy(h, (k - 1) * slots, h, k * slots, slots);
                } else {
                    history.latest(us[k], h, k * slots);
                }
            }
        }
        return NcfTrainer.logits(graph, us, is, neighbourhood == null ? null : neighbourScores(us, is), h);
    }

    /** The neighbourhood score of each pair; a user's scores are computed once per run of equal users. */
    private float[] neighbourScores(int[] us, int[] is) {
        float[] out = new float[us.length];
        float[] all = new float[items.size()];
        int last = -1;
        for (int k = 0; k < us.length; k++) {
            if (us[k] != last) {
                neighbourhood.scoreAll(us[k], all);
                last = us[k];
            }
            out[k] = all[is[k]];
        }
        return out;
    }

    /** The neighbourhood this model is fed, or null for a model without that input. */
    public Neighbourhood neighbourhood() {
        return neighbourhood;
    }

    /**
     * The {@code k} best unseen items for {@code user} with the model's probabilities,
     * or, when the user is unknown, the most popular items with their user counts.
     */
    public Recommendations top(String user, int k) {
        int u = users.indexOf(user);
        if (u < 0) {
            float[] pop = new float[popularity.length];
            for (int i = 0; i < pop.length; i++) {
                pop[i] = popularity[i];
            }
            return new Recommendations(named(TopK.select(pop, k, null), pop), true);
        }
        float[] s = scoreAll(u);
        int[] best = TopK.select(s, k, seen.items(u));
        for (int i : best) {
            s[i] = sigmoid(s[i]); // shown as probabilities, as score() gives them
        }
        return new Recommendations(named(best, s), false);
    }

    /** The logits of every item for user index {@code u}: the fast path for the built-in models, else the graph. */
    float[] scoreAll(int u) {
        if (fast != null) {
            float[] nb = null;
            if (neighbourhood != null) {
                nb = new float[allItems.length];
                neighbourhood.scoreAll(u, nb);
            }
            int[] h = null;
            if (history != null) {
                h = new int[history.length()];
                history.latest(u, h, 0);
            }
            return fast.scoreAll(u, nb, h);
        }
        float[] s = new float[allItems.length];
        scorer().score(u, allItems, s);
        return s;
    }

    /** The model as a scorer over indices (logits). */
    public Scorer scorer() {
        return NcfTrainer.scorer(graph, neighbourhood, history);
    }

    private List<Scored> named(int[] idx, float[] s) {
        List<Scored> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(new Scored(items.name(i), s[i]));
        }
        return out;
    }

    /** The {@code k} items whose embedding rows are closest in cosine to {@code item}'s; null if unknown. */
    public List<Scored> similar(String item, int k) {
        int q = items.indexOf(item);
        if (q < 0) {
            return null;
        }
        float[] v = itemVectors();
        int d = itemDim;
        int n = items.size();
        float[] norm = new float[n];
        for (int i = 0; i < n; i++) {
            double ss = 0;
            for (int j = 0; j < d; j++) {
                ss += v[i * d + j] * v[i * d + j];
            }
            norm[i] = (float) Math.sqrt(ss);
        }
        float[] sim = new float[n];
        for (int i = 0; i < n; i++) {
            double dot = 0;
            for (int j = 0; j < d; j++) {
                dot += v[i * d + j] * v[q * d + j];
            }
            sim[i] = norm[i] == 0 || norm[q] == 0 ? 0 : (float) (dot / (norm[i] * norm[q]));
        }
        return named(TopK.select(sim, k, new int[] {q}), sim);
    }

    /** Every item's embedding rows side by side: the tables of all embedding layers fed by the item input. */
    private synchronized float[] itemVectors() {
        if (itemVectors == null) {
            List<float[]> tables = new ArrayList<>();
            List<Integer> dims = new ArrayList<>();
            for (String node : graph.nodeNames()) {
                Layer l = graph.layer(node);
                if (l instanceof Embedding e && graph.nodeInputs(node).equals(List.of("item"))) {
                    tables.add(e.weight().value().toArray());
                    dims.add(e.dim());
                }
            }
            int d = dims.stream().mapToInt(Integer::intValue).sum();
            int n = items.size();
            float[] v = new float[n * d];
            int off = 0;
            for (int t = 0; t < tables.size(); t++) {
                int td = dims.get(t);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(tables.get(t), i * td, v, i * d + off, td);
                }
                off += td;
            }
            itemVectors = v;
            itemDim = d;
        }
        return itemVectors;
    }

    /** The probability the model gives that {@code user} chooses {@code item}; NaN when either is unknown. */
    public float score(String user, String item) {
        int u = users.indexOf(user);
        int i = items.indexOf(item);
        if (u < 0 || i < 0) {
            return Float.NaN;
        }
        return sigmoid(logits(new int[] {u}, new int[] {i})[0]);
    }

    /** Probabilities for index pairs, in one forward pass. */
    public float[] score(int[] us, int[] is) {
        float[] z = logits(us, is);
        for (int k = 0; k < z.length; k++) {
            z[k] = sigmoid(z[k]);
        }
        return z;
    }

    static float sigmoid(float z) {
        return (float) (1 / (1 + Math.exp(-z)));
    }
}
