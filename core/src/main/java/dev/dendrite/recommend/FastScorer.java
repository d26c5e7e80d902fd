package dev.dendrite.recommend;

import dev.dendrite.autograd.Var;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.EmbeddingBag;
import dev.dendrite.nn.Graph;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Mode;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores every item for one user without running the whole graph per item,
 * for the models {@link NcfModels} builds: what does not depend on the user
 * is computed once per model version and kept. The item half of the MLP's
 * first layer ({@code item_embedding x W_item}) becomes one table, so a query
 * adds the user's half to it and runs only the small rest of the tower; the
 * GMF term {@code (u * i) . w} is read as {@code i . (u * w)}, one dot product
 * per item; dropout in the tower is skipped, as it is the identity when
 * scoring. The result equals the graph's logits up to float rounding. A graph
 * of another shape gets {@code null} from {@link #of}, and callers use the graph.
 */
final class FastScorer {
    private final Graph graph;
    private final Embedding gmfUser;
    private final Embedding gmfItem;
    private final Embedding mlpUser;
    private final Embedding mlpItem;
    private final List<Dense> tower;
    private final Dense out;
    private final boolean mf;
    private final boolean neighbours;
    private final EmbeddingBag gmfHistory; // null without the history input
    private final EmbeddingBag mlpHistory;
    private Tensor firstItemWeight; // the weight version the cache was built from
    private float[] itemFirst;      // [items, h1]: item embedding x W_item of the first tower layer

    private FastScorer(Graph graph, Embedding gu, Embedding gi, Embedding mu, Embedding mi, List<Dense> tower,
                       Dense out, boolean mf, boolean neighbours) {
        this(graph, gu, gi, mu, mi, tower, out, mf, neighbours, null, null);
    }

    private FastScorer(Graph graph, Embedding gu, Embedding gi, Embedding mu, Embedding mi, List<Dense> tower,
                       Dense out, boolean mf, boolean neighbours, EmbeddingBag gh, EmbeddingBag mh) {
        this.graph = graph;
        this.gmfHistory = gh;
        this.mlpHistory = mh;
        this.neighbours = neighbours;
        this.gmfUser = gu;
        this.gmfItem = gi;
        this.mlpUser = mu;
        this.mlpItem = mi;
        this.tower = tower;
        this.out = out;
        this.mf = mf;
    }

    /** A fast scorer for {@code g}, or null when {@code g} is not one of the shapes NcfModels builds. */
    static FastScorer of(Graph g) {
        try {
            List<String> names = g.nodeNames();
            if (names.contains("mf_dot")) {
                boolean wired = names.equals(List.of("mf_user", "mf_item", "mf_dot", "user_bias", "item_bias", "out"))
                        && takes(g, "mf_user", "user") && takes(g, "mf_item", "item") && takes(g, "user_bias", "user")
                        && takes(g, "item_bias", "item") && takes(g, "mf_dot", "mf_user", "mf_item")
                        && takes(g, "out", "mf_dot", "user_bias", "item_bias") && g.layer("mf_dot").type().equals("dot")
                        && g.layer("out").type().equals("add");
                return wired ? new FastScorer(g, (Embedding) g.layer("mf_user"), (Embedding) g.layer("mf_item"),
                        (Embedding) g.layer("user_bias"), (Embedding) g.layer("item_bias"), List.of(), null, true, false) : null;
            }
            boolean hasGmf = names.contains("gmf");
            boolean hasMlp = names.contains("mlp_in");
            boolean hist = NcfModels.historyLength(g) > 0;
            List<String> expect = new ArrayList<>();
            boolean wired = true;
            if (hasGmf) {
                expect.add("gmf_user");
                String user = "gmf_user";
                if (hist) { // the user vector adds the bag of the user's latest items
                    expect.addAll(List.of("gmf_history", "gmf_user_history"));
                    wired = takes(g, "gmf_history", NcfModels.HISTORY) && takes(g, "gmf_user_history", "gmf_user",
                            "gmf_history") && g.layer("gmf_user_history").type().equals("add");
                    user = "gmf_user_history";
                }
                expect.addAll(List.of("gmf_item", "gmf"));
                wired &= takes(g, "gmf_user", "user") && takes(g, "gmf_item", "item")
                        && takes(g, "gmf", user, "gmf_item") && g.layer("gmf").type().equals("multiply");
            }
            List<Dense> tower = new ArrayList<>();
            String last = "mlp_in";
            if (hasMlp) {
                expect.add("mlp_user");
                String user = "mlp_user";
                if (hist) {
                    expect.addAll(List.of("mlp_history", "mlp_user_history"));
                    wired &= takes(g, "mlp_history", NcfModels.HISTORY) && takes(g, "mlp_user_history", "mlp_user",
                            "mlp_history") && g.layer("mlp_user_history").type().equals("add");
                    user = "mlp_user_history";
                }
                expect.addAll(List.of("mlp_item", "mlp_in"));
                wired &= takes(g, "mlp_user", "user") && takes(g, "mlp_item", "item")
                        && takes(g, "mlp_in", user, "mlp_item") && g.layer("mlp_in").type().equals("concatenate");
                for (int l = 1; names.contains("mlp_" + l); l++) {
                    expect.addAll(List.of("mlp_" + l, "mlp_" + l + "_relu"));
                    tower.add((Dense) g.layer("mlp_" + l));
                    wired &= takes(g, "mlp_" + l, last) && takes(g, "mlp_" + l + "_relu", "mlp_" + l)
                            && g.layer("mlp_" + l + "_relu").type().equals("relu");
                    last = "mlp_" + l + "_relu";
                    if (names.contains("mlp_" + l + "_dropout")) { // the identity when scoring
                        expect.add("mlp_" + l + "_dropout");
                        wired &= takes(g, "mlp_" + l + "_dropout", last)
                                && g.layer("mlp_" + l + "_dropout").type().equals("dropout");
                        last = "mlp_" + l + "_dropout";
                    }
                }
            }
            boolean nb = NcfModels.takesNeighbours(g);
            if (hasGmf && hasMlp) {
                expect.add("neumf");
                wired &= (nb ? takes(g, "neumf", "gmf", last, NcfModels.NEIGHBOURS) : takes(g, "neumf", "gmf", last))
                        && g.layer("neumf").type().equals("concatenate") && takes(g, "out", "neumf");
            } else {
                wired &= takes(g, "out", hasGmf ? "gmf" : last);
            }
            expect.add("out");
            if (!wired || !names.equals(expect) || (!hasGmf && !hasMlp) || (hasMlp && tower.isEmpty())
                    || ((nb || hist) && (!hasGmf || !hasMlp))
                    || g.inputs().size() != 2 + (nb ? 1 : 0) + (hist ? 1 : 0)
                    || !g.layer("out").type().equals("dense") || g.outputs().size() != 1
                    || !g.outputs().get(0).equals("out")) {
                return null;
            }
            return new FastScorer(g, hasGmf ? (Embedding) g.layer("gmf_user") : null,
                    hasGmf ? (Embedding) g.layer("gmf_item") : null, hasMlp ? (Embedding) g.layer("mlp_user") : null,
                    hasMlp ? (Embedding) g.layer("mlp_item") : null, tower, (Dense) g.layer("out"), false, nb,
                    hist ? (EmbeddingBag) g.layer("gmf_history") : null,
                    hist ? (EmbeddingBag) g.layer("mlp_history") : null);
        } catch (ClassCastException e) {
            return null;
        }
    }

    private static boolean takes(Graph g, String node, String... from) {
        return g.nodeInputs(node).equals(List.of(from));
    }

    /** A table's values as an array, copied once per parameter version. */
    private float[] array(Embedding e) {
        Tensor v = e.weight().value();
        synchronized (this) {
            int slot = e == gmfItem ? 0 : 1;
            if (cachedFrom[slot] != v) {
                cached[slot] = v.toArray();
                cachedFrom[slot] = v;
            }
            return cached[slot];
        }
    }

    private final Tensor[] cachedFrom = new Tensor[2];
    private final float[][] cached = new float[2][];

    /** Whether {@link #scoreAll} needs the user's neighbourhood scores. */
    boolean neighbours() {
        return neighbours;
    }

    /**
     * The logits of every item for {@code user}; {@code neighbourScores} holds the
     * user's neighbourhood score of every item when the model takes them, else null.
     */
    float[] scoreAll(int user, float[] neighbourScores) {
        return scoreAll(user, neighbourScores, null);
    }

    /** Whether {@link #scoreAll} needs the user's latest items. */
    boolean history() {
        return gmfHistory != null;
    }

    /**
     * As {@link #scoreAll(int, float[])}; {@code history} holds the user's latest
     * items ({@link Histories#latest}) when the model takes them, else null.
     */
    float[] scoreAll(int user, float[] neighbourScores, int[] history) {
        if (neighbours != (neighbourScores != null)) {
            throw new IllegalArgumentException("fast scorer: neighbourhood scores " + (neighbours ? "needed" : "not taken"));
        }
        if (history() != (history != null)) {
            throw new IllegalArgumentException("fast scorer: a history " + (history() ? "needed" : "not taken"));
        }
        if (mf) {
            return scoreMf(user);
        }
        int n = (gmfItem != null ? gmfItem : mlpItem).count();
        float[] z = new float[n];
        float[] w = out.weight().value().toArray(); // [in, 1]
        float bias = out.bias() == null ? 0 : out.bias().value().toArray()[0];
        java.util.Arrays.fill(z, bias);
        int offset = 0;
        if (gmfItem != null) {
            int f = gmfItem.dim();
            float[] u = userVector(gmfUser, gmfHistory, user, history);
            float[] uw = new float[f];
            for (int j = 0; j < f; j++) {
                uw[j] = u[j] * w[j];
            }
            float[] items = array(gmfItem);
            for (int i = 0; i < n; i++) {
                float s = 0;
                for (int j = 0; j < f; j++) {
                    s += items[i * f + j] * uw[j];
                }
                z[i] += s;
            }
            offset = f;
        }
        if (mlpItem != null) {
            float[] h = firstLayer(user, history);
            int width = tower.get(0).outputSize();
            Tensor x = Tensor.wrap(h, Shape.of(n, width));
            for (int l = 1; l < tower.size(); l++) {
                Dense d = tower.get(l);
                // the product is a fresh array that only this method holds: bias and ReLU go on in place
                float[] y = x.matmul(d.weight().value()).buffer();
                float[] b = d.bias() == null ? new float[d.outputSize()] : d.bias().value().buffer();
                int o = d.outputSize();
                for (int i = 0, k = 0; i < n; i++) {
                    for (int j = 0; j < o; j++, k++) {
                        float v = y[k] + b[j];
                        y[k] = v > 0 ? v : 0;
                    }
                }
                x = Tensor.wrap(y, Shape.of(n, o));
                width = o;
            }
            float[] hv = x.buffer();
            for (int i = 0; i < n; i++) {
                float s = 0;
                for (int j = 0; j < width; j++) {
                    s += hv[i * width + j] * w[offset + j];
                }
                z[i] += s;
            }
            offset += width;
        }
        if (neighbourScores != null) {
            float wn = w[offset];
            for (int i = 0; i < n; i++) {
                z[i] += wn * neighbourScores[i];
            }
        }
        return z;
    }

    /** relu(item part + user part + bias) of the first tower layer, for every item. */
    private float[] firstLayer(int user, int[] history) {
        Dense first = tower.get(0);
        Tensor weight = first.weight().value(); // [2d, h1]: user rows first, as mlp_in concatenates
        int d = mlpUser.dim();
        int h1 = first.outputSize();
        synchronized (this) {
            if (itemFirst == null || weight != firstItemWeight) {
                itemFirst = mlpItem.weight().value().matmul(weight.slice(0, d, 2 * d)).toArray();
                firstItemWeight = weight;
            }
        }
        float[] wt = weight.toArray();
        float[] u = userVector(mlpUser, mlpHistory, user, history);
        float[] q = first.bias() == null ? new float[h1] : first.bias().value().toArray().clone();
        for (int a = 0; a < d; a++) {
            for (int j = 0; j < h1; j++) {
                q[j] += u[a] * wt[a * h1 + j];
            }
        }
        int n = mlpItem.count();
        float[] h = new float[n * h1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < h1; j++) {
                float v = itemFirst[i * h1 + j] + q[j];
                h[i * h1 + j] = v > 0 ? v : 0;
            }
        }
        return h;
    }

    private float[] scoreMf(int user) {
        // gmfUser/gmfItem hold the factors, mlpUser/mlpItem the biases in this shape
        int f = gmfItem.dim();
        float[] u = row(gmfUser, user);
        float[] items = array(gmfItem);
        float[] ib = array(mlpItem);
        float ub = row(mlpUser, user)[0];
        int n = gmfItem.count();
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            float s = 0;
            for (int j = 0; j < f; j++) {
                s += u[j] * items[i * f + j];
            }
            z[i] = s + ub + ib[i];
        }
        return z;
    }

    /** The user's embedding, plus the bag of their latest items when the model takes them. */
    private static float[] userVector(Embedding e, EmbeddingBag bag, int user, int[] history) {
        float[] u = row(e, user);
        if (bag != null) {
            float[] h = bag.forward(Var.indices(history, 1, history.length), Mode.EVAL).value().toArray();
            for (int j = 0; j < u.length; j++) {
                u[j] += h[j];
            }
        }
        return u;
    }

    private static float[] row(Embedding e, int index) {
        return e.weight().value().slice(0, index, index + 1).toArray();
    }

    Graph graph() {
        return graph;
    }
}
