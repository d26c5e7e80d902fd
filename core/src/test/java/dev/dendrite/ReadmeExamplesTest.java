package dev.dendrite;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.data.Datasets;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Task;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.model.Model;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.BatchNorm;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.Reshape;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Embedding;
import dev.dendrite.nn.Graph;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.LayerTypes;
import dev.dendrite.nn.Merge;
import dev.dendrite.nn.Mode;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.Summary;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.TrainOptions;
import dev.dendrite.train.TrainStep;
import dev.dendrite.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's library examples are this file's code: each test checks that the
 * README shows exactly the lines between its markers, then runs them, and where
 * the README shows output, checks that the code prints it.
 */
class ReadmeExamplesTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src", "test", "java", "dev", "dendrite", "ReadmeExamplesTest.java");

    @TempDir
    Path dir;

    @Test
    void aGraphWithTwoIndexInputs() throws IOException {
        String printed = capture(() -> {
            // README graph:start
            // two index inputs (user and item ids), one embedding table each, their product, a score
            Rng rng = new Rng(42);
            Graph.Builder b = Graph.builder();
            Graph.Node user = b.indexInput("user");
            Graph.Node item = b.indexInput("item");
            Graph.Node u = b.apply("user_vec", new Embedding(1000, 16, rng), user);
            Graph.Node i = b.apply("item_vec", new Embedding(5000, 16, rng), item);
            Graph.Node gmf = b.apply("gmf", Merge.multiply(), u, i);
            Graph model = b.build(rng, b.apply("score", new Dense(2), gmf));
            System.out.print(Summary.of(model, List.of()));

            // one step, apart from the loop: loss and gradients by name, nothing changed yet
            int[] users = {3, 17, 3, 999};
            int[] items = {42, 7, 4999, 42};
            int[] liked = {1, 0, 1, 1};
            Batch batch = new Batch(null, liked, Dataset.oneHot(liked, 2), new int[4],
                    Map.of("user", users, "item", items));
            TrainStep step = new TrainStep(model, new CrossEntropy());
            TrainStep.Result r = step.compute(batch, new Rng(1));
            Parameter table = model.parameters().get("item_vec.weight");
            System.out.println("rows with a gradient: " + r.gradients().sparse(table).rows().length);
            new Adam(model.parameters(), 0.01).step(r.gradients());   // updates those 3 rows only
            // README graph:end
        });
        assertThat(readmeBlock("graph")).isEqualTo(sourceBlock("graph"));
        assertThat(printed).isEqualTo(readmeOutput("graph"));
    }

    @Test
    void lazySizesLayerStateAndJavaCheckpoints() throws IOException {
        Dataset digits = Datasets.digits();
        Dataset data = Normalizer.scale(16f).fit(digits).apply(digits);
        DataLoader loader = new DataLoader(data, 64, 7);
        Dataset validation = null;
        Path checkpoint = dir.resolve("run.ckpt");
        String printed = capture(() -> {
            // README state:start
            // sizes come from the input; BatchNorm keeps running statistics as layer state
            Sequential net = new Sequential(new Dense(64), new BatchNorm(), Activation.relu(), new Dense(10))
                    .build(Shape.of(64), new Rng(1));
            Trainer trainer = new Trainer(net, new CrossEntropy(), new Adam(net.parameters(), 0.01),
                    TrainOptions.defaults().withEpochs(3).withCheckpointFile(checkpoint, 10));
            Trainer.Result done = trainer.fit(loader, validation);   // trainer.resume(checkpoint, ...) goes on
            System.out.println(done.stopReason() + "; state: " + net.buffers().keySet());
            // README state:end
        });
        assertThat(readmeBlock("state")).isEqualTo(sourceBlock("state"));
        assertThat(printed).isEqualTo(readmeOutput("state"));
        assertThat(Files.exists(checkpoint)).isTrue();
    }

    @Test
    void aSmallCnnFromJava() throws IOException {
        Dataset digits = Datasets.digits();
        Dataset data = Normalizer.scale(16f).fit(digits).apply(digits);
        DataLoader loader = new DataLoader(data, 64, 7);
        Dataset validation = null;
        String printed = capture(() -> {
            // README cnn:start
            // the 8x8 digits as one-channel images: two convolution blocks and a dense head
            Sequential cnn = new Sequential(new Reshape(1, 8, 8),
                    new Conv2d(16, 3).padding(1), new BatchNorm(), Activation.relu(), new MaxPool2d(2),
                    new Conv2d(32, 3).padding(1), new BatchNorm(), Activation.relu(),
                    new Flatten(), new Dense(64), Activation.relu(), new Dense(10))
                    .build(Shape.of(64), new Rng(1));
            new Trainer(cnn, new CrossEntropy(), new Adam(cnn.parameters(), 0.002),
                    TrainOptions.defaults().withEpochs(2)).fit(loader, validation);
            System.out.print(Summary.of(cnn, List.of(Shape.of(64))));
            // README cnn:end
        });
        assertThat(readmeBlock("cnn")).isEqualTo(sourceBlock("cnn"));
        assertThat(printed).isEqualTo(readmeOutput("cnn"));
    }

    /** A user's layer: a learnable scale per feature (README: registering a layer type). */
    static final class Scale implements Layer {
        private final Parameter scale;

        Scale(int features) {
            scale = new Parameter("scale", Tensor.ones(features));
        }

        static Scale fromConfig(Map<String, Object> config) {
            return new Scale(LayerTypes.positiveInt(config, "features"));
        }

        @Override
        public Var forward(Var input, Mode mode) {
            return input.mul(scale.var());
        }

        @Override
        public Map<String, Parameter> parameters() {
            return Map.of("scale", scale);
        }

        @Override
        public String type() {
            return "scale";
        }

        @Override
        public Map<String, Object> config() {
            return Map.of("features", scale.shape().dim(0));
        }
    }

    @Test
    void registeringALayerType() throws IOException {
        Path file = dir.resolve("custom.dnd");
        new Model(new Sequential(new Scale(2), new Dense(2, 2, dev.dendrite.nn.Init.XAVIER_UNIFORM, new Rng(1))),
                Normalizer.none(), Task.CLASSIFICATION, List.of("no", "yes"), List.of("a", "b"), Map.of()).save(file);
        String printed = capture(() -> {
            // README register:start
            LayerTypes types = LayerTypes.builtIn().with("scale", Scale::fromConfig);
            Model model = Model.load(file, types);   // Model.load(file) alone says how to register "scale"
            System.out.println(model.network());
            // README register:end
        });
        assertThat(readmeBlock("register")).isEqualTo(sourceBlock("register"));
        assertThat(printed).startsWith("dev.dendrite.ReadmeExamplesTest$Scale");
    }

    // ------------------------------------------------------------------ helpers

    private static String capture(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** The lines between this file's markers, without their common indentation. */
    private static String sourceBlock(String name) throws IOException {
        List<String> lines = Files.readAllLines(SOURCE);
        int from = lines.indexOf(indentOf(lines, "// README " + name + ":start")) + 1;
        int to = lines.indexOf(indentOf(lines, "// README " + name + ":end"));
        List<String> block = lines.subList(from, to);
        int indent = block.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : block) {
            out.add(l.isBlank() ? "" : l.substring(indent));
        }
        return String.join("\n", out);
    }

    private static String indentOf(List<String> lines, String marker) {
        return lines.stream().filter(l -> l.strip().equals(marker)).findFirst()
                .orElseThrow(() -> new AssertionError("no marker " + marker));
    }

    /** The ```java block after the README's marker {@code <!-- example: name -->}. */
    private static String readmeBlock(String name) throws IOException {
        return fence(name, "```java");
    }

    /** The ```text block after the java block of the marker, with a final newline. */
    private static String readmeOutput(String name) throws IOException {
        return fence(name, "```text") + "\n";
    }

    private static String fence(String name, String opening) throws IOException {
        List<String> lines = Files.readAllLines(README);
        int at = lines.indexOf("<!-- example: " + name + " -->");
        assertThat(at).as("README marker for " + name).isNotNegative();
        int open = at + 1;
        while (!lines.get(open).equals(opening)) {
            open++;
        }
        int close = open + 1;
        while (!lines.get(close).equals("```")) {
            close++;
        }
        return String.join("\n", lines.subList(open + 1, close));
    }
}
