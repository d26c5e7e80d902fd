package dev.dendrite.cli;

import dev.dendrite.autograd.FiniteDifference;
import dev.dendrite.autograd.Gradients;
import dev.dendrite.autograd.Var;
import dev.dendrite.data.Dataset;
import dev.dendrite.data.Datasets;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.loss.SquaredError;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Mode;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Sgd;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code dendrite walkthrough}: the seed example (x = 0..4, y = 4x, first guess
 * w = 2) computed step by step with the library, then a 4-2-1 network and a
 * 10-class sketch. Every number printed is computed here.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        name = "walkthrough",
        description = "Show, step by step, how a network learns: forward pass, error, derivatives "
                + "(finite differences and backpropagation), gradient descent, then a small network.",
        footer = {"", "Examples:",
                "  dendrite walkthrough",
                "  dendrite walkthrough --start 0 --learning-rate 0.005 --threshold 1e-8",
                "  dendrite walkthrough --learning-rate 0.04     (too large: watch it diverge)"})
final class WalkthroughCommand implements Callable<Integer> {
    static final double PROBE = 0.0001;

    @Spec
    CommandSpec spec;

    @Option(names = "--learning-rate", defaultValue = "0.015",
            description = "Step size for gradient descent (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--threshold", defaultValue = "0.000001",
            description = "Stop when the total squared error is below this (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--start", defaultValue = "2",
            description = "The first guess for w (default: ${DEFAULT-VALUE}).")
    float start;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed for the generated data and initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-steps", defaultValue = "1000",
            description = "Give up gradient descent after this many steps (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    private PrintWriter out;

