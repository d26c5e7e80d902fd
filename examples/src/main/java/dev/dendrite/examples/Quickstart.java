package dev.dendrite.examples;

import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.data.Datasets;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Split;
import dev.dendrite.data.Splits;
import dev.dendrite.data.Task;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.model.Model;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.train.ProgressPrinter;
import dev.dendrite.train.TrainOptions;
import dev.dendrite.train.Trainer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Build, train with a validation split and early stopping on validation
 * accuracy, save, load and predict: the embedded 8x8 digits (1,797 images),
 * a 64-128-10 network, in about a second. Prints the test accuracy.
 */
public final class Quickstart {

    public static void main(String[] args) throws IOException {
        System.out.printf("test accuracy: %.4f%n", run());
    }

    /** Trains, saves and reloads the model; returns the reloaded model's test accuracy. */
    public static double run() throws IOException {
        Splits parts = new Split(0.1, 0.2, 42).apply(Datasets.digits());    // validation 10%, test 20%
        Normalizer scale = Normalizer.of(Normalizer.Kind.SCALE).fit(parts.train());

        Sequential net = new Sequential(new Dense(128), Activation.relu(), new Dense(10))
                .build(Shape.of(64), new Rng(42));
        Trainer trainer = new Trainer(net, new CrossEntropy(),
                Adam.builder(net.parameters()).learningRate(0.002).build(),
                TrainOptions.defaults().withEpochs(40).withEarlyStopping("val_accuracy", true, 5))
                .listen(new ProgressPrinter(System.out));
        trainer.fit(new DataLoader(scale.apply(parts.train()), 32, 42), scale.apply(parts.validation()));

        Model model = new Model(net, scale, Task.CLASSIFICATION, parts.train().classNames(),
                parts.train().featureNames(), Map.of("example", "quickstart"));
        Path file = Files.createTempFile("quickstart", ".dnd");
        model.save(file);                                   // atomic: a crash leaves the old file
        Model loaded = Model.load(file);
        Files.delete(file);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        loaded.save(bytes);                                 // or any OutputStream: a blob, a socket
        Model again = Model.load(new ByteArrayInputStream(bytes.toByteArray()));

        Dataset test = parts.test();                        // raw pixels: the model normalises them itself
        int[] predicted = again.predict(test.features()).argmaxRows();
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == test.labels()[i] ? 1 : 0;
        }
        System.out.println("first test image: predicted " + again.classNames().get(predicted[0])
                + ", true " + test.classNames().get(test.labels()[0]));
        return correct / (double) predicted.length;
    }
}
