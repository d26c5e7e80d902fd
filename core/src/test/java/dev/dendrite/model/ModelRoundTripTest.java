package dev.dendrite.model;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Task;
import dev.dendrite.io.ModelFileException;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.AvgPool2d;
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
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Save then load gives bit-identical predictions for the three new kinds of
 * model: a functional graph with two inputs, a model with a user-registered
 * layer, and a model with layer state (batch-norm running statistics).
 */
class ModelRoundTripTest {
    @TempDir
    Path dir;

    private static final Map<String, Object> META = Map.of("note", "round trip");

    @Test
    void aTwoInputGraphRoundTrips() {
        Rng rng = new Rng(21);
        Graph.Builder b = Graph.builder();
        Graph.Node user = b.indexInput("user");
        Graph.Node x = b.input("x", 3);
        Graph.Node u = b.apply("user_vec", new Embedding(7, 4, 0.5f, rng), user);
        Graph.Node h = b.apply("h", new Dense(4), x);
        Graph.Node joined = b.apply("joined", Merge.concatenate(), u, h, b.apply("gmf", Merge.multiply(), u, h));
        Graph.Node out = b.apply("out", new Dense(2), b.apply("act", Activation.relu(), joined));
        Graph g = b.build(rng, out);
        Model m = new Model(g, Normalizer.none(), Task.CLASSIFICATION, List.of("no", "yes"), List.of("a", "b", "c"), META);
        Path file = dir.resolve("two.dnd");
        m.save(file);
        Model back = Model.load(file);
        assertThat(back.network()).isInstanceOf(Graph.class);
        assertThat(back.network().inputs()).isEqualTo(g.inputs());
        Map<String, Var> in = Map.of("user", Var.indices(new int[] {0, 6, 3}),
                "x", Var.constant(Tensor.uniform(rng, -1f, 1f, 3, 3)));
        assertThat(back.output(in).toArray()).containsExactly(m.output(in).toArray());
        assertThat(back.summary()).isEqualTo(m.summary());
    }

    /** A user's layer: y = x * scale, one learnable scale per feature. */
    static final class Scale implements Layer {
        final Parameter scale;

