package dev.dendrite.nn;

import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;

import java.util.Map;

/**
 * Inverted dropout: in training, each element is zeroed with probability
 * {@code p} and the survivors are scaled by {@code 1 / (1 - p)}, so evaluation
 * (which passes the input through) needs no rescaling. The mask comes from the
 * training mode's random source.
 */
public final class Dropout implements Layer {
    private final float p;

    public Dropout(float p) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout: probability must be in [0, 1), got " + p);
        }
        this.p = p;
    }

    public float probability() {
        return p;
    }

    @Override
    public Var forward(Var x, Mode mode) {
        if (!mode.isTraining() || p == 0f) {
            return x;
        }
        Rng rng = mode.rng();
        float keep = 1f / (1f - p);
        Tensor mask = Tensor.fromFunction(x.shape(), i -> rng.nextFloat() < p ? 0f : keep);
        return x.mul(Var.constant(mask));
    }

    @Override
    public String type() {
        return "dropout";
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("p", (double) p);
    }

    @Override
    public String toString() {
        return "Dropout(" + p + ")";
    }
}
