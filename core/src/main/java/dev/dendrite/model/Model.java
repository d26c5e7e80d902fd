package dev.dendrite.model;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.data.Dataset;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Preprocessor;
import dev.dendrite.data.Task;
import dev.dendrite.nn.Buffer;
import dev.dendrite.nn.Input;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.LayerTypes;
import dev.dendrite.nn.Mode;
import dev.dendrite.nn.Summary;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model ready to serve: the network (a {@link dev.dendrite.nn.Sequential}
 * or any {@link dev.dendrite.nn.Graph}), the input normaliser fitted on
 * the training data, the task, the class names (classification) and the
 * feature names, plus free-form training metadata. For classification
 * {@link #predict(float[])} returns class probabilities (softmax of the
 * network's logits); for regression, the predicted values. A graph with several
 * inputs (integer ids, for example) is served through {@link #output(Map)}; the
 * normaliser then applies to its float input, if it has one. A model trained
 * on a table with categorical columns or imputed cells also holds its
 * {@link Preprocessor}: {@link #inputColumns()} are then the raw columns a file
 * must supply, {@link #featureNames()} the encoded features ({@code color=red}),
 * and {@link #predict(Tensor)} fills missing (NaN) features first. A
 * regression model with several targets names them in {@link #targetNames()}.
 *
 * <pre>{@code
 * Model model = Model.load(Path.of("digits.dnd"));
 * float[] probabilities = model.predict(pixels);
 * }</pre>
 */
public final class Model {
    private final Layer network;
    private final Normalizer normalizer;
    private final Task task;
    private final List<String> classNames;
    private final List<String> featureNames;
    private final Map<String, Object> metadata;
    private final Preprocessor preprocessor; // null: every feature a numeric column of its own
    private final List<String> targetNames;  // empty: one unnamed target (or classification)

    public Model(Layer network, Normalizer normalizer, Task task, List<String> classNames,
                 List<String> featureNames, Map<String, Object> metadata) {
        this(network, normalizer, task, classNames, featureNames, metadata, null, null);
    }

    /**
     * A model with a preprocessor (null or one that changes nothing: none) whose
     * encoded feature names must be {@code featureNames}, and regression target
     * names (null or empty: one target).
     */
    public Model(Layer network, Normalizer normalizer, Task task, List<String> classNames,
                 List<String> featureNames, Map<String, Object> metadata, Preprocessor preprocessor,
                 List<String> targetNames) {
        if (preprocessor != null && !preprocessor.featureNames().equals(List.copyOf(featureNames))) {
            throw new IllegalArgumentException("model: the preprocessor makes features "
                    + preprocessor.featureNames().size() + " " + shortList(preprocessor.featureNames())
                    + ", but the model has " + featureNames.size() + " " + shortList(featureNames));
        }
        if (preprocessor != null && !preprocessor.isFitted()) {
            throw new IllegalArgumentException("model: the preprocessor is not fitted; call fit(train) first");
        }
        this.preprocessor = preprocessor == null || preprocessor.isIdentity() ? null : preprocessor;
        this.targetNames = targetNames == null ? List.of() : List.copyOf(targetNames);
        if (task == Task.CLASSIFICATION && !this.targetNames.isEmpty()) {
            throw new IllegalArgumentException("model: target names are for regression; a classifier has class names");
        }
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

    public Layer network() {
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

    /** How raw columns become features; for a model without one, every feature is a numeric column. */
    public Preprocessor preprocessor() {
        return preprocessor != null ? preprocessor : Preprocessor.numeric(featureNames);
    }

    /** Whether the model encodes categories or imputes missing cells (its file then stores how). */
    public boolean hasPreprocessing() {
        return preprocessor != null;
    }

    /** The raw columns that input files must supply: the feature names unless a preprocessor encodes them. */
    public List<String> inputColumns() {
        return preprocessor != null ? preprocessor.columnNames() : featureNames;
    }

    /** The regression targets' names; empty for one unnamed target and for classification. */
    public List<String> targetNames() {
        return targetNames;
    }

    /** How many values a regression model predicts per row (1 for classification as well). */
    public int targetCount() {
        return Math.max(1, targetNames.size());
    }

    /** Probabilities (classification) or values (regression) for one row of raw cells, one per {@link #inputColumns()}. */
    public float[] predictRow(List<String> cells) {
        return predict(preprocessor().encode(cells));
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
        return forward(normalizer.apply(preprocessor == null ? features : preprocessor.apply(features)));
    }

    /**
     * As {@link #predict(Tensor)} for the features of {@code data}, raw as a data
     * file gives them. Features the data set holds lazily (an IDX file's pixels)
     * are normalised straight from their source: no raw float copy is made
     * first. The same numbers as {@code predict(data.features())}.
     */
    public Tensor predict(Dataset data) {
        if (data.featureCount() != featureCount()) {
            throw new IllegalArgumentException("predict: input " + Shape.of(data.size(), data.featureCount())
                    + ", expected [N, " + featureCount() + "] (the model was trained on " + featureCount()
                    + " features)");
        }
        return forward(normalizer.apply(preprocessor == null ? data : preprocessor.apply(data)).features());
    }

    /** The network's outputs for normalised features, in evaluation mode (probabilities for classification). */
    private Tensor forward(Tensor x) {
        int n = x.dim(0);
        if (n <= PREDICT_CHUNK) {
            Var out = network.forward(Var.constant(x), Mode.EVAL);
            return isClassification() ? out.softmax(1).value() : out.value();
        }
        // in chunks: a convolution's intermediate buffers grow with the rows, tens of times the input's size
        List<Tensor> parts = new java.util.ArrayList<>();
        for (int from = 0; from < n; from += PREDICT_CHUNK) {
            Var out = network.forward(Var.constant(x.slice(0, from, Math.min(n, from + PREDICT_CHUNK)).contiguous()),
                    Mode.EVAL);
            parts.add(isClassification() ? out.softmax(1).value() : out.value());
        }
        return Tensor.concat(parts, 0);
    }

    private static final int PREDICT_CHUNK = 256;

    /**
     * Probabilities (classification) or values (regression) for inputs given by
     * name: what a multi-input graph serves. Float inputs are normalised with the
     * stored normaliser first.
     */
    public Tensor output(Map<String, Var> inputs) {
        List<Var> ordered = new java.util.ArrayList<>();
        for (Input in : network.inputs()) {
            Var v = inputs.get(in.name());
            if (v == null) {
                throw new IllegalArgumentException("model: no value for input '" + in.name() + "' (inputs: "
                        + network.inputs().stream().map(Input::name).toList() + ")");
            }
            ordered.add(v.isIndices() ? v : Var.constant(normalizer.apply(v.value())));
        }
        Var out = network.forward(ordered, Mode.EVAL);
        return isClassification() ? out.softmax(1).value() : out.value();
    }

    private static String shortList(List<String> names) {
        return "(" + dev.dendrite.data.Excerpt.columns(names) + ")";
    }

    /** The network's parameters by dotted name. */
    public Map<String, Parameter> parameters() {
        return network.parameters();
    }

    /** The network's non-trainable state by dotted name. */
    public Map<String, Buffer> buffers() {
        return network.buffers();
    }

    /** The layer table: each layer with its output shape and parameter count, and the totals. */
    public String summary() {
        return Summary.of(network, List.of(Shape.of(featureCount())));
    }

    /** Writes the model file atomically (see {@code docs/model-format.md}). */
    public void save(Path path) {
        ModelCodec.save(this, path);
    }

    /**
     * Writes the model file's bytes to {@code out} (flushed, not closed): for a
     * class-path resource, a database or a network. Unlike {@link #save(Path)} this
     * cannot be atomic; a failure may leave part of a file in the stream.
     */
    public void save(java.io.OutputStream out) {
        ModelCodec.save(this, out);
    }

    /** Reads a model written by {@link #save(java.io.OutputStream)} from {@code in} to its end (not closed). */
    public static Model load(java.io.InputStream in) {
        return load(in, LayerTypes.builtIn());
    }

    /** As {@link #load(java.io.InputStream)}, with the layer types registered in {@code types}. */
    public static Model load(java.io.InputStream in, LayerTypes types) {
        return ModelCodec.load(in, "stream", types);
    }

    /** Reads a model file written by {@link #save}, with the built-in layer types. */
    public static Model load(Path path) {
        return ModelCodec.load(path, LayerTypes.builtIn());
    }

    /** Reads a model file whose layers may include types registered in {@code types}. */
    public static Model load(Path path, LayerTypes types) {
        return ModelCodec.load(path, types);
    }
}
