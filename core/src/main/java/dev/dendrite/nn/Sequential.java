package dev.dendrite.nn;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers applied one after another: the simplest model graph. Parameters and
 * buffers are named by position and local name ({@code 0.weight},
 * {@code 0.bias}, {@code 2.running_mean}...), the keys that model files and
 * optimizer state use. Adjacent pairs that {@link Fusion} covers run as one node.
 *
 * <pre>{@code
 * Sequential net = new Sequential(new Dense(256), Activation.relu(), new Dense(10));
 * net.build(Shape.of(784), new Rng(42));   // sizes the layers from the input
 * }</pre>
 */
public final class Sequential implements Layer {
    private final List<Layer> layers;

    public Sequential(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    public Sequential(Layer... layers) {
        this(List.of(layers));
    }

    public List<Layer> layers() {
        return layers;
    }

    @Override
    public Var forward(Var input, Mode mode) {
        Var x = input;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            Var f = i + 1 < layers.size() ? Fusion.fused(l, layers.get(i + 1), x, mode) : null;
            if (f != null) {
                x = f;
                i++;
            } else {
                x = l.forward(x, mode);
            }
        }
        return x;
    }

    /** Builds every layer from the per-example input shape, in order; returns this. */
    public Sequential build(Shape input, Rng rng) {
        build(List.of(input), rng);
        return this;
    }

    @Override
    public void build(List<Shape> inputs, Rng rng) {
        List<Shape> s = inputs;
        for (Layer l : layers) {
            l.build(s, rng);
            s = List.of(l.outputShape(s));
        }
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        List<Shape> s = inputs;
        for (Layer l : layers) {
            s = List.of(l.outputShape(s));
        }
        return s.get(0);
    }

    @Override
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Map.Entry<String, Parameter> e : layers.get(i).parameters().entrySet()) {
                m.put(i + "." + e.getKey(), e.getValue());
            }
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public Map<String, Buffer> buffers() {
        Map<String, Buffer> m = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Map.Entry<String, Buffer> e : layers.get(i).buffers().entrySet()) {
                m.put(i + "." + e.getKey(), e.getValue());
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** The total number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters().values()) {
            n += p.shape().size();
        }
        return n;
    }

    @Override
    public String type() {
        return "sequential";
    }

    /** The layers' own configurations, in order. */
    @Override
    public Map<String, Object> config() {
        List<Object> specs = new ArrayList<>();
        for (Layer l : layers) {
            specs.add(LayerTypes.describe(l));
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("layers", specs);
        return c;
    }

    /** A one-line description such as {@code Dense(64 -> 32) -> relu -> Dense(32 -> 10)}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Layer l : layers) {
            parts.add(l.toString());
        }
        return String.join(" -> ", parts);
    }
}
