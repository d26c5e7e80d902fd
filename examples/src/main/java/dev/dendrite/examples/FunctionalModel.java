package dev.dendrite.examples;

import dev.dendrite.autograd.Var;
import dev.dendrite.data.Batch;
import dev.dendrite.data.Dataset;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Graph;
import dev.dendrite.nn.Merge;
import dev.dendrite.nn.Mode;
import dev.dendrite.nn.Summary;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Rng;
import dev.dendrite.train.TrainStep;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A model with two inputs, built like Keras's functional API: user and item ids,
 * one embedding table each, their element-wise product and a dense score
 * (generalised matrix factorisation). The data are made up: 40 users and 60
 * items fall into three taste groups, and a user likes an item of the same
 * group. The loop is written out with {@link TrainStep}, as one would for data
 * that a {@code DataLoader} does not hold (ids by name). Prints the accuracy on
 * the held-out pairs.
 */
public final class FunctionalModel {
    private static final int USERS = 40;
    private static final int ITEMS = 60;

    public static void main(String[] args) {
        System.out.printf("held-out accuracy: %.4f%n", run());
    }

    /** Trains on 80% of the user-item pairs; returns the accuracy on the other 20%. */
    public static double run() {
        Rng rng = new Rng(3);
        Graph.Builder b = Graph.builder();
        Graph.Node user = b.indexInput("user");
        Graph.Node item = b.indexInput("item");
        Graph.Node u = b.apply("user_vec", new Embedding(USERS, 8, rng), user);
        Graph.Node i = b.apply("item_vec", new Embedding(ITEMS, 8, rng), item);
        Graph.Node both = b.apply("gmf", Merge.multiply(), u, i);
        Graph model = b.build(rng, b.apply("score", new Dense(2), both));
        System.out.print(Summary.of(model, List.of()));

        int[] order = rng.permutation(USERS * ITEMS);
        int cut = order.length * 4 / 5;
        int[] train = Arrays.copyOf(order, cut);
        int[] test = Arrays.copyOfRange(order, cut, order.length);

        TrainStep step = new TrainStep(model, new CrossEntropy());
        Optimizer adam = Adam.builder(model.parameters()).learningRate(0.05).build();
        for (int epoch = 0; epoch < 30; epoch++) {
            rng.shuffle(train);
            for (int from = 0; from < train.length; from += 128) {
                int[] pairs = Arrays.copyOfRange(train, from, Math.min(train.length, from + 128));
                adam.step(step.compute(batch(pairs), rng).gradients());
            }
        }

        Batch held = batch(test);
        int[] predicted = model.forward(Map.of("user", Var.indices(held.ids().get("user")),
                "item", Var.indices(held.ids().get("item"))), Mode.EVAL).value().argmaxRows();
        int correct = 0;
        for (int k = 0; k < predicted.length; k++) {
            correct += predicted[k] == held.labels()[k] ? 1 : 0;
        }
        return correct / (double) predicted.length;
    }

    /** Pair {@code p} is user {@code p / ITEMS} and item {@code p % ITEMS}; liked when their groups match. */
    private static Batch batch(int[] pairs) {
        int n = pairs.length;
        int[] users = new int[n];
        int[] items = new int[n];
        int[] liked = new int[n];
        for (int k = 0; k < n; k++) {
            users[k] = pairs[k] / ITEMS;
            items[k] = pairs[k] % ITEMS;
            liked[k] = users[k] % 3 == items[k] % 3 ? 1 : 0;
        }
        return new Batch(null, liked, Dataset.oneHot(liked, 2), new int[n], Map.of("user", users, "item", items));
    }
}
