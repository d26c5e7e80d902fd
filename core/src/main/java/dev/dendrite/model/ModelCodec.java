package dev.dendrite.model;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Preprocessor;
import dev.dendrite.data.Task;
import dev.dendrite.io.ModelFile;
import dev.dendrite.io.ModelFileException;
import dev.dendrite.nn.Buffer;
import dev.dendrite.nn.Input;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.LayerTypes;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a {@link Model} to the model file's JSON spec and named tensors, and
 * back. The spec lists the layers as type plus configuration (rebuilt through
 * a {@link LayerTypes} table, never by reflection): a {@link Sequential} as the
 * list {@code layers}, which every Dendrite reads, any other network as the
 * tree {@code network}, the normaliser's kind, the task, class and
 * feature names, the preprocessor and target names when the model has them,
 * and the training metadata. Tensors are the network parameters under their
 * dotted names, the normaliser's state under {@code normalizer.*} and the
 * preprocessor's fill values as {@code preprocessor.fill}.
 * Loading checks that the tensors are exactly the ones the layers need, with
 * the shapes they need, so a model is never half-loaded.
 */
final class ModelCodec {
    static final String KIND = "dendrite-model";
    private static final String NORMALIZER_PREFIX = "normalizer.";
    private static final String FILL = "preprocessor.fill";

    /** The version of Dendrite that writes files, from the build. */
    static final String VERSION = readVersion();

    private ModelCodec() {
    }

    private static String readVersion() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in = ModelCodec.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (java.io.IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    static Map<String, Object> spec(Model m) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("kind", KIND);
        spec.put("dendrite_version", VERSION);
        spec.put("task", m.task().name().toLowerCase(Locale.ROOT));
        if (m.network() instanceof Sequential seq) {
            // a chain keeps the first spec layout, which every earlier Dendrite reads
            List<Object> layers = new ArrayList<>();
            for (Layer l : seq.layers()) {
                layers.add(LayerTypes.describe(l));
            }
            spec.put("layers", layers);
        } else {
            spec.put("network", LayerTypes.describe(m.network()));
        }
        spec.put("normalizer", m.normalizer().kind().name().toLowerCase(Locale.ROOT));
        spec.put("class_names", new ArrayList<Object>(m.classNames()));
        spec.put("feature_names", new ArrayList<Object>(m.featureNames()));
        if (m.hasPreprocessing()) {
            spec.put("preprocessor", m.preprocessor().spec());
        }
        if (!m.targetNames().isEmpty()) {
            spec.put("target_names", new ArrayList<Object>(m.targetNames()));
        }
        spec.put("metadata", new LinkedHashMap<>(m.metadata()));
        return spec;
    }

