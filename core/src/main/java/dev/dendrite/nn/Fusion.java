package dev.dendrite.nn;

import dev.dendrite.autograd.Var;

import java.util.List;

/**
 * The one place that decides when two layers applied one after the other run
 * as a single graph node. Containers ({@link Sequential}, {@link Graph}) ask
 * {@link #fused} for each adjacent pair and fall back to the two layers' own
 * forward passes when it says no. A fused pair computes exactly the values of
 * the unfused pair (the tests compare them) with fewer sweeps over memory.
 *
 * <p>Rules, by layer type names:
 * <ul>
 *   <li>{@code dense} then {@code relu}: {@link Var#linearRelu}, bias and ReLU applied
 *       in one sweep over the product, and one sweep back.</li>
 *   <li>{@code batch_norm} then {@code relu}: {@link Var#batchNormRelu}, the ReLU applied
 *       as the normalised values are written, and its mask folded into the
 *       normalisation's gradient sweeps (no ReLU output or mask arrays).</li>
 * </ul>
 * Adding a rule here is all a new fusion takes.
 */
public final class Fusion {
    /** The fused pair's forward pass, given the first layer. */
    private interface Forward {
        Var apply(Layer first, Var input, Mode mode);
    }

    private record Rule(String first, String second, Forward forward) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("dense", "relu", (dense, x, mode) -> ((Dense) dense).forwardRelu(x)),
            new Rule("batch_norm", "relu", (bn, x, mode) -> ((BatchNorm) bn).forwardRelu(x, mode)));

    private Fusion() {
    }

    /**
     * {@code second(first(input))} as one node when a rule covers the pair and the
     * layers are built-in ones of those types, else null.
     */
    public static Var fused(Layer first, Layer second, Var input, Mode mode) {
        Rule r = rule(first, second);
        return r == null ? null : r.forward.apply(first, input, mode);
    }

    /** Whether this pair would be fused. */
    public static boolean fusible(Layer first, Layer second) {
        return rule(first, second) != null;
    }

    private static Rule rule(Layer first, Layer second) {
        for (Rule r : RULES) {
            if (r.first.equals(first.type()) && r.second.equals(second.type()) && builtIn(first) && builtIn(second)) {
                return r;
            }
        }
        return null;
    }

    /** A user's layer may reuse a built-in type name; only the library's own classes are fused. */
    private static boolean builtIn(Layer l) {
        return l.getClass().getPackage() == Fusion.class.getPackage();
    }
}
