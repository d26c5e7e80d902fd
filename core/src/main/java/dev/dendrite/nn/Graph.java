package dev.dendrite.nn;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model as a graph of layer applications: named inputs (float features or
 * integer ids), layers applied to the outputs of other layers, merges, and one
 * or more outputs. Built with a {@link Builder}, in the spirit of Keras's
 * functional API:
 *
 * <pre>{@code
 * Graph.Builder b = Graph.builder();
 * Graph.Node user = b.indexInput("user");
 * Graph.Node item = b.indexInput("item");
 * Graph.Node u = b.apply("user_vec", new Embedding(users, 32, rng), user);
 * Graph.Node i = b.apply("item_vec", new Embedding(items, 32, rng), item);
 * Graph.Node x = b.apply(Merge.multiply(), u, i);
 * Graph model = b.build(new Rng(42), b.apply(new Dense(1), x));
 * }</pre>
 *
 * Each application is a node with a unique name (given, or its position among
 * the applications: {@code 0}, {@code 1}...), and its layer's parameters and
 * buffers are named {@code node.local} ({@code user_vec.weight}), so a chain
 * built this way names its weights as a {@link Sequential} does. A layer
 * object may be applied once only (weights are shared by reusing a node's
 * output, not a layer). The model file stores the graph (see {@link #config()}).
 */
public final class Graph implements Layer {
    /** One layer application. */
    private record Step(String name, Layer layer, List<String> from) {
    }

    private final List<Input> inputs;
    private final List<Step> steps;
    private final List<String> outputs;
    /** For each step, whether it runs fused with the next one ({@link Fusion}). */
    private final boolean[] fuseWithNext;

    private Graph(List<Input> inputs, List<Step> steps, List<String> outputs) {
        this.inputs = List.copyOf(inputs);
        this.steps = List.copyOf(steps);
        this.outputs = List.copyOf(outputs);
        this.fuseWithNext = fusionPlan();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A value inside a graph being built: an input or a layer's output. */
    public static final class Node {
        private final Builder owner;
        private final String name;

        private Node(Builder owner, String name) {
            this.owner = owner;
            this.name = name;
        }

        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Collects inputs and layer applications; {@link #build} checks and sizes the graph. */
    public static final class Builder {
        private final List<Input> inputs = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private final Set<Layer> layers = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        private boolean built;

        private Builder() {
        }

        /** A float input with per-example dimensions {@code dims} (for example 784, or 1, 28, 28). */
        public Node input(String name, int... dims) {
            return addInput(Input.floats(name, dims));
        }

        /** An input of integer ids, one per example unless {@code dims} says otherwise. */
        public Node indexInput(String name, int... dims) {
            return addInput(Input.indices(name, dims));
        }

        private Node addInput(Input in) {
            claim(in.name());
            inputs.add(in);
            return new Node(this, in.name());
        }

        /** Applies {@code layer} to the given nodes; the node is named by its position ({@code 0}, {@code 1}...). */
        public Node apply(Layer layer, Node... from) {
            return apply(String.valueOf(steps.size()), layer, from);
        }

        /** Applies {@code layer} to the given nodes, naming the result (and the layer's weights) {@code name}. */
        public Node apply(String name, Layer layer, Node... from) {
            if (from.length == 0) {
                throw new IllegalArgumentException("graph: node '" + name + "' has no inputs");
            }
            if (!layers.add(layer)) {
                throw new IllegalArgumentException("graph: layer " + layer + " is applied twice; to share weights, "
                        + "reuse the output node, or apply a new layer");
            }
            List<String> src = new ArrayList<>();
            for (Node n : from) {
                if (n == null || n.owner != this) {
                    throw new IllegalArgumentException("graph: node '" + name + "' takes a node of another graph");
                }
                src.add(n.name);
            }
            claim(name);
            steps.add(new Step(name, layer, src));
            return new Node(this, name);
        }

        private void claim(String name) {
            if (built) {
                throw new IllegalStateException("graph: this builder has built its graph already");
            }
            if (name == null || name.isEmpty() || name.contains(".")) {
                throw new IllegalArgumentException("graph: a name must be non-empty and without dots, got '"
                        + name + "'");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("graph: the name '" + name + "' is used twice");
            }
        }

        /** The graph with these outputs, its layers built from the inputs' shapes with weights drawn from {@code rng}. */
        public Graph build(Rng rng, Node... outputs) {
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("graph: no inputs");
            }
            if (outputs.length == 0) {
                throw new IllegalArgumentException("graph: no outputs");
            }
            List<String> out = new ArrayList<>();
            for (Node n : outputs) {
                if (n.owner != this) {
                    throw new IllegalArgumentException("graph: output '" + n.name + "' belongs to another graph");
                }
                out.add(n.name);
            }
            Graph g = new Graph(inputs, steps, out);
            g.buildLayers(rng);
            built = true;
            return g;
        }
    }

    /** Inputs in the order {@link #forward(List, Mode)} takes them. */
    @Override
    public List<Input> inputs() {
        return inputs;
    }

    /** The names of the output nodes. */
    public List<String> outputs() {
        return outputs;
    }

    /** Node names, in order of application. */
    public List<String> nodeNames() {
        return steps.stream().map(Step::name).toList();
    }

    /** The layer applied at node {@code name}. */
    public Layer layer(String name) {
        return step(name).layer;
    }

    /** The names of the nodes or inputs that node {@code name} takes. */
    public List<String> nodeInputs(String name) {
        return step(name).from;
    }

    private Step step(String name) {
        for (Step s : steps) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("graph: no node named '" + name + "'");
    }

    private void buildLayers(Rng rng) {
        Map<String, Shape> shapes = inputShapes();
        for (Step s : steps) {
            List<Shape> in = new ArrayList<>();
            for (String f : s.from) {
                in.add(shapes.get(f));
            }
            try {
                s.layer.build(in, rng);
                shapes.put(s.name, s.layer.outputShape(in));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("graph node '" + s.name + "': " + e.getMessage(), e);
            }
        }
    }

    private Map<String, Shape> inputShapes() {
        Map<String, Shape> shapes = new HashMap<>();
        for (Input in : inputs) {
            shapes.put(in.name(), in.shape());
        }
        return shapes;
    }

    /** The per-example shape of every input and node, by name, in order. */
    public Map<String, Shape> shapes() {
        Map<String, Shape> shapes = new LinkedHashMap<>(inputShapes());
        for (Step s : steps) {
            List<Shape> in = new ArrayList<>();
            for (String f : s.from) {
                in.add(shapes.get(f));
            }
            shapes.put(s.name, s.layer.outputShape(in));
        }
        return shapes;
    }

    @Override
    public void build(List<Shape> given, Rng rng) {
        if (given.size() != inputs.size()) {
            throw new IllegalArgumentException("graph: " + inputs.size() + " inputs, given " + given.size() + " shapes");
        }
        for (int i = 0; i < given.size(); i++) {
            if (!given.get(i).equals(inputs.get(i).shape())) {
                throw new IllegalArgumentException("graph: input '" + inputs.get(i).name() + "' is "
                        + inputs.get(i).shape() + " per example, given " + given.get(i));
            }
        }
    }

    @Override
    public Shape outputShape(List<Shape> given) {
        return shapes().get(outputs.get(0));
    }

    /** A step runs fused with the next when {@link Fusion} covers the pair and nothing else reads its output. */
    private boolean[] fusionPlan() {
        boolean[] plan = new boolean[steps.size()];
        Map<String, Integer> readers = new HashMap<>();
        for (Step s : steps) {
            for (String f : s.from) {
                readers.merge(f, 1, Integer::sum);
            }
        }
        for (int i = 0; i + 1 < steps.size(); i++) {
            Step a = steps.get(i);
            Step b = steps.get(i + 1);
            plan[i] = b.from.equals(List.of(a.name)) && readers.getOrDefault(a.name, 0) == 1
                    && !outputs.contains(a.name) && Fusion.fusible(a.layer, b.layer);
        }
        return plan;
    }

    @Override
    public Var forward(Var input, Mode mode) {
        return forward(List.of(input), mode);
    }

    /** The single output for inputs given in the order of {@link #inputs()}. */
    @Override
    public Var forward(List<Var> given, Mode mode) {
        if (outputs.size() != 1) {
            throw new IllegalStateException("graph: " + outputs.size() + " outputs; use forwardAll");
        }
        return forwardAll(given, mode).get(0);
    }

    /** The single output for inputs given by name. */
    public Var forward(Map<String, Var> given, Mode mode) {
        List<Var> ordered = new ArrayList<>();
        for (Input in : inputs) {
            Var v = given.get(in.name());
            if (v == null) {
                throw new IllegalArgumentException("graph: no value for input '" + in.name() + "' (inputs: "
                        + inputs.stream().map(Input::name).toList() + ")");
            }
            ordered.add(v);
        }
        return forward(ordered, mode);
    }

    /** Every output, in order, for inputs given in the order of {@link #inputs()}. */
    public List<Var> forwardAll(List<Var> given, Mode mode) {
        if (given.size() != inputs.size()) {
            throw new IllegalArgumentException("graph: takes " + inputs.size() + " inputs "
                    + inputs.stream().map(Input::name).toList() + ", got " + given.size());
        }
        Map<String, Var> values = new HashMap<>();
        for (int i = 0; i < given.size(); i++) {
            Input in = inputs.get(i);
            Var v = given.get(i);
            if ((in.kind() == Input.Kind.INDICES) != v.isIndices()) {
                throw new IllegalArgumentException("graph: input '" + in.name() + "' takes "
                        + (in.kind() == Input.Kind.INDICES ? "integer ids" : "floats") + ", got "
                        + (v.isIndices() ? "integer ids" : "floats"));
            }
            if (v.isIndices()) { // a wrong width would be read silently as other examples' ids
                int[] d = v.shape().dims();
                int[] want = in.shape().dims();
                if (d.length != want.length + 1
                        || !java.util.Arrays.equals(d, 1, d.length, want, 0, want.length)) {
                    throw new IllegalArgumentException("graph: input '" + in.name() + "' takes "
                            + (want.length == 0 ? "one id" : Shape.of(want) + " ids") + " per example, got "
                            + v.shape());
                }
            }
            values.put(in.name(), v);
        }
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            List<Var> args = new ArrayList<>(s.from.size());
            for (String f : s.from) {
                args.add(values.get(f));
            }
            if (fuseWithNext[i]) {
                Step next = steps.get(i + 1);
                values.put(next.name, Fusion.fused(s.layer, next.layer, args.get(0), mode));
                i++;
            } else {
                values.put(s.name, args.size() == 1 ? s.layer.forward(args.get(0), mode) : s.layer.forward(args, mode));
            }
        }
        List<Var> out = new ArrayList<>();
        for (String o : outputs) {
            out.add(values.get(o));
        }
        return out;
    }

    @Override
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (Step s : steps) {
            s.layer.parameters().forEach((k, v) -> m.put(s.name + "." + k, v));
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public Map<String, Buffer> buffers() {
        Map<String, Buffer> m = new LinkedHashMap<>();
        for (Step s : steps) {
            s.layer.buffers().forEach((k, v) -> m.put(s.name + "." + k, v));
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String type() {
        return "graph";
    }

    /**
     * {@code inputs}: name, kind ({@code floats} or {@code indices}) and per-example
     * shape of each; {@code nodes}: name, layer entry and input names of each
     * application in order; {@code outputs}: the output node names.
     */
    @Override
    public Map<String, Object> config() {
        List<Object> ins = new ArrayList<>();
        for (Input in : inputs) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", in.name());
            e.put("kind", in.kind() == Input.Kind.INDICES ? "indices" : "floats");
            List<Object> dims = new ArrayList<>();
            for (int d : in.shape().dims()) {
                dims.add(d);
            }
            e.put("shape", dims);
            ins.add(e);
        }
        List<Object> nodes = new ArrayList<>();
        for (Step s : steps) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", s.name);
            e.put("layer", LayerTypes.describe(s.layer));
            e.put("inputs", new ArrayList<Object>(s.from));
            nodes.add(e);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("inputs", ins);
        c.put("nodes", nodes);
        c.put("outputs", new ArrayList<Object>(outputs));
        return c;
    }

    /** Rebuilds a graph from {@link #config()}, its layers through {@code types}. */
    @SuppressWarnings("unchecked")
    static Graph fromConfig(Map<String, Object> c, LayerTypes types) {
        Builder b = builder();
        Map<String, Node> nodes = new HashMap<>();
        for (Map<String, Object> in : LayerTypes.maps(c, "inputs")) {
            if (!(in.get("name") instanceof String name) || !(in.get("kind") instanceof String kind)) {
                throw new IllegalArgumentException("graph: an input needs a name and a kind");
            }
            int[] dims = in.get("shape") instanceof List<?> l && l.isEmpty() ? new int[0] : LayerTypes.ints(in, "shape");
            Node n = switch (kind) {
                case "floats" -> b.input(name, dims);
                case "indices" -> b.indexInput(name, dims);
                default -> throw new IllegalArgumentException("graph: input kind '" + kind
                        + "' is not floats or indices");
            };
            nodes.put(name, n);
        }
        for (Map<String, Object> e : LayerTypes.maps(c, "nodes")) {
            if (!(e.get("name") instanceof String name) || !(e.get("layer") instanceof Map<?, ?> layer)) {
                throw new IllegalArgumentException("graph: a node needs a name and a layer");
            }
            List<Node> from = new ArrayList<>();
            for (String f : LayerTypes.strings(e, "inputs")) {
                Node n = nodes.get(f);
                if (n == null) {
                    throw new IllegalArgumentException("graph: node '" + name + "' reads '" + f
                            + "', which is not an input or an earlier node");
                }
                from.add(n);
            }
            nodes.put(name, b.apply(name, types.create((Map<String, Object>) layer), from.toArray(new Node[0])));
        }
        List<Node> outs = new ArrayList<>();
        for (String o : LayerTypes.strings(c, "outputs")) {
            Node n = nodes.get(o);
            if (n == null) {
                throw new IllegalArgumentException("graph: output '" + o + "' is not a node");
            }
            outs.add(n);
        }
        return b.build(new Rng(0), outs.toArray(new Node[0]));
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Step s : steps) {
            parts.add(s.name + "=" + s.layer + "(" + String.join(", ", s.from) + ")");
        }
        return "Graph[" + String.join("; ", parts) + "]";
    }
}
