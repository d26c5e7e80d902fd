package dev.dendrite.examples;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Datasets;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Split;
import dev.dendrite.data.Splits;
import dev.dendrite.data.Task;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.model.Model;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.LayerTypes;
import dev.dendrite.nn.Mode;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.TrainOptions;
import dev.dendrite.train.Trainer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

/**
 * A layer of your own: {@code y = a * tanh(x)} with one learnable amplitude
 * {@code a} per feature, sized from its input when the model is built, trained
 * inside a {@link Sequential}, saved, and loaded back through a registered
 * type. Prints the reloaded model's test accuracy on the digits.
 */
public final class CustomLayer {

    /** {@code a * tanh(x)}, one amplitude per feature, starting at 1. */
    public static final class ScaledTanh implements Layer {
        private Parameter amplitude;

        /** Sized later by {@link #build}. */
        public ScaledTanh() {
        }

        /** Sized now: what loading a saved model calls. */
        public ScaledTanh(int features) {
            amplitude = new Parameter("amplitude", Tensor.full(1f, features));
        }

        /** Rebuilds the layer from its saved configuration. */
        public static ScaledTanh fromConfig(Map<String, Object> config) {
            return new ScaledTanh(LayerTypes.positiveInt(config, "features"));
        }

        @Override
        public void build(List<Shape> inputs, Rng rng) {
            if (amplitude == null) {
                amplitude = new Parameter("amplitude", Tensor.full(1f, inputs.get(0).dim(0)));
            }
        }

        @Override
        public Var forward(Var input, Mode mode) {
            return input.tanh().mul(amplitude.var());
        }

        @Override
        public Map<String, Parameter> parameters() {
            return amplitude == null ? Map.of() : Map.of("amplitude", amplitude);
        }

        @Override
        public String type() {
            return "scaled_tanh";
        }

        @Override
        public Map<String, Object> config() {
            return Map.of("features", amplitude.shape().dim(0));
        }
    }

    public static void main(String[] args) {
        System.out.printf("test accuracy: %.4f%n", run());
    }

    /** Trains with the custom layer, saves, reloads with the type registered; returns test accuracy. */
    public static double run() {
        Splits parts = new Split(0.1, 0.2, 7).apply(Datasets.digits());
        Normalizer scale = Normalizer.of(Normalizer.Kind.SCALE).fit(parts.train());
        Sequential net = new Sequential(new Dense(64), new ScaledTanh(), new Dense(10)).build(Shape.of(64), new Rng(7));
        new Trainer(net, new CrossEntropy(), Adam.builder(net.parameters()).learningRate(0.005).build(),
                TrainOptions.defaults().withEpochs(15)).fit(new DataLoader(scale.apply(parts.train()), 32, 7),
                scale.apply(parts.validation()));

        Model model = new Model(net, scale, Task.CLASSIFICATION, parts.train().classNames(),
                parts.train().featureNames(), Map.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.save(bytes);
        LayerTypes types = LayerTypes.builtIn().with("scaled_tanh", ScaledTanh::fromConfig);
        Model loaded = Model.load(new ByteArrayInputStream(bytes.toByteArray()), types);
        System.out.println("learned amplitudes of the first 4 features: "
                + java.util.Arrays.toString(java.util.Arrays.copyOf(
                        loaded.parameters().get("1.amplitude").value().toArray(), 4)));

        int[] predicted = loaded.predict(parts.test().features()).argmaxRows();
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == parts.test().labels()[i] ? 1 : 0;
        }
        return correct / (double) predicted.length;
    }
}
