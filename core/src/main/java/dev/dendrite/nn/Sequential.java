package dev.dendrite.nn;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers applied one after another. Parameters are named by position and local
 * name ({@code 0.weight}, {@code 0.bias}, {@code 2.weight}...), the keys that
 * model files and optimizer state use.
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
            if (l instanceof Dense d && i + 1 < layers.size()
                    && layers.get(i + 1) instanceof Activation a && a.kind() == Activation.Kind.RELU) {
                // Dense then ReLU: one fused node (same values, one sweep less each way)
                x = d.forwardRelu(x);
                i++;
            } else {
                x = l.forward(x, mode);
            }
        }
        return x;
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

    /** The total number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters().values()) {
            n += p.value().size();
        }
        return n;
    }

    @Override
    public String type() {
        return "sequential";
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    /** A one-line description such as {@code Dense(64 -> 32) relu Dense(32 -> 10)}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Layer l : layers) {
            parts.add(l.toString());
        }
        return String.join(" -> ", parts);
    }
}
