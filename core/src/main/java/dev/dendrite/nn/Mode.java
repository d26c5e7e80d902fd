package dev.dendrite.nn;

import dev.dendrite.tensor.Rng;

/**
 * Whether a forward pass trains or evaluates. Training mode carries the random
 * source that stochastic layers (dropout) draw from, so that the trainer owns
 * and checkpoints all randomness; evaluation is deterministic.
 */
public final class Mode {
    /** Inference: dropout off, no randomness. */
    public static final Mode EVAL = new Mode(null);

    private final Rng rng;

    private Mode(Rng rng) {
        this.rng = rng;
    }

    /** Training with the given random source. */
    public static Mode train(Rng rng) {
        if (rng == null) {
            throw new IllegalArgumentException("Mode.train: rng must not be null");
        }
        return new Mode(rng);
    }

    public boolean isTraining() {
        return rng != null;
    }

    /** The random source of a training pass. */
    public Rng rng() {
        if (rng == null) {
            throw new IllegalStateException("evaluation mode has no random source");
        }
        return rng;
    }

    @Override
    public String toString() {
        return isTraining() ? "train" : "eval";
    }
}
