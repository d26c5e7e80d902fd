package dev.dendrite.recommend;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.EmbeddingBag;
import dev.dendrite.nn.Graph;
import dev.dendrite.nn.Merge;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The models of neural collaborative filtering (He et al., WWW 2017) as
 * ordinary {@link Graph}s with index inputs {@code user} and {@code item} and
 * one logit out (train with binary cross-entropy):
 * <ul>
 *   <li>GMF: the element-wise product of user and item embeddings, then a dense unit;</li>
 *   <li>MLP: the concatenated embeddings through a ReLU tower, then a dense unit;</li>
 *   <li>NeuMF: both, with separate embeddings, their last layers concatenated before the output unit
 *       (optionally with a third float input {@code neighbours}, one number per pair, joined to them:
 *       the user's {@link Neighbourhood} score of the item);</li>
 *   <li>MF: the dot product of user and item embeddings plus a user and an item bias.</li>
 * </ul>
 * Node names are fixed ({@code gmf_user}, {@code mlp_item}, {@code mlp_1}...)
 * so that {@link #neumfFromPretrained} can copy the weights of a trained GMF
 * and MLP into a NeuMF by name. Copy this class to write a variant.
 */
public final class NcfModels {
    /** The name of NeuMF's optional float input: the {@link Neighbourhood} score of the pair. */
    public static final String NEIGHBOURS = "neighbours";

    /** The name of NeuMF's optional index input: the user's latest items, {@code [B, L]} ({@link Histories}). */
    public static final String HISTORY = "history";

    private NcfModels() {
    }

    /** Which model to build: GMF, MLP, NeuMF or MF. */
    public enum Kind {
        GMF, MLP, NEUMF, MF;

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown model '" + dev.dendrite.data.Excerpt.of(s)
                    + "', expected neumf, gmf, mlp or mf");
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The model of {@code kind}; {@code factors} sizes GMF and MF, {@code layers} the MLP tower (first = the concatenated embeddings). */
    public static Graph build(Kind kind, int users, int items, int factors, int[] layers, Rng rng) {
        return build(kind, users, items, factors, layers, 0f, rng);
    }

    /** As {@link #build(Kind, int, int, int, int[], Rng)}, with dropout {@code dropout} after each ReLU of the MLP tower. */
    public static Graph build(Kind kind, int users, int items, int factors, int[] layers, float dropout, Rng rng) {
        return switch (kind) {
            case GMF -> gmf(users, items, factors, rng);
            case MLP -> mlp(users, items, layers, dropout, rng);
            case NEUMF -> neumf(users, items, factors, layers, dropout, rng);
            case MF -> mf(users, items, factors, rng);
        };
    }

    public static Graph gmf(int users, int items, int factors, Rng rng) {
        Graph.Builder b = Graph.builder();
        Graph.Node g = gmfPart(b, b.indexInput("user"), b.indexInput("item"), users, items, factors, rng);
        return b.build(rng, b.apply("out", new Dense(1), g));
    }

    public static Graph mlp(int users, int items, int[] layers, Rng rng) {
        return mlp(users, items, layers, 0f, rng);
    }

    public static Graph mlp(int users, int items, int[] layers, float dropout, Rng rng) {
        Graph.Builder b = Graph.builder();
        Graph.Node m = mlpPart(b, b.indexInput("user"), b.indexInput("item"), users, items, layers, dropout, null, 0,
                rng);
        return b.build(rng, b.apply("out", new Dense(1), m));
    }

    public static Graph neumf(int users, int items, int factors, int[] layers, Rng rng) {
        return neumf(users, items, factors, layers, 0f, rng);
    }

    public static Graph neumf(int users, int items, int factors, int[] layers, float dropout, Rng rng) {
        return neumf(users, items, factors, layers, dropout, false, rng);
    }

    /**
     * NeuMF; with {@code neighbours} the output unit also takes the float input
     * {@link #NEIGHBOURS} ({@code [B, 1]}), after the GMF and MLP vectors.
     */
    public static Graph neumf(int users, int items, int factors, int[] layers, float dropout, boolean neighbours,
                              Rng rng) {
        return neumf(users, items, factors, layers, dropout, neighbours, 0, 0, rng);
    }

    /**
     * NeuMF; with {@code history > 0} it also takes the index input
     * {@link #HISTORY} ({@code [B, history]}: the user's latest items, the latest
     * first), read by two {@link EmbeddingBag}s ({@code gmf_history},
     * {@code mlp_history}) whose recency-weighted sums ({@code historyHalfLife}
     * in slots) are added to the GMF and MLP user embeddings: the user vector
     * of SVD++ and FISM, so the network learns from which items a user chose
     * lately, not only from who they are.
     */
    public static Graph neumf(int users, int items, int factors, int[] layers, float dropout, boolean neighbours,
                              int history, double historyHalfLife, Rng rng) {
        if (history < 0) {
            throw new IllegalArgumentException("neumf: the history length must be >= 0, got " + history);
        }
        Graph.Builder b = Graph.builder();
        Graph.Node user = b.indexInput("user");
        Graph.Node item = b.indexInput("item");
        Graph.Node n = neighbours ? b.input(NEIGHBOURS, 1) : null;
        Graph.Node h = history > 0 ? b.indexInput(HISTORY, history) : null;
        Graph.Node gu = b.apply("gmf_user", new Embedding(users, factors, rng), user);
        if (h != null) {
            Graph.Node gh = b.apply("gmf_history", new EmbeddingBag(items, factors, historyHalfLife, 0.01f, rng), h);
            gu = b.apply("gmf_user_history", Merge.add(), gu, gh);
        }
        Graph.Node gi = b.apply("gmf_item", new Embedding(items, factors, rng), item);
        Graph.Node g = b.apply("gmf", Merge.multiply(), gu, gi);
        Graph.Node m = mlpPart(b, user, item, users, items, layers, dropout, h, historyHalfLife, rng);
        Graph.Node both = neighbours ? b.apply("neumf", Merge.concatenate(), g, m, n)
                : b.apply("neumf", Merge.concatenate(), g, m);
        return b.build(rng, b.apply("out", new Dense(1), both));
    }

    /** The length of {@code g}'s {@link #HISTORY} input, 0 when it has none. */
    public static int historyLength(Graph g) {
        for (dev.dendrite.nn.Input in : g.inputs()) {
            if (in.name().equals(HISTORY)) {
                return in.shape().dim(0);
            }
        }
        return 0;
    }

    /** Whether {@code g} takes the {@link #NEIGHBOURS} input. */
    public static boolean takesNeighbours(Graph g) {
        for (dev.dendrite.nn.Input in : g.inputs()) {
            if (in.name().equals(NEIGHBOURS)) {
                return true;
            }
        }
        return false;
    }

    public static Graph mf(int users, int items, int factors, Rng rng) {
        Graph.Builder b = Graph.builder();
        Graph.Node user = b.indexInput("user");
        Graph.Node item = b.indexInput("item");
        Graph.Node u = b.apply("mf_user", new Embedding(users, factors, 0.1f, rng), user);
        Graph.Node i = b.apply("mf_item", new Embedding(items, factors, 0.1f, rng), item);
        Graph.Node dot = b.apply("mf_dot", Merge.dot(), u, i);
        Graph.Node ub = b.apply("user_bias", new Embedding(users, 1, 0f, rng), user);
        Graph.Node ib = b.apply("item_bias", new Embedding(items, 1, 0f, rng), item);
        return b.build(rng, b.apply("out", Merge.add(), dot, ub, ib));
    }

    private static Graph.Node gmfPart(Graph.Builder b, Graph.Node user, Graph.Node item, int users, int items,
                                      int factors, Rng rng) {
        Graph.Node u = b.apply("gmf_user", new Embedding(users, factors, rng), user);
        Graph.Node i = b.apply("gmf_item", new Embedding(items, factors, rng), item);
        return b.apply("gmf", Merge.multiply(), u, i);
    }

    private static Graph.Node mlpPart(Graph.Builder b, Graph.Node user, Graph.Node item, int users, int items,
                                      int[] layers, float dropout, Graph.Node history, double historyHalfLife,
                                      Rng rng) {
        if (layers.length < 1 || layers[0] < 2 || layers[0] % 2 != 0) {
            throw new IllegalArgumentException("mlp: the first layer size must be an even number >= 2 "
                    + "(half user, half item embedding), got " + java.util.Arrays.toString(layers));
        }
        Graph.Node u = b.apply("mlp_user", new Embedding(users, layers[0] / 2, rng), user);
        if (history != null) {
            Graph.Node mh = b.apply("mlp_history", new EmbeddingBag(items, layers[0] / 2, historyHalfLife, 0.01f, rng),
                    history);
            u = b.apply("mlp_user_history", Merge.add(), u, mh);
        }
        Graph.Node i = b.apply("mlp_item", new Embedding(items, layers[0] / 2, rng), item);
        Graph.Node x = b.apply("mlp_in", Merge.concatenate(), u, i);
        for (int l = 1; l < layers.length; l++) {
            x = b.apply("mlp_" + l, new Dense(layers[l]), x);
            x = b.apply("mlp_" + l + "_relu", Activation.relu(), x);
            if (dropout > 0) {
                x = b.apply("mlp_" + l + "_dropout", new dev.dendrite.nn.Dropout(dropout), x);
            }
        }
        return x;
    }

    /**
     * The paper's pre-training: a NeuMF whose embeddings and tower are copied from
     * a trained GMF and MLP, and whose output unit joins theirs weighted by
     * {@code alpha} and {@code 1 - alpha} (the paper uses 0.5).
     */
    public static void neumfFromPretrained(Graph neumf, Graph gmf, Graph mlp, float alpha) {
        Map<String, Parameter> target = neumf.parameters();
        List<Map<String, Parameter>> sources = List.of(gmf.parameters(), mlp.parameters());
        for (Map.Entry<String, Parameter> e : target.entrySet()) {
            if (e.getKey().startsWith("out.")) {
                continue;
            }
            for (Map<String, Parameter> src : sources) {
                Parameter p = src.get(e.getKey());
                if (p != null) {
                    e.getValue().update(p.value());
                }
            }
        }
        Tensor gw = gmf.parameters().get("out.weight").value().mul(alpha);
        Tensor mw = mlp.parameters().get("out.weight").value().mul(1 - alpha);
        List<Tensor> parts = new ArrayList<>(List.of(gw, mw));
        if (takesNeighbours(neumf)) { // the neighbourhood's weight starts at zero and is learned
            parts.add(Tensor.zeros(1, 1));
        }
        target.get("out.weight").update(Tensor.concat(parts, 0));
        Tensor gb = gmf.parameters().get("out.bias").value().mul(alpha);
        Tensor mb = mlp.parameters().get("out.bias").value().mul(1 - alpha);
        target.get("out.bias").update(gb.add(mb));
    }
}
