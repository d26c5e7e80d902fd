package dev.dendrite.model;

import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Task;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes the seed corpora of the model fuzz tests: small real models saved with
 * {@link Model#save}, whole for {@code ModelFileFuzzTest} and without their
 * 8-byte trailer for {@link ModelLoadFuzzTest}. Run from {@code core/} with the
 * test class path: {@code java -cp target/classes:target/test-classes
 * dev.dendrite.model.FuzzSeedWriter src/test/resources}. Kept small on purpose:
 * libFuzzer mutates short inputs far faster.
 */
public final class FuzzSeedWriter {
    private FuzzSeedWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args[0]);
        Path whole = resources.resolve("dev/dendrite/io/ModelFileFuzzTestInputs/readFrom");
        Path bodies = resources.resolve("dev/dendrite/model/ModelLoadFuzzTestInputs/load");
        Files.createDirectories(whole);
        Files.createDirectories(bodies);
        Rng rng = new Rng(7);
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 5, 8}, 3, 2);

        Model classifier = new Model(new Sequential(new Dense(2, 3, Init.XAVIER_UNIFORM, rng),
                new Activation(Activation.Kind.RELU), new Dense(3, 2, Init.XAVIER_UNIFORM, rng)),
                Normalizer.fit(Normalizer.Kind.STANDARDIZE, x), Task.CLASSIFICATION, List.of("no", "yes"),
                List.of("a", "b"), Map.of("epochs", 3L));
        Model regressor = new Model(new Sequential(new Dense(2, 1, false, Init.XAVIER_UNIFORM, rng),
                new Activation(Activation.Kind.TANH)),
                Normalizer.fit(Normalizer.Kind.MIN_MAX, x), Task.REGRESSION, null, List.of("a", "b"), null);
        Model scaled = new Model(new Sequential(new Dense(2, 2, Init.ZEROS, rng),
                new Activation(Activation.Kind.LEAKY_RELU, 0.1f)),
                Normalizer.scale(255), Task.CLASSIFICATION, List.of("0", "1"), List.of("p0", "p1"), Map.of());
        write(classifier, "classifier", whole, bodies);
        write(regressor, "regressor", whole, bodies);
        write(scaled, "scaled", whole, bodies);
    }

    private static void write(Model m, String name, Path whole, Path bodies) throws IOException {
        Path file = whole.resolve(name + ".dnd");
        m.save(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(bodies.resolve(name + ".body"), Arrays.copyOf(bytes, bytes.length - 8));
    }
}
