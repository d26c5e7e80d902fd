package dev.dendrite.autograd;

import dev.dendrite.tensor.Tensor;

import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * Derivatives by central differences, the method of the seed example: nudge an
 * input by {@code +eps} and {@code -eps}, evaluate the loss at both, and divide
 * the change by {@code 2 eps}. The error is of order {@code eps^2} times the
 * third derivative, plus the loss's rounding error divided by {@code eps}.
 */
public final class FiniteDifference {
    private FiniteDifference() {
    }

    /** One probe: the loss on both sides of {@code x} and the resulting slope. */
    public record Probe(double x, double eps, double lossPlus, double lossMinus, double derivative) {
    }

    /** Evaluates {@code f} at {@code x ± eps}. */
    public static Probe probe(DoubleUnaryOperator f, double x, double eps) {
        if (!(eps > 0)) {
            throw new IllegalArgumentException("finite difference: eps must be positive, got " + eps);
        }
        double plus = f.applyAsDouble(x + eps);
        double minus = f.applyAsDouble(x - eps);
        return new Probe(x, eps, plus, minus, (plus - minus) / (2 * eps));
    }

    /** The central-difference derivative of {@code f} at {@code x}. */
    public static double derivative(DoubleUnaryOperator f, double x, double eps) {
        return probe(f, x, eps).derivative();
    }

    /**
     * The central-difference gradient of a scalar function of a tensor: one
     * probe per element, each nudging that element alone.
     */
    public static double[] gradient(ToDoubleFunction<Tensor> f, Tensor x, double eps) {
        float[] base = x.toArray();
        double[] g = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            float[] plus = base.clone();
            float[] minus = base.clone();
            // nudge in float32, then divide by the step actually taken
            plus[i] = (float) (base[i] + eps);
            minus[i] = (float) (base[i] - eps);
            double step = (double) plus[i] - (double) minus[i];
            double fp = f.applyAsDouble(Tensor.wrap(plus, x.shape()));
            double fm = f.applyAsDouble(Tensor.wrap(minus, x.shape()));
            g[i] = (fp - fm) / step;
        }
        return g;
    }
}
