package dev.dendrite.model;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Task;
import dev.dendrite.nn.Mode;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model ready to serve: the network, the input normaliser fitted on
 * the training data, the task, the class names (classification) and the
 * feature names, plus free-form training metadata. For classification
 * {@link #predict(float[])} returns class probabilities (softmax of the
 * network's logits); for regression, the predicted values.
 *
 * <pre>{@code
 * Model model = Model.load(Path.of("digits.dnd"));
 * float[] probabilities = model.predict(pixels);
 * }</pre>
 */
public final class Model {
    private final Sequential network;
    private final Normalizer normalizer;
    private final Task task;
    private final List<String> classNames;
    private final List<String> featureNames;
    private final Map<String, Object> metadata;

    public Model(Sequential network, Normalizer normalizer, Task task, List<String> classNames,
                 List<String> featureNames, Map<String, Object> metadata) {
        if (task == Task.AUTO) {
            throw new IllegalArgumentException("model: the task must be classification or regression, not auto");
        }
        this.network = network;
        this.normalizer = normalizer;
        this.task = task;
        this.classNames = classNames == null ? List.of() : List.copyOf(classNames);
        this.featureNames = List.copyOf(featureNames);
        this.metadata = metadata == null ? Map.of() : new LinkedHashMap<>(metadata);
    }

    public Sequential network() {
        return network;
    }

    public Normalizer normalizer() {
        return normalizer;
    }

    public Task task() {
        return task;
    }

    public boolean isClassification() {
        return task == Task.CLASSIFICATION;
    }

    public List<String> classNames() {
        return classNames;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public int featureCount() {
        return featureNames.size();
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    /** Probabilities (classification) or values (regression) for one row of raw features. */
    public float[] predict(float[] features) {
        return predict(Tensor.wrap(features.clone(), Shape.of(1, features.length))).toArray();
    }

    /** The most probable class index for one row of raw features. */
    public int predictClass(float[] features) {
        if (!isClassification()) {
            throw new IllegalStateException("predictClass: this is a regression model");
        }
        float[] p = predict(features);
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Probabilities {@code [N, classes]} or values {@code [N, outputs]} for raw features {@code [N, F]}. */
    public Tensor predict(Tensor features) {
        if (features.rank() != 2 || features.dim(1) != featureCount()) {
            throw new IllegalArgumentException("predict: input " + features.shape() + ", expected [N, "
                    + featureCount() + "] (the model was trained on " + featureCount() + " features)");
        }
        Tensor x = normalizer.apply(features);
        Var out = network.forward(Var.constant(x), Mode.EVAL);
        return isClassification() ? out.softmax(1).value() : out.value();
    }

    /** The network's parameters by dotted name. */
    public Map<String, Parameter> parameters() {
        return network.parameters();
    }

    /** Writes the model file atomically (see {@code docs/model-format.md}). */
    public void save(Path path) {
        ModelCodec.save(this, path);
    }

    /** Reads a model file written by {@link #save}. */
    public static Model load(Path path) {
        return ModelCodec.load(path);
    }
}
