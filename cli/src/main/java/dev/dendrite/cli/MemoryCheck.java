package dev.dendrite.cli;

import java.util.Locale;

/**
 * Estimates, before anything is allocated, the memory a network needs to train:
 * its weights, their gradients, the optimizer's per-weight state, a copy of the
 * best weights for early stopping, and a batch's activations with their
 * gradients. A network that cannot fit fails at once, naming what is too big,
 * instead of running out of memory half a minute later and blaming the batch size.
 */
final class MemoryCheck {
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private MemoryCheck() {
    }

    /** Training would not fit: a run-time limit like running out of memory, so it exits 1. */
    static final class TooBig extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooBig(String message) {
            super(message);
        }
    }

    /**
     * Throws {@link TooBig} when training cannot fit in the heap still free.
     * {@code optimizerSlots} is the number of per-weight buffers the optimizer keeps.
     */
    static void check(int inputs, int[] hidden, int outputs, int batchSize, int optimizerSlots, boolean keepBest,
                      boolean layersGiven) {
        long parameters = 0;
        long widths = 0;
        long largest = 0;
        int in = inputs;
        for (int i = 0; i <= hidden.length; i++) {
            int out = i < hidden.length ? hidden[i] : outputs;
            long weights = (long) in * out;
            if (weights > MAX_ARRAY) {
                throw new IllegalArgumentException("--layers: a layer of " + in + " x " + out + " = " + weights
                        + " weights is more than one Java array can hold (2^31 - 8); use smaller layers");
            }
            parameters += weights + out;
            largest = Math.max(largest, weights);
            widths += out;
            in = out;
        }
        long stateFloats = parameters * (2 + optimizerSlots + (keepBest ? 1 : 0)) + largest; // + one init buffer
        // per layer: the output before and after the activation, and the gradient of each
        long activationFloats = (long) batchSize * (inputs + 4 * widths);
        long need = 4 * (stateFloats + activationFloats);
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need <= free) {
            return;
        }
        boolean batchIsTheCause = activationFloats > stateFloats;
        String what = batchIsTheCause
                ? "--batch-size " + batchSize + ": one batch's activations need about " + gb(4 * activationFloats)
                : (layersGiven ? "--layers" : "the network") + ": " + String.format(Locale.ROOT, "%,d", parameters)
                + " parameters with their gradients" + (optimizerSlots > 0 ? " and optimizer state" : "")
                + " need about " + gb(4 * stateFloats);
        throw new TooBig(what + ", more than the " + gb(free) + " of heap left; "
                + (batchIsTheCause ? "lower --batch-size" : "use smaller layers") + " or raise the heap with "
                + "DENDRITE_JAVA_OPTS=-Xmx" + Math.max(1, (need * 5 / 4 + (1L << 30) - 1) >> 30) + "g");
    }

    private static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