        Scale(int features) {
            scale = new Parameter("scale", Tensor.full(1.5f, features));
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
    void aUserRegisteredLayerRoundTripsAndAnUnregisteredOneIsExplained() {
        Rng rng = new Rng(4);
        Scale scale = new Scale(3);
        scale.scale.update(Tensor.vector(0.5f, -2f, 3f));
        Sequential net = new Sequential(scale, new Dense(3, 2, dev.dendrite.nn.Init.XAVIER_UNIFORM, rng));
        Model m = new Model(net, Normalizer.none(), Task.CLASSIFICATION, List.of("a", "b"), List.of("f1", "f2", "f3"),
                META);
        Path file = dir.resolve("custom.dnd");
        m.save(file);
        assertThatThrownBy(() -> Model.load(file)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("unknown layer type 'scale': if it is your own layer, register it before loading"
                        + " (LayerTypes.builtIn().with(\"scale\", factory), then Model.load(path, types))");
        LayerTypes types = LayerTypes.builtIn().with("scale",
                c -> new Scale(LayerTypes.positiveInt(c, "features")));
        Model back = Model.load(file, types);
        float[] row = {0.3f, -1.2f, 2.5f};
        assertThat(back.predict(row)).containsExactly(m.predict(row));
        assertThat(back.parameters().get("0.scale").value().toArray()).containsExactly(0.5f, -2f, 3f);
        assertThatThrownBy(() -> types.with("scale", c -> new Scale(1))).hasMessageContaining("already registered");
    }

    @Test
    void layerStateIsSavedRestoredAndNeverTouchedByTheOptimizer() {
        Rng rng = new Rng(8);
        BatchNorm bn = new BatchNorm();
        Sequential net = new Sequential(new Dense(4), bn, Activation.relu(), new Dense(3)).build(Shape.of(4), rng);
        // AdamW with strong weight decay: it must not reach the running statistics
        Adam opt = Adam.adamW(net.parameters(), 0.05, 0.5);
        assertThat(net.parameters().keySet()).doesNotContain("1.running_mean", "1.running_var");
        Tensor x = Tensor.uniform(rng, -2f, 2f, 16, 4).add(1.5f);
        Tensor labels = Tensor.fromFunction(Shape.of(16), i -> i % 3);
        for (int step = 0; step < 5; step++) {
            Var loss = new CrossEntropy().apply(net.forward(Var.constant(x), Mode.train(rng)), labels);
            opt.step(loss.backward());
        }
        // five updates with momentum 0.1 from 0 towards the batch mean (about 1.5 per input feature after the dense layer)
        Tensor mean = bn.buffers().get("running_mean").value();
        assertThat(mean.abs().sum().item()).isGreaterThan(0.01f);
        Tensor before = mean;
        net.forward(Var.constant(x), Mode.EVAL);
        assertThat(bn.buffers().get("running_mean").value()).isSameAs(before);

        Model m = new Model(net, Normalizer.none(), Task.CLASSIFICATION, List.of("a", "b", "c"),
                List.of("p", "q", "r", "s"), META);
        Path file = dir.resolve("state.dnd");
        m.save(file);
        Model back = Model.load(file);
        assertThat(back.buffers().keySet()).containsExactly("1.running_mean", "1.running_var");
        back.buffers().forEach((k, v) -> assertThat(v.value().toArray())
                .containsExactly(m.buffers().get(k).value().toArray()));
        Tensor probe = Tensor.uniform(rng, -2f, 2f, 5, 4);
        assertThat(back.predict(probe).toArray()).containsExactly(m.predict(probe).toArray());
    }

    @Test
    void aConvolutionalModelRoundTripsWithItsLayerStateAndPredictsInChunks() {
        Rng rng = new Rng(12);
        Sequential net = new Sequential(new Reshape(2, 6, 5), new Conv2d(4, 3).paddingSame().groups(2),
                new BatchNorm(), Activation.relu(), new MaxPool2d(new int[] {2, 2}, new int[] {2, 1}, new int[] {1, 0}),
                new Conv2d(3, 1).noBias().dilation(2), new AvgPool2d(2), new Flatten(), new Dense(3))
                .build(Shape.of(60), rng);
        Tensor x = Tensor.uniform(rng, -1f, 1f, 8, 60);
        for (int step = 0; step < 3; step++) {
            net.forward(Var.constant(x), Mode.train(rng)); // moves the running statistics
        }
        Model m = new Model(net, Normalizer.none(), Task.CLASSIFICATION, List.of("a", "b", "c"),
                java.util.stream.IntStream.range(0, 60).mapToObj(i -> "p" + i).toList(), META);
        Path file = dir.resolve("cnn.dnd");
        m.save(file);
        Model back = Model.load(file);
        assertThat(back.buffers().keySet()).containsExactly("2.running_mean", "2.running_var");
        assertThat(back.buffers().get("2.running_mean").value().toArray())
                .containsExactly(m.buffers().get("2.running_mean").value().toArray());
        assertThat(back.summary()).isEqualTo(m.summary());
        // more rows than several prediction chunks (256): the chunks must join in order
        Tensor probe = Tensor.uniform(rng, -1f, 1f, 2100, 60);
        Tensor all = back.predict(probe);
        assertThat(all.toArray()).containsExactly(m.predict(probe).toArray());
        Tensor last = back.predict(probe.slice(0, 2099, 2100).contiguous());
        assertThat(all.slice(0, 2099, 2100).contiguous().toArray()).containsExactly(last.toArray());
    }

    @Test
    void aDepthwiseConvolutionNeedsFewerWeightsThanInTimesOut() {
        // 8 channels of 1x1 pixels, depthwise (groups 8, 1x1 kernels): 8 weights and 8 biases, where
        // in x out would be 64, more than the whole file holds; the loader's allocation guard must know groups
        Rng rng = new Rng(5);
        Sequential net = new Sequential(new dev.dendrite.nn.Reshape(8, 1, 1), new dev.dendrite.nn.Conv2d(8, 1).groups(8),
                new dev.dendrite.nn.Flatten(), new Dense(2)).build(Shape.of(8), rng);
        long values = 0;
        for (Parameter p : net.parameters().values()) {
            values += p.shape().size();
        }
        assertThat(values).isLessThan(64);
        Model m = new Model(net, Normalizer.none(), Task.CLASSIFICATION, List.of("a", "b"),
                List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"), META);
        Path file = dir.resolve("depthwise.dnd");
        m.save(file);
        float[] row = {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, -0.8f};
        assertThat(Model.load(file).predict(row)).containsExactly(m.predict(row));
    }

    @Test
    void layerNormRoundTripsWithItsShapeEpsAndLearnedScales() {
        Rng rng = new Rng(21);
        Sequential net = new Sequential(new Reshape(2, 3, 4), new Conv2d(3, 1), new dev.dendrite.nn.LayerNorm(),
                new Flatten(), new Dense(6), new dev.dendrite.nn.LayerNorm(6).eps(0.5f), new Dense(2))
                .build(Shape.of(24), rng);
        // scales and shifts away from their starting 1 and 0, so a loader that kept fresh ones would differ
        for (Map.Entry<String, Parameter> e : net.parameters().entrySet()) {
            if (e.getKey().startsWith("2.") || e.getKey().startsWith("5.")) {
                e.getValue().update(Tensor.uniform(rng, -2f, 2f, e.getValue().shape().dims()));
            }
        }
        Model m = new Model(net, Normalizer.none(), Task.CLASSIFICATION, List.of("a", "b"),
                java.util.stream.IntStream.range(0, 24).mapToObj(i -> "p" + i).toList(), META);
        Path file = dir.resolve("layer-norm.dnd");
        m.save(file);
        Model back = Model.load(file);
        assertThat(back.summary()).isEqualTo(m.summary());
        Layer first = ((Sequential) back.network()).layers().get(2);
        assertThat(LayerTypes.describe(first)).containsEntry("shape", List.of(3, 3, 4)).containsEntry("features", 36);
        assertThat(LayerTypes.describe(((Sequential) back.network()).layers().get(5))).containsEntry("eps", 0.5);
        Tensor probe = Tensor.uniform(rng, -1f, 1f, 7, 24);
        assertThat(back.predict(probe).toArray()).containsExactly(m.predict(probe).toArray());
    }
}
