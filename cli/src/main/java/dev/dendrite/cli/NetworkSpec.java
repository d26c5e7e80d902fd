package dev.dendrite.cli;

import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * The architecture from flags: hidden layer sizes ({@code --layers 256,128}),
 * their activation, dropout after each hidden layer, and the initialiser. The
 * output layer has one node per class (its logits feed softmax cross-entropy)
 * or one per regression target.
 */
record NetworkSpec(int[] hidden, Activation.Kind activation, float dropout, Init init) {

    static int[] parseLayers(String text) {
        if (text == null || text.isBlank() || text.equals("none")) {
            return new int[0];
        }
        String[] parts = text.split(",");
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--layers: '" + dev.dendrite.data.Excerpt.of(parts[i].trim())
                        + "' is not a layer size (expected positive integers such as 256,128)");
            }
            if (sizes[i] <= 0) {
                throw new IllegalArgumentException("--layers: layer size " + sizes[i] + " must be at least 1");
            }
        }
        return sizes;
    }

    Sequential build(int inputs, int outputs, Rng rng) {
        List<Layer> layers = new ArrayList<>();
        int in = inputs;
        for (int h : hidden) {
            layers.add(new Dense(in, h, init, rng));
            layers.add(new Activation(activation));
            if (dropout > 0) {
                layers.add(new Dropout(dropout));
            }
            in = h;
        }
        layers.add(new Dense(in, outputs, Init.XAVIER_UNIFORM, rng));
        return new Sequential(layers);
    }
}
