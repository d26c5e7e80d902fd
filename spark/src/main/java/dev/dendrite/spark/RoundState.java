package dev.dendrite.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that changes from round to round, as one flat vector and its
 * layout: the parameters, the layer buffers (batch-norm statistics) and the
 * optimizer's state tensors, by dotted name, plus the optimizer's step count.
 * The driver broadcasts it at the start of a round; partitions send back the
 * same layout, weighted by their share of the examples, so the sum over
 * partitions is the example-weighted average of every entry.
 */
public record RoundState(int round, long steps, List<String> names, int[] sizes, float[] values)
        implements Serializable {

    public RoundState {
        names = List.copyOf(names);
        long total = 0;
        for (int s : sizes) {
            total += s;
        }
        if (names.size() != sizes.length || total != values.length) {
            throw new IllegalArgumentException("round state: " + names.size() + " names, " + sizes.length
                    + " sizes, " + values.length + " values for " + total);
        }
    }

    /** The offset of entry {@code i} in {@link #values}. */
    public int offset(int i) {
        int at = 0;
        for (int j = 0; j < i; j++) {
            at += sizes[j];
        }
        return at;
    }

    /** Builds a layout entry by entry. */
    static final class Builder {
        final List<String> names = new ArrayList<>();
        final List<float[]> parts = new ArrayList<>();

        Builder add(String name, float[] v) {
            names.add(name);
            parts.add(v);
            return this;
        }

        RoundState build(int round, long steps) {
            int[] sizes = new int[parts.size()];
            int total = 0;
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = parts.get(i).length;
                total += sizes[i];
            }
            float[] all = new float[total];
            int at = 0;
            for (float[] p : parts) {
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
            return new RoundState(round, steps, names, sizes, all);
        }
    }
}
