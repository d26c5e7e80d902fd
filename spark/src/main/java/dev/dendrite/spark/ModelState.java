package dev.dendrite.spark;

import dev.dendrite.autograd.Gradients;
import dev.dendrite.autograd.Parameter;
import dev.dendrite.model.Model;
import dev.dendrite.nn.Buffer;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Moves a model's changing state (parameters, buffers, optimizer state) in and
 * out of a {@link RoundState}, and a model to and from the bytes of its file
 * (what is broadcast once per run: the architecture, the normaliser, the names).
 * Entries are named {@code param.NAME}, {@code buffer.NAME} and
 * {@code opt.NAME}; optimizer entries are sorted by name so every JVM lays them
 * out alike.
 */
public final class ModelState {
    private ModelState() {
    }

    /** The state of {@code model} and {@code optimizer} as one vector. */
    public static RoundState capture(Model model, Optimizer optimizer, int round) {
        RoundState.Builder b = new RoundState.Builder();
        model.parameters().forEach((k, p) -> b.add("param." + k, p.value().contiguous().toArray()));
        model.buffers().forEach((k, v) -> b.add("buffer." + k, v.value().contiguous().toArray()));
        new TreeMap<>(optimizer.state()).forEach((k, v) -> {
            if (!k.equals("step")) {
                b.add("opt." + k, v.contiguous().toArray());
            }
        });
        return b.build(round, optimizer.steps());
    }

    /** Sets {@code model}'s parameters and buffers and {@code optimizer}'s state from {@code s}. */
    public static void apply(RoundState s, Model model, Optimizer optimizer) {
        Map<String, Parameter> params = model.parameters();
        Map<String, Buffer> buffers = model.buffers();
        Map<String, Tensor> opt = new LinkedHashMap<>();
        int at = 0;
        for (int i = 0; i < s.names().size(); i++) {
            String name = s.names().get(i);
            int n = s.sizes()[i];
            float[] v = new float[n];
            System.arraycopy(s.values(), at, v, 0, n);
            at += n;
            if (name.startsWith("param.")) {
                Parameter p = require(params.get(name.substring(6)), name);
                p.update(Tensor.wrap(v, p.shape()));
            } else if (name.startsWith("buffer.")) {
                Buffer b = require(buffers.get(name.substring(7)), name);
                b.update(Tensor.wrap(v, b.shape()));
            } else if (name.startsWith("opt.")) {
                String key = name.substring(4);
                Parameter p = require(params.get(key.substring(0, Math.max(0, key.lastIndexOf('.')))), name);
                opt.put(key, Tensor.wrap(v, p.shape()));
            } else {
                throw new IllegalArgumentException("round state: unknown entry '" + name + "'");
            }
        }
        opt.put("step", Tensor.vector(s.steps() >>> 24, s.steps() & 0xFFFFFF));
        optimizer.loadState(opt);
    }

    /**
     * The layout a partition sends back after its local steps: the state names
     * and sizes once the optimizer has stepped (an optimizer creates its state
     * tensors on its first step). Found by one zero-gradient step on a copy.
     */
    public static RoundState layoutAfterSteps(byte[] modelBytes, OptimizerSpec spec) {
        Model copy = fromBytes(modelBytes);
        Optimizer o = spec.create(copy.parameters());
        int total = 0;
        for (Parameter p : copy.parameters().values()) {
            total += p.shape().size();
        }
        o.step(Gradients.unflatten(copy.parameters(), new float[total]));
        return capture(copy, o, 0);
    }

    private static <T> T require(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("round state: the model has no entry for '" + name + "'");
        }
        return value;
    }

    /** The bytes of {@code model}'s file. */
    public static byte[] toBytes(Model model) {
        try {
            Path tmp = Files.createTempFile("dendrite-model", ".dnd");
            try {
                model.save(tmp);
                return Files.readAllBytes(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a temporary model file", e);
        }
    }

    /** A fresh model read from the bytes of its file (each call builds its own parameters). */
    public static Model fromBytes(byte[] bytes) {
        try {
            Path tmp = Files.createTempFile("dendrite-model", ".dnd");
            try {
                Files.write(tmp, bytes);
                return Model.load(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a temporary model file", e);
        }
    }
}