    static Map<String, Tensor> tensors(Model m) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        m.parameters().forEach((k, p) -> t.put(k, p.value()));
        m.buffers().forEach((k, b) -> {
            if (t.put(k, b.value()) != null) {
                throw new IllegalStateException("model: '" + k + "' names both a parameter and a buffer");
            }
        });
        m.normalizer().state().forEach((k, v) -> t.put(NORMALIZER_PREFIX + k, v));
        float[] fill = m.hasPreprocessing() ? m.preprocessor().fill() : null;
        if (fill != null) {
            t.put(FILL, Tensor.wrap(fill, dev.dendrite.tensor.Shape.of(fill.length)));
        }
        return t;
    }

    static void save(Model m, Path path) {
        ModelFile.write(path, spec(m), tensors(m));
    }

    static void save(Model m, java.io.OutputStream out) {
        ModelFile.writeTo(out, spec(m), tensors(m));
    }

    static Model load(java.io.InputStream in, String source, LayerTypes types) {
        return fromContents(ModelFile.readFrom(in, source), source, types);
    }

    static Model load(Path path, LayerTypes types) {
        ModelFile.Contents c = ModelFile.read(path);
        return fromContents(c, path.toString(), types);
    }

    static Model fromContents(ModelFile.Contents c, String source) {
        return fromContents(c, source, LayerTypes.builtIn());
    }

    @SuppressWarnings("unchecked")
    static Model fromContents(ModelFile.Contents c, String source, LayerTypes types) {
        Map<String, Object> spec = c.spec();
        try {
            if (!KIND.equals(spec.get("kind"))) {
                throw new ModelFileException(source, "holds '" + spec.get("kind") + "', not a Dendrite model");
            }
            Task task = Task.valueOf(string(spec, "task").toUpperCase(Locale.ROOT));
            long values = 0;
            for (Tensor t : c.tensors().values()) {
                values += t.size();
            }
            checkAllocation(spec, values, source);
            Layer network;
            if (spec.containsKey("network")) {
                if (!(spec.get("network") instanceof Map<?, ?> net)) {
                    throw new ModelFileException(source, "'network' must be an object");
                }
                network = types.create((Map<String, Object>) net);
            } else {
                List<Layer> layers = new ArrayList<>();
                for (Object o : list(spec, "layers")) {
                    if (!(o instanceof Map<?, ?> entry)) {
                        throw new ModelFileException(source, "a layer entry has no type");
                    }
                    layers.add(types.create((Map<String, Object>) entry));
                }
                network = new Sequential(layers);
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>(c.tensors());
            for (Map.Entry<String, Parameter> e : network.parameters().entrySet()) {
                e.getValue().update(take(tensors, e.getKey(), e.getValue().shape(), "parameter", source));
            }
            for (Map.Entry<String, Buffer> e : network.buffers().entrySet()) {
                e.getValue().update(take(tensors, e.getKey(), e.getValue().shape(), "buffer", source));
            }
            Tensor fill = tensors.remove(FILL);
            Map<String, Tensor> normState = new LinkedHashMap<>();
            for (String k : List.copyOf(tensors.keySet())) {
                if (k.startsWith(NORMALIZER_PREFIX)) {
                    normState.put(k.substring(NORMALIZER_PREFIX.length()), tensors.remove(k));
                }
            }
            if (!tensors.isEmpty()) {
                throw new ModelFileException(source, "unexpected tensor '" + tensors.keySet().iterator().next() + "'");
            }
            Normalizer.Kind kind = Normalizer.Kind.valueOf(string(spec, "normalizer").toUpperCase(Locale.ROOT));
            Normalizer normalizer = Normalizer.restore(kind, normState);
            List<String> classes = strings(spec, "class_names");
            List<String> features = strings(spec, "feature_names");
            Object meta = spec.get("metadata");
            Preprocessor prep = null;
            if (spec.get("preprocessor") instanceof Map<?, ?> pm) {
                prep = Preprocessor.restore(pm, fill);
                if (!prep.featureNames().equals(features)) {
                    throw new ModelFileException(source, "the preprocessor's encoded features ("
                            + prep.featureNames().size() + ") are not the listed feature names ("
                            + features.size() + ")");
                }
            } else if (spec.containsKey("preprocessor")) {
                throw new ModelFileException(source, "'preprocessor' must be an object");
            } else if (fill != null) {
                throw new ModelFileException(source, "unexpected tensor '" + FILL + "' (no preprocessor)");
            }
            List<String> targets = spec.containsKey("target_names") ? strings(spec, "target_names") : List.of();
            if (!targets.isEmpty() && task == Task.CLASSIFICATION) {
                throw new ModelFileException(source, "a classification model lists target names");
            }
            if (new java.util.HashSet<>(targets).size() != targets.size()) {
                throw new ModelFileException(source, "a target name is listed twice");
            }
            Model m = new Model(network, normalizer, task, classes, features,
                    meta instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of(), prep, targets);
            checkSemantics(m, source);
            return m;
        } catch (ModelFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFileException(source, "invalid model spec (" + ModelFileException.reason(e) + ")", e);
        }
    }

    private static Tensor take(Map<String, Tensor> tensors, String name, dev.dendrite.tensor.Shape shape, String what,
                               String source) {
        Tensor v = tensors.remove(name);
        if (v == null) {
            throw new ModelFileException(source, what + " '" + name + "' is missing");
        }
        if (!v.shape().equals(shape)) {
            throw new ModelFileException(source, what + " '" + name + "' has shape " + v.shape()
                    + ", the layer needs " + shape);
        }
        if (v.hasNonFinite()) {
            throw new ModelFileException(source, what + " '" + name + "' holds NaN or infinite values");
        }
        return v;
    }

    /**
     * Rebuilding a layer allocates its parameters from sizes in the spec before the
     * tensors are compared with them; a forged size (a dense layer of 40000 x 40000 in a
     * 500-byte file) would exhaust memory. Every weight must come from the file, so a
     * spec whose layers need more values than all its tensors hold together is refused
     * first. The sizes are read from the spec tree however deeply layers nest.
     */
    private static void checkAllocation(Map<String, Object> spec, long values, String source) {
        if (spec.get("layers") instanceof List<?> layers) {
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) instanceof Map<?, ?> entry && entry.get("in") instanceof Number
                        && weightsOf(entry) > values) {
                    throw new ModelFileException(source, "layer " + i + " (" + entry.get("type") + " " + entry.get("in")
                            + " -> " + entry.get("out") + ") needs " + (long) Math.min(weightsOf(entry), Long.MAX_VALUE)
                            + " weights, but the file holds " + values + " values in all");
                }
            }
        }
        double need = weightsNamed(spec, 0);
        if (need > values) {
            throw new ModelFileException(source, "the layers need " + (long) Math.min(need, Long.MAX_VALUE)
                    + " weights, but the file holds " + values + " values in all");
        }
    }

    private static double weightsNamed(Object node, int depth) {
        double n = 0;
        if (depth > 64) {
            return n;
        }
        if (node instanceof Map<?, ?> m) {
            n += weightsOf(m);
            for (Object v : m.values()) {
                n += weightsNamed(v, depth + 1);
            }
        } else if (node instanceof List<?> l) {
            for (Object v : l) {
                n += weightsNamed(v, depth + 1);
            }
        }
        return n;
    }

    /**
     * A lower bound on the weights a layer entry's sizes call for: {@code in x out}
     * (divided by {@code groups} for a grouped convolution), {@code count x dim},
     * or {@code features}; 0 for an entry without such sizes.
     */
    private static double weightsOf(Map<?, ?> m) {
        double groups = m.get("groups") instanceof Number g && g.doubleValue() >= 1 ? g.doubleValue() : 1;
        return product(m, "in", "out") / groups + product(m, "count", "dim") + product(m, "features", null);
    }

    private static double product(Map<?, ?> m, String a, String b) {
        if (m.get(a) instanceof Number x && (b == null || m.get(b) instanceof Number)) {
            double y = b == null ? 1 : ((Number) m.get(b)).doubleValue();
            return Math.max(0, x.doubleValue()) * Math.max(0, y);
        }
        return 0;
    }

    /**
     * What the bytes cannot show: the network must accept the listed features and
     * produce one output per class (or one value for regression), and class names
     * must be distinct.
     */
    private static void checkSemantics(Model m, String source) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String c : m.classNames()) {
            if (!seen.add(c)) {
                throw new ModelFileException(source, "class name '" + shorten(c) + "' is listed twice");
            }
        }
        if (m.isClassification() && m.classNames().size() < 2) {
            throw new ModelFileException(source, "a classification model needs at least 2 class names, found "
                    + m.classNames().size());
        }
        if (!m.isClassification() && !m.classNames().isEmpty()) {
            throw new ModelFileException(source, "a regression model lists class names");
        }
        List<Input> inputs = m.network().inputs();
        List<dev.dendrite.tensor.Shape> shapes = new ArrayList<>();
        for (Input in : inputs) {
            shapes.add(in.kind() == Input.Kind.FLOATS && in.shape().rank() == 0
                    ? dev.dendrite.tensor.Shape.of(m.featureCount()) : in.shape());
        }
        dev.dendrite.tensor.Shape out;
        try {
            m.network().build(shapes, new dev.dendrite.tensor.Rng(0));
            out = m.network().outputShape(shapes);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, "the layers do not fit the " + m.featureCount()
                    + " listed features (" + e.getMessage() + ")");
        }
        int width = out.rank() == 0 ? 1 : out.dim(out.rank() - 1);
        if (m.isClassification() && width != m.classNames().size()) {
            throw new ModelFileException(source, "the last layer has " + width + " outputs but "
                    + m.classNames().size() + " class names are listed");
        }
        if (!m.isClassification() && width != m.targetCount()) {
            throw new ModelFileException(source, m.targetNames().isEmpty()
                    ? "a regression model must have 1 output, the last layer has " + width
                    : "the last layer has " + width + " outputs but " + m.targetCount() + " target names are listed");
        }
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static String string(Map<String, Object> spec, String key) {
        if (!(spec.get(key) instanceof String s)) {
            throw new IllegalArgumentException("'" + key + "' must be a string");
        }
        return s;
    }

    private static List<?> list(Map<String, Object> spec, String key) {
        if (!(spec.get(key) instanceof List<?> l)) {
            throw new IllegalArgumentException("'" + key + "' must be a list");
        }
        return l;
    }

    private static List<String> strings(Map<String, Object> spec, String key) {
        List<String> out = new ArrayList<>();
        for (Object o : list(spec, key)) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException("'" + key + "' must hold strings");
            }
            out.add(s);
        }
        return out;
    }
}
