package dev.dendrite.nn;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;

import java.util.Map;

/**
 * A function of one input with named trainable parameters:
 * {@code forward(input, mode) -> output}. Parameters are returned in a stable
 * order under local names ({@code weight}, {@code bias}); containers prefix
 * them with the layer's position ({@code 0.weight}). A layer also describes
 * itself as a type name plus a small configuration map, from which
 * {@link Layers#create} rebuilds it when a model file is loaded.
 */
public interface Layer {

    Var forward(Var input, Mode mode);

    /** Trainable parameters by local name, in a stable order. */
    default Map<String, Parameter> parameters() {
        return Map.of();
    }

    /** The type name used in model files, e.g. {@code dense}. */
    String type();

    /** The configuration that rebuilds this layer (numbers, strings, booleans only). */
    Map<String, Object> config();
}
