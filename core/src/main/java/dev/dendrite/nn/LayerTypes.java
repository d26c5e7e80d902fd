package dev.dendrite.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The table of layer types that model files can name: a type name (what
 * {@link Layer#type()} returns) to a factory that rebuilds the layer from its
 * {@link Layer#config()}. Loading never uses reflection on names read from a
 * file; a type is known only if it is built in or registered explicitly:
 *
 * <pre>{@code
 * LayerTypes types = LayerTypes.builtIn().with("residual", Residual::fromConfig);
 * Model model = Model.load(path, types);
 * }</pre>
 *
 * A rebuilt layer has fresh (zero) parameters and buffers of the configured
 * sizes; the model loader then puts the saved values in. Tables are immutable:
 * {@link #with} returns a new one.
 */
public final class LayerTypes {
    /** Rebuilds a layer from its configuration; containers use {@code types} for the layers inside them. */
    @FunctionalInterface
    public interface Factory {
        Layer create(Map<String, Object> config, LayerTypes types);
    }

    private static final LayerTypes BUILT_IN = new LayerTypes(builtInFactories());

    private final Map<String, Factory> factories;

    private LayerTypes(Map<String, Factory> factories) {
        this.factories = Map.copyOf(factories);
    }

    /** The library's own layers. */
    public static LayerTypes builtIn() {
        return BUILT_IN;
    }

    /** This table plus {@code type}, rebuilt by {@code factory} from the configuration the layer wrote. */
    public LayerTypes with(String type, Function<Map<String, Object>, Layer> factory) {
        return with(type, (config, types) -> factory.apply(config));
    }

    /** This table plus {@code type}, for container layers that rebuild other layers through the table. */
    public LayerTypes with(String type, Factory factory) {
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("layer types: the type name must not be empty");
        }
        if (factories.containsKey(type)) {
            throw new IllegalArgumentException("layer types: '" + type + "' is already registered");
        }
        Map<String, Factory> m = new LinkedHashMap<>(factories);
        m.put(type, factory);
        return new LayerTypes(m);
    }

    /** Whether {@code type} can be rebuilt. */
    public boolean knows(String type) {
        return factories.containsKey(type);
    }

    /** Rebuilds a layer from {@code spec}: its {@code type} plus its configuration. */
    public Layer create(Map<String, Object> spec) {
        if (!(spec.get("type") instanceof String type)) {
            throw new IllegalArgumentException("a layer entry has no type");
        }
        Factory f = factories.get(type);
        if (f == null) {
            throw new IllegalArgumentException("unknown layer type '" + type + "': if it is your own layer, register"
                    + " it before loading (LayerTypes.builtIn().with(\"" + type + "\", factory), then"
                    + " Model.load(path, types)); known types: " + String.join(", ", new TreeSet<>(factories.keySet())));
        }
        return f.create(spec, this);
    }

    /** A layer's entry in a model file: {@code type} followed by its configuration. */
    public static Map<String, Object> describe(Layer l) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", l.type());
        for (Map.Entry<String, Object> e : l.config().entrySet()) {
            if (e.getKey().equals("type")) {
                throw new IllegalStateException(l.type() + ": a layer's configuration must not use the key 'type'");
            }
            entry.put(e.getKey(), e.getValue());
        }
        return entry;
    }

    private static Map<String, Factory> builtInFactories() {
        Map<String, Factory> m = new LinkedHashMap<>();
        m.put("dense", (c, t) -> Dense.fromConfig(c));
        m.put("dropout", (c, t) -> new Dropout((float) number(c, "p")));
        m.put("leaky_relu", (c, t) -> new Activation(Activation.Kind.LEAKY_RELU,
                c.containsKey("slope") ? (float) number(c, "slope") : 0.01f));
        for (String a : List.of("identity", "sigmoid", "tanh", "relu", "softmax")) {
            m.put(a, (c, t) -> new Activation(Activation.parse(a)));
        }
        m.put("sequential", (c, t) -> {
            List<Layer> layers = new ArrayList<>();
            for (Map<String, Object> e : maps(c, "layers")) {
                layers.add(t.create(e));
            }
            return new Sequential(layers);
        });
        m.put("graph", Graph::fromConfig);
        m.put("embedding", (c, t) -> Embedding.fromConfig(c));
        m.put("embedding_bag", (c, t) -> EmbeddingBag.fromConfig(c));
        m.put("batch_norm", (c, t) -> BatchNorm.fromConfig(c));
        m.put("layer_norm", (c, t) -> LayerNorm.fromConfig(c));
        m.put("conv2d", (c, t) -> Conv2d.fromConfig(c));
        m.put("max_pool2d", (c, t) -> MaxPool2d.fromConfig(c));
        m.put("avg_pool2d", (c, t) -> AvgPool2d.fromConfig(c));
        m.put("global_avg_pool2d", (c, t) -> new GlobalAvgPool2d());
        m.put("flatten", (c, t) -> new Flatten());
        m.put("reshape", (c, t) -> new Reshape(ints(c, "shape")));
        m.put("random_crop_flip", (c, t) -> RandomCropFlip.fromConfig(c));
        m.put("concatenate", (c, t) -> Merge.concatenate());
        m.put("add", (c, t) -> Merge.add());
        m.put("multiply", (c, t) -> Merge.multiply());
        m.put("dot", (c, t) -> Merge.dot());
        return m;
    }

    // ------------------------------------------------------------ config readers

    /** A number from a layer configuration. */
    public static double number(Map<String, Object> c, String key) {
        if (!(c.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("layer config: missing number '" + key + "'");
        }
        return n.doubleValue();
    }

    /** A positive integer from a layer configuration. */
    public static int positiveInt(Map<String, Object> c, String key) {
        double v = number(c, key);
        if (v != Math.rint(v) || v < 1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("layer config: '" + key + "' must be a positive integer, got " + v);
        }
        return (int) v;
    }

    /** A boolean from a layer configuration, {@code otherwise} when absent. */
    public static boolean flag(Map<String, Object> c, String key, boolean otherwise) {
        Object v = c.get(key);
        if (v == null) {
            return otherwise;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("layer config: '" + key + "' must be true or false, got " + v);
        }
        return b;
    }

    /** A list of objects (maps) from a layer configuration. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> maps(Map<String, Object> c, String key) {
        if (!(c.get(key) instanceof List<?> l)) {
            throw new IllegalArgumentException("layer config: '" + key + "' must be a list");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof Map<?, ?> mm)) {
                throw new IllegalArgumentException("layer config: '" + key + "' must hold objects");
            }
            out.add((Map<String, Object>) mm);
        }
        return out;
    }

    /** A list of strings from a layer configuration. */
    public static List<String> strings(Map<String, Object> c, String key) {
        if (!(c.get(key) instanceof List<?> l)) {
            throw new IllegalArgumentException("layer config: '" + key + "' must be a list");
        }
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException("layer config: '" + key + "' must hold strings");
            }
            out.add(s);
        }
        return out;
    }

    /** A list of non-negative integers (a shape) from a layer configuration. */
    public static int[] ints(Map<String, Object> c, String key) {
        if (!(c.get(key) instanceof List<?> l)) {
            throw new IllegalArgumentException("layer config: '" + key + "' must be a list of integers");
        }
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                    || n.doubleValue() < 1 || n.doubleValue() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("layer config: '" + key + "' must hold positive integers");
            }
            out[i] = n.intValue();
        }
        return out;
    }
}
