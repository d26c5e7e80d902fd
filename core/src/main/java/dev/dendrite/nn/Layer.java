package dev.dendrite.nn;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;

import java.util.List;
import java.util.Map;

/**
 * A function of one input (or, for merges and graphs, several) with named
 * trainable parameters and named non-trainable state:
 * {@code forward(input, mode) -> output}. Parameters and buffers are returned in
 * a stable order under local names ({@code weight}, {@code running_mean});
 * containers prefix them with the layer's name or position ({@code 0.weight}).
 *
 * <p>Shapes are per example, without the batch dimension: a layer told its
 * input shapes by {@link #build} creates any parameters it could not size when
 * it was constructed ({@code new Dense(64)}), and {@link #outputShape} says what
 * it produces, which is what model summaries print.
 *
 * <p>A layer also describes itself as a type name plus a small configuration
 * map (numbers, strings, booleans, and lists or maps of those), from which a
 * {@link LayerTypes} table rebuilds it when a model file is loaded.
 */
public interface Layer {

    Var forward(Var input, Mode mode);

    /**
     * Applies the layer to several inputs: merges and graphs take more than one;
     * every other layer takes exactly one.
     */
    default Var forward(List<Var> inputs, Mode mode) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(type() + ": takes one input, got " + inputs.size());
        }
        return forward(inputs.get(0), mode);
    }

    /** Trainable parameters by local name, in a stable order. */
    default Map<String, Parameter> parameters() {
        return Map.of();
    }

    /**
     * Non-trainable state by local name (running statistics, for example): saved
     * in model files and checkpoints, changed only by training-mode forward
     * passes, never seen by an optimizer or by weight decay.
     */
    default Map<String, Buffer> buffers() {
        return Map.of();
    }

    /**
     * Creates whatever depends on the input shapes (per example), drawing initial
     * weights from {@code rng}; a layer built already checks that the shapes fit.
     * The default does nothing: most layers need no input size.
     */
    default void build(List<Shape> inputs, Rng rng) {
    }

    /** The per-example output shape for these per-example input shapes (default: the input's). */
    default Shape outputShape(List<Shape> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(type() + ": takes one input, got " + inputs.size());
        }
        return inputs.get(0);
    }

    /**
     * The inputs this layer takes when it is a whole model: one float input named
     * {@code x} for an ordinary layer or {@link Sequential}; a {@link Graph} lists
     * its named inputs.
     */
    default List<Input> inputs() {
        return List.of(new Input("x", Input.Kind.FLOATS, Shape.scalar()));
    }

    /** The type name used in model files, e.g. {@code dense}. */
    String type();

    /** The configuration that rebuilds this layer (numbers, strings, booleans, lists and maps of them). */
    Map<String, Object> config();
}
