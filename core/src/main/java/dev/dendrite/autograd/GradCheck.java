package dev.dendrite.autograd;

import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Compares backpropagation with central differences. For a function of several
 * tensors it builds fresh leaves, reduces a non-scalar output to a scalar with a
 * fixed random projection (so every output element's gradient is exercised),
 * and checks each input element: {@code |analytic - numeric| <= atol + rtol |numeric|}.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** The tolerances and step of a check. */
    public record Options(double eps, double atol, double rtol, long seed) {
        /**
         * Defaults for float32: eps 1e-2 keeps the rounding error of an O(1) loss
         * (about 1e-7 relative) below 1e-5 after dividing by 2 eps, while the
         * truncation error (eps^2 f''') stays near 1e-4 for smooth ops; hence
         * atol and rtol of 2e-2 leave a margin yet catch any wrong rule, whose
         * error is of the order of the gradient itself.
         */
        public static Options defaults() {
            return new Options(1e-2, 2e-2, 2e-2, 42);
        }

        public Options withEps(double e) {
            return new Options(e, atol, rtol, seed);
        }

        public Options withTolerance(double a, double r) {
            return new Options(eps, a, r, seed);
        }
    }

    /** The worst disagreement found. */
    public record Report(boolean passed, double maxAbsError, double maxRelError, String worst) {
    }

    /** Checks the gradient of {@code f} with respect to every element of every input. */
    public static Report check(Function<List<Var>, Var> f, List<Tensor> inputs, Options o) {
        List<Var> leaves = new ArrayList<>();
        for (Tensor t : inputs) {
            leaves.add(Var.variable(t));
        }
        Var out = f.apply(leaves);
        Tensor projection = out.value().size() == 1 ? null
                : Tensor.uniform(new Rng(o.seed()), 0.5f, 1.5f, out.shape().dims());
        Var scalar = projection == null ? out.sum() : out.mul(Var.constant(projection)).sum();
        Gradients grads = scalar.backward();

        Tracker tracker = new Tracker(o);
        for (int k = 0; k < inputs.size(); k++) {
            final int which = k;
            double[] numeric = FiniteDifference.gradient(x -> {
                List<Var> args = new ArrayList<>();
                for (int j = 0; j < inputs.size(); j++) {
                    args.add(Var.constant(j == which ? x : inputs.get(j)));
                }
                Var y = f.apply(args);
                return projection == null ? y.value().sum().item()
                        : y.value().mul(projection).sum().item();
            }, inputs.get(k), o.eps());
            float[] analytic = grads.get(leaves.get(k)).toArray();
            tracker.compare("input " + k, analytic, numeric);
        }
        return tracker.report();
    }

    /** Checks the gradient of a scalar loss with respect to each element of each parameter. */
    public static Report checkParameters(Supplier<Var> loss, Collection<Parameter> params, Options o) {
        Gradients grads = loss.get().backward();
        Tracker tracker = new Tracker(o);
        for (Parameter p : params) {
            Tensor original = p.value();
            double[] numeric = FiniteDifference.gradient(x -> {
                p.update(x);
                return loss.get().item();
            }, original, o.eps());
            p.update(original);
            tracker.compare(p.name(), grads.get(p).toArray(), numeric);
        }
        return tracker.report();
    }

    private static final class Tracker {
        private final Options o;
        private boolean passed = true;
        private double maxAbs;
        private double maxRel;
        private String worst = "";
        private double worstScore = -1;

        Tracker(Options o) {
            this.o = o;
        }

        void compare(String what, float[] analytic, double[] numeric) {
            for (int i = 0; i < analytic.length; i++) {
                double diff = Math.abs(analytic[i] - numeric[i]);
                double rel = diff / Math.max(1e-12, Math.max(Math.abs(analytic[i]), Math.abs(numeric[i])));
                double allowed = o.atol() + o.rtol() * Math.abs(numeric[i]);
                if (!(diff <= allowed)) {
                    passed = false;
                }
                maxAbs = Math.max(maxAbs, diff);
                maxRel = Math.max(maxRel, Double.isNaN(rel) ? Double.POSITIVE_INFINITY : rel);
                double score = diff / allowed;
                if (score > worstScore || Double.isNaN(score)) {
                    worstScore = Double.isNaN(score) ? Double.POSITIVE_INFINITY : score;
                    worst = what + "[" + i + "]: backprop " + analytic[i] + ", finite difference " + numeric[i];
                }
            }
        }

        Report report() {
            return new Report(passed, maxAbs, maxRel, worst);
        }
    }
}
