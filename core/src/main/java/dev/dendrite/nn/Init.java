package dev.dendrite.nn;

import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;

/**
 * Weight initialisers. Each draws from a seeded {@link Rng}, so the same seed
 * gives the same network.
 * <ul>
 *   <li>{@code UNIFORM}: U(-1/sqrt(fanIn), 1/sqrt(fanIn)) (PyTorch's Linear default scale);</li>
 *   <li>{@code XAVIER_UNIFORM}: U(-a, a), a = sqrt(6 / (fanIn + fanOut)) (Glorot and Bengio, 2010);</li>
 *   <li>{@code XAVIER_NORMAL}: N(0, 2 / (fanIn + fanOut));</li>
 *   <li>{@code HE_UNIFORM}: U(-a, a), a = sqrt(6 / fanIn) (He et al., 2015), for ReLU;</li>
 *   <li>{@code HE_NORMAL}: N(0, 2 / fanIn);</li>
 *   <li>{@code ZEROS}.</li>
 * </ul>
 */
public enum Init {
    UNIFORM, XAVIER_UNIFORM, XAVIER_NORMAL, HE_UNIFORM, HE_NORMAL, ZEROS;

    /** A tensor of the given dimensions for a layer with these fan-in and fan-out. */
    public Tensor create(Rng rng, int fanIn, int fanOut, int... dims) {
        return switch (this) {
            case UNIFORM -> {
                float a = (float) (1.0 / Math.sqrt(Math.max(1, fanIn)));
                yield Tensor.uniform(rng, -a, a, dims);
            }
            case XAVIER_UNIFORM -> {
                float a = (float) Math.sqrt(6.0 / Math.max(1, fanIn + fanOut));
                yield Tensor.uniform(rng, -a, a, dims);
            }
            case XAVIER_NORMAL -> Tensor.normal(rng, 0f, (float) Math.sqrt(2.0 / Math.max(1, fanIn + fanOut)), dims);
            case HE_UNIFORM -> {
                float a = (float) Math.sqrt(6.0 / Math.max(1, fanIn));
                yield Tensor.uniform(rng, -a, a, dims);
            }
            case HE_NORMAL -> Tensor.normal(rng, 0f, (float) Math.sqrt(2.0 / Math.max(1, fanIn)), dims);
            case ZEROS -> Tensor.zeros(dims);
        };
    }

    /** Parses a name such as {@code he_uniform} or {@code xavier-normal}. */
    public static Init parse(String name) {
        String n = name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        if (n.equals("GLOROT_UNIFORM")) {
            return XAVIER_UNIFORM;
        }
        if (n.equals("GLOROT_NORMAL")) {
            return XAVIER_NORMAL;
        }
        if (n.equals("KAIMING_UNIFORM")) {
            return HE_UNIFORM;
        }
        if (n.equals("KAIMING_NORMAL")) {
            return HE_NORMAL;
        }
        try {
            return valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown initialiser '" + name
                    + "' (expected uniform, xavier_uniform, xavier_normal, he_uniform, he_normal or zeros)");
        }
    }
}
