package dev.dendrite.model;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Task;
import dev.dendrite.io.ModelFile;
import dev.dendrite.io.ModelFileException;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Layers;
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
 * {@link Layers}, a fixed table), the normaliser's kind, the task, class and
 * feature names and the training metadata. Tensors are the network parameters
 * under their dotted names and the normaliser's state under {@code normalizer.*}.
 * Loading checks that the tensors are exactly the ones the layers need, with
 * the shapes they need, so a model is never half-loaded.
 */
final class ModelCodec {
    static final String KIND = "dendrite-model";
    private static final String NORMALIZER_PREFIX = "normalizer.";

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
        List<Object> layers = new ArrayList<>();
        for (Layer l : m.network().layers()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", l.type());
            entry.putAll(l.config());
            layers.add(entry);
        }
        spec.put("layers", layers);
        spec.put("normalizer", m.normalizer().kind().name().toLowerCase(Locale.ROOT));
        spec.put("class_names", new ArrayList<Object>(m.classNames()));
        spec.put("feature_names", new ArrayList<Object>(m.featureNames()));
        spec.put("metadata", new LinkedHashMap<>(m.metadata()));
        return spec;
    }

    static Map<String, Tensor> tensors(Model m) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        m.parameters().forEach((k, p) -> t.put(k, p.value()));
        m.normalizer().state().forEach((k, v) -> t.put(NORMALIZER_PREFIX + k, v));
        return t;
    }

    static void save(Model m, Path path) {
        ModelFile.write(path, spec(m), tensors(m));
    }

    static Model load(Path path) {
        ModelFile.Contents c = ModelFile.read(path);
        return fromContents(c, path.toString());
    }

    @SuppressWarnings("unchecked")
    static Model fromContents(ModelFile.Contents c, String source) {
        Map<String, Object> spec = c.spec();
        try {
            if (!KIND.equals(spec.get("kind"))) {
                throw new ModelFileException(source, "holds '" + spec.get("kind") + "', not a Dendrite model");
            }
            Task task = Task.valueOf(string(spec, "task").toUpperCase(Locale.ROOT));
            List<Layer> layers = new ArrayList<>();
            long values = 0;
            for (Tensor t : c.tensors().values()) {
                values += t.size();
            }
            for (Object o : list(spec, "layers")) {
                if (!(o instanceof Map<?, ?> entry) || !(entry.get("type") instanceof String type)) {
                    throw new ModelFileException(source, "a layer entry has no type");
                }
                checkAllocation(entry, layers.size(), values, source);
                layers.add(Layers.create(type, (Map<String, Object>) entry));
            }
            Sequential network = new Sequential(layers);
            Map<String, Tensor> tensors = new LinkedHashMap<>(c.tensors());
            for (Map.Entry<String, Parameter> e : network.parameters().entrySet()) {
                Tensor v = tensors.remove(e.getKey());
                if (v == null) {
                    throw new ModelFileException(source, "parameter '" + e.getKey() + "' is missing");
                }
                if (!v.shape().equals(e.getValue().shape())) {
                    throw new ModelFileException(source, "parameter '" + e.getKey() + "' has shape " + v.shape()
                            + ", the layer needs " + e.getValue().shape());
                }
                e.getValue().update(v);
            }
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
            Model m = new Model(network, normalizer, task, classes, features,
                    meta instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of());
            checkShapes(m, source);
            return m;
        } catch (ModelFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFileException(source, "invalid model spec (" + ModelFileException.reason(e) + ")", e);
        }
    }

    /**
     * Rebuilding a layer allocates its parameters from sizes in the spec before the
     * tensors are compared with them; a forged size (a dense layer of 40000 x 40000 in a
     * 500-byte file) would exhaust memory. Every weight must come from the file, so a
     * layer needing more values than all its tensors hold together is refused first.
     */
    private static void checkAllocation(Map<?, ?> entry, int index, long values, String source) {
        if (entry.get("in") instanceof Number in && entry.get("out") instanceof Number out
                && in.doubleValue() * out.doubleValue() > values) {
            throw new ModelFileException(source, "layer " + index + " (" + entry.get("type") + " " + in + " -> " + out
                    + ") needs " + (long) Math.min(in.doubleValue() * out.doubleValue(), Long.MAX_VALUE)
                    + " weights, but the file holds " + values + " values in all");
        }
    }

    private static void checkShapes(Model m, String source) {
        List<Layer> layers = m.network().layers();
        int in = -1;
        int out = -1;
        for (Layer l : layers) {
            if (l instanceof dev.dendrite.nn.Dense d) {
                if (in < 0) {
                    in = d.inputSize();
                } else if (d.inputSize() != out) {
                    throw new ModelFileException(source, "layer sizes do not chain (" + out + " then " + d.inputSize() + ")");
                }
                out = d.outputSize();
            }
        }
        if (in != m.featureCount()) {
            throw new ModelFileException(source, "the first layer takes " + in + " inputs but " + m.featureCount()
                    + " feature names are listed");
        }
        if (m.isClassification() && out != m.classNames().size()) {
            throw new ModelFileException(source, "the last layer has " + out + " outputs but "
                    + m.classNames().size() + " class names are listed");
        }
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