    @Override
    public Integer call() {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("--learning-rate: must be a positive number, got " + learningRate);
        }
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("--threshold: must be positive, got " + threshold);
        }
        if (maxSteps <= 0) {
            throw new IllegalArgumentException("--max-steps: must be positive, got " + maxSteps);
        }
        if (!Float.isFinite(start)) {
            throw new IllegalArgumentException("--start: must be a finite number, got " + start);
        }
        out = spec.commandLine().getOut();
        float[] xs = {0, 1, 2, 3, 4};
        float[] ys = new float[xs.length];
        for (int i = 0; i < xs.length; i++) {
            ys[i] = 4 * xs[i];
        }
        Tensor x = Tensor.of(xs, xs.length, 1);
        Tensor y = Tensor.of(ys, ys.length, 1);

        forwardAndError(x, y);
        derivatives(xs, ys, x, y);
        boolean converged = gradientDescent(x, y);
        network();
        classifierSketch();
        return converged ? 0 : 1;
    }

    /** The model y = w x as a one-weight dense layer without bias. */
    private static Dense oneWeight(float w) {
        return new Dense(Tensor.of(new float[] {w}, 1, 1), null);
    }

    private void forwardAndError(Tensor x, Tensor y) {
        heading("1. Forward propagation and error", "The data follow y = 4x. The network has one weight w and "
                + "predicts w * x; our first guess is w = " + fmt(start, 4) + ".");
        Dense model = oneWeight(start);
        Tensor pred = model.forward(Var.constant(x), Mode.EVAL).value();
        Table t = new Table("x", "y (truth)", "prediction w*x", "error", "squared error");
        double total = 0;
        for (int i = 0; i < x.size(); i++) {
            float p = pred.get(i, 0);
            float e = p - y.get(i, 0);
            total += (double) e * e;
            t.row(fmt(x.get(i, 0), 0), fmt(y.get(i, 0), 0), fmt(p, 4), fmt(e, 4), fmt((double) e * e, 4));
        }
        t.print(out, "  ");
        float loss = SquaredError.sum().apply(Var.constant(pred), y).item();
        out.println("  total squared error: " + fmt(loss, 4) + "  (sum of the last column: " + fmt(total, 4) + ")");
    }

    private void derivatives(float[] xs, float[] ys, Tensor x, Tensor y) {
        heading("2. Derivatives", "How does the error change when w moves? Nudge w by ±" + PROBE
                + " and watch the error (finite differences), then ask backpropagation.");
        // the probe is evaluated in double precision: float32 keeps only about 7 digits, and the
        // change in error (0.024) must survive a subtraction of two numbers near 120
        FiniteDifference.Probe probe = FiniteDifference.probe(w -> totalError(xs, ys, w), start, PROBE);
        Table t = new Table("w", "total squared error");
        t.row(fmt(start + PROBE, 4), fmt(probe.lossPlus(), 6));
        t.row(fmt(start, 4), fmt(totalError(xs, ys, start), 6));
        t.row(fmt(start - PROBE, 4), fmt(probe.lossMinus(), 6));
        t.print(out, "  ");
        out.println("  finite difference: (" + fmt(probe.lossPlus(), 6) + " - " + fmt(probe.lossMinus(), 6)
                + ") / (2 * " + PROBE + ") = " + fmt(probe.derivative(), 4));
        Dense model = oneWeight(start);
        Var loss = SquaredError.sum().apply(model.forward(Var.constant(x), Mode.EVAL), y);
        Gradients g = loss.backward();
        out.println("  backpropagation:   d(error)/dw = sum of 2 * (w*x - y) * x = "
                + fmt(g.get(model.weight()).item(), 4));
        out.println("  The derivative is negative, so the error falls as w grows: move w up.");
    }

    /** The seed's total squared error for y = w x, in double precision. */
    static double totalError(float[] xs, float[] ys, double w) {
        double s = 0;
        for (int i = 0; i < xs.length; i++) {
            double e = w * xs[i] - ys[i];
            s += e * e;
        }
        return s;
    }

    private boolean gradientDescent(Tensor x, Tensor y) {
        heading("3. Gradient descent", "Repeat: w = w - learning rate * derivative, with learning rate "
                + learningRate + ", until the error is below " + threshold + ".");
        Dense model = oneWeight(start);
        Sgd sgd = new Sgd(model.parameters(), learningRate);
        Table t = new Table("step", "w", "total squared error", "derivative");
        int step = 0;
        float loss;
        float first = Float.NaN;
        while (true) {
            Var l = SquaredError.sum().apply(model.forward(Var.constant(x), Mode.EVAL), y);
            loss = l.item();
            Gradients g = l.backward();
            float w = model.weight().value().item();
            float d = g.get(model.weight()).item();
            t.row(step, fmt(w, 6), fmt(loss, 6), fmt(d, 6));
            if (step == 0) {
                first = loss;
            }
            // a loss a thousand times the first one will not come back: each step overshoots more
            if (!Float.isFinite(loss) || !Float.isFinite(w) || loss > 1000 * first) {
                t.print(out, "  ");
                out.println("  diverged at step " + step + ": the error grew from " + fmt(first, 4) + " to "
                        + fmt(loss, 4) + "; the learning rate " + learningRate
                        + " overshoots the minimum further at each step; try a smaller --learning-rate");
                return false;
            }
            if (loss < threshold || step >= maxSteps) {
                break;
            }
            sgd.step(g);
            step++;
        }
        t.print(out, "  ");
        float w = model.weight().value().item();
        if (loss < threshold) {
            out.println("  converged: w = " + fmt(w, 4) + " after " + step + " steps (error "
                    + String.format(Locale.ROOT, "%.2e", loss) + " < " + threshold + ")");
            return true;
        }
        out.println("  not converged after " + step + " steps: w = " + fmt(w, 4)
                + "; raise --max-steps or --learning-rate");
        return false;
    }

    private void network() {
        heading("4. A network: 4 inputs, 2 hidden nodes, 1 output",
                "Eight rows generated with seed " + seed + "; the target follows "
                        + "y = 0.6*x1 + 0.2*x2 - 0.3*x3 + 0.5*x4. Hidden nodes use tanh; the loss is mean squared error.");
        Rng rng = new Rng(seed);
        int n = 8;
        float[][] rows = new float[n][4];
        float[] target = new float[n];
        Table data = new Table("x1", "x2", "x3", "x4", "y");
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                rows[i][j] = Math.round(rng.nextFloat() * 100f) / 100f;
            }
            target[i] = 0.6f * rows[i][0] + 0.2f * rows[i][1] - 0.3f * rows[i][2] + 0.5f * rows[i][3];
            data.row(fmt(rows[i][0], 2), fmt(rows[i][1], 2), fmt(rows[i][2], 2), fmt(rows[i][3], 2), fmt(target[i], 4));
        }
        data.print(out, "  ");
        Tensor x = Tensor.matrix(rows);
        Tensor y = Tensor.of(target, n, 1);
        Dense hidden = new Dense(4, 2, Init.XAVIER_UNIFORM, rng);
        Dense output = new Dense(2, 1, Init.XAVIER_UNIFORM, rng);
        Sequential net = new Sequential(hidden, Activation.tanh(), output);
        Sgd sgd = Sgd.builder(net.parameters()).learningRate(0.1).momentum(0.9).build();
        Table progress = new Table("step", "mean squared error");
        int steps = 2000;
        for (int s = 0; s <= steps; s++) {
            Var loss = SquaredError.mean().apply(net.forward(Var.constant(x), Mode.EVAL), y);
            if (s == 0 || s == 1 || s == 10 || s == 50 || s % 500 == 0) {
                progress.row(s, fmt(loss.item(), 6));
            }
            if (s < steps) {
                sgd.step(loss.backward());
            }
        }
        out.println();
        progress.print(out, "  ");
        out.println();
        out.println("  learned weights (input -> hidden, one column per hidden node):");
        Table w1 = new Table("", "h1", "h2");
        for (int i = 0; i < 4; i++) {
            w1.row("x" + (i + 1), fmt(hidden.weight().value().get(i, 0), 4), fmt(hidden.weight().value().get(i, 1), 4));
        }
        w1.row("bias", fmt(hidden.bias().value().get(0), 4), fmt(hidden.bias().value().get(1), 4));
        w1.print(out, "  ");
        out.println("  hidden -> output: h1 " + fmt(output.weight().value().get(0, 0), 4) + ", h2 "
                + fmt(output.weight().value().get(1, 0), 4) + ", bias " + fmt(output.bias().value().get(0), 4));
        Tensor pred = net.forward(Var.constant(x), Mode.EVAL).value();
        Table fit = new Table("row", "y", "prediction");
        for (int i = 0; i < n; i++) {
            fit.row(i + 1, fmt(target[i], 4), fmt(pred.get(i, 0), 4));
        }
        out.println();
        fit.print(out, "  ");
    }

    private void classifierSketch() {
        heading("5. Next: ten output nodes, one per digit",
                "To classify the digits 0-9, the output layer gets ten nodes and softmax turns them into "
                        + "probabilities; the loss becomes cross-entropy. The first image of the embedded digits "
                        + "(8x8 pixels, 0-16) and what an untrained 64-32-10 network (seed " + seed + ") makes of it:");
        Dataset digits = Datasets.digits();
        float[] pixels = digits.features().row(0);
        int truth = digits.label(0);
        String shades = " .:-=+*#%@";
        for (int r = 0; r < 8; r++) {
            StringBuilder line = new StringBuilder("    ");
            for (int c = 0; c < 8; c++) {
                char ch = shades.charAt(Math.min(shades.length() - 1, Math.round(pixels[r * 8 + c] / 16f * (shades.length() - 1))));
                line.append(ch).append(ch);
            }
            out.println(line);
        }
        out.println("    (label: " + digits.classNames().get(truth) + ")");
        out.println();
        Rng rng = new Rng(seed + 1);
        Sequential net = new Sequential(new Dense(64, 32, Init.HE_UNIFORM, rng), Activation.relu(),
                new Dense(32, 10, Init.XAVIER_UNIFORM, rng));
        Tensor image = Tensor.of(pixels, 1, 64).mul(1f / 16f);
        Var logits = net.forward(Var.constant(image), Mode.EVAL);
        Tensor probs = logits.softmax(1).value();
        Table t = new Table("digit", "probability");
        for (int c = 0; c < 10; c++) {
            t.row(c, fmt(probs.get(0, c), 4));
        }
        t.print(out, "  ");
        float ce = new CrossEntropy().apply(logits, Tensor.vector(truth)).item();
        out.println("  The probabilities sum to " + fmt(probs.sum().item(), 4) + "; the truth is " + truth
                + ", so the cross-entropy is -log(p[" + truth + "]) = " + fmt(ce, 4) + ".");
        out.println("  Training pushes p[" + truth + "] towards 1. Train a real one with: dendrite train");
    }

    private void heading(String title, String text) {
        out.println();
        out.println(title);
        out.println("-".repeat(title.length()));
        out.println(text);
        out.println();
    }

    static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
