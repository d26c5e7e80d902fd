package dev.dendrite.train;

import dev.dendrite.autograd.Parameter;
import dev.dendrite.io.ModelFile;
import dev.dendrite.io.ModelFileException;
import dev.dendrite.nn.Layer;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Tensor;

import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A training checkpoint in the model-file container: the caller's configuration
 * (enough to rebuild model, data and optimizer), the {@link TrainingState}
 * (scalars exactly, including the random state and running sums), the history,
 * and as tensors the weights ({@code model.*}), the optimizer state
 * ({@code optimizer.*}) and the best weights kept for early stopping
 * ({@code best.*}). Written atomically, so a run killed while writing leaves the
 * previous checkpoint intact; resuming from it ends bit-identical to a run that
 * was never interrupted.
 */
public final class CheckpointFile {
    static final String KIND = "dendrite-checkpoint";
    private static final String PAUSE_PROPERTY = "dendrite.test.checkpointPauseMillis";

    private CheckpointFile() {
    }

    /** What a checkpoint holds. */
    public record Contents(Map<String, Object> config, TrainingState state, Map<String, Tensor> weights,
                           Map<String, Tensor> optimizerState) {
    }

    /** A checkpoint of {@code model}: its parameters and its layer state, under {@code model.*}. */
    public static void save(Path file, Map<String, Object> config, TrainingState s, Layer model,
                            Optimizer optimizer) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        model.parameters().forEach((k, p) -> weights.put(k, p.value()));
        model.buffers().forEach((k, b) -> weights.put(k, b.value()));
        write(file, config, s, weights, optimizer);
    }

    public static void save(Path file, Map<String, Object> config, TrainingState s,
                            Map<String, Parameter> params, Optimizer optimizer) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        params.forEach((k, p) -> weights.put(k, p.value()));
        write(file, config, s, weights, optimizer);
    }

    private static void write(Path file, Map<String, Object> config, TrainingState s, Map<String, Tensor> weights,
                             Optimizer optimizer) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("kind", KIND);
        spec.put("config", config);
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("epoch", s.epoch());
        st.put("batch", s.batch());
        st.put("step", s.step());
        st.put("rng_state", s.rngState());
        st.put("loss_sum", s.lossSum());
        st.put("correct", s.correct());
        st.put("seen", s.seen());
        st.put("epoch_seconds", s.epochSeconds());
        st.put("best_loss", Double.isInfinite(s.bestLoss()) ? null : s.bestLoss());
        st.put("best_epoch", s.bestEpoch());
        st.put("finished", s.finished());
        spec.put("state", st);
        List<Object> history = new ArrayList<>();
        for (History.Epoch e : s.history().epochs()) {
            // NaN (no validation set, regression accuracy) is stored as null, which List.of refuses
            history.add(java.util.Arrays.asList(e.epoch(), nan(e.trainLoss()), nan(e.trainAccuracy()),
                    nan(e.validationLoss()), nan(e.validationAccuracy()), e.learningRate(), e.seconds()));
        }
        spec.put("history", history);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        weights.forEach((k, v) -> tensors.put("model." + k, v));
        optimizer.state().forEach((k, v) -> tensors.put("optimizer." + k, v));
        if (s.bestWeights() != null) {
            s.bestWeights().forEach((k, v) -> tensors.put("best." + k, v));
        }
        ModelFile.write(file, spec, pausing(tensors));
    }

    @SuppressWarnings("unchecked")
    public static Contents load(Path file) {
        ModelFile.Contents c = ModelFile.read(file);
        String src = file.toString();
        Map<String, Object> spec = c.spec();
        if (!KIND.equals(spec.get("kind"))) {
            throw new ModelFileException(src, "not a Dendrite checkpoint (holds '" + spec.get("kind") + "')");
        }
        try {
            Map<String, Object> st = (Map<String, Object>) spec.get("state");
            History h = new History();
            for (Object o : (List<Object>) spec.get("history")) {
                List<Object> e = (List<Object>) o;
                h.add(new History.Epoch(((Number) e.get(0)).intValue(), num(e.get(1)), num(e.get(2)), num(e.get(3)),
                        num(e.get(4)), num(e.get(5)), num(e.get(6))));
            }
            Map<String, Tensor> weights = new LinkedHashMap<>();
            Map<String, Tensor> opt = new LinkedHashMap<>();
            Map<String, Tensor> best = new LinkedHashMap<>();
            c.tensors().forEach((k, v) -> {
                if (k.startsWith("model.")) {
                    weights.put(k.substring(6), v);
                } else if (k.startsWith("optimizer.")) {
                    opt.put(k.substring(10), v);
                } else if (k.startsWith("best.")) {
                    best.put(k.substring(5), v);
                } else {
                    throw new IllegalArgumentException("unexpected tensor '" + k + "'");
                }
            });
            for (Map<String, Tensor> part : List.of(weights, opt, best)) {
                part.forEach((k, v) -> {
                    if (v.hasNonFinite()) {
                        throw new IllegalArgumentException("tensor '" + k + "' holds NaN or infinite values");
                    }
                });
            }
            long epoch = whole(st, "epoch", Integer.MAX_VALUE);
            long seen = whole(st, "seen", Long.MAX_VALUE);
            long correct = whole(st, "correct", seen);
            if (h.size() != epoch) {
                throw new IllegalArgumentException("the history has " + h.size() + " epochs but the state says "
                        + epoch + " are done");
            }
            double lossSum = num(st.get("loss_sum"));
            double seconds = num(st.get("epoch_seconds"));
            if (!Double.isFinite(lossSum) || !(seconds >= 0) || !Double.isFinite(seconds)) {
                throw new IllegalArgumentException("'loss_sum' and 'epoch_seconds' must be finite");
            }
            TrainingState state = new TrainingState((int) epoch, (int) whole(st, "batch", Integer.MAX_VALUE),
                    whole(st, "step", Long.MAX_VALUE), ((Number) st.get("rng_state")).longValue(), lossSum,
                    correct, seen, seconds, h,
                    st.get("best_loss") == null ? Double.POSITIVE_INFINITY : num(st.get("best_loss")),
                    (int) whole(st, "best_epoch", epoch), best.isEmpty() ? null : best,
                    Boolean.TRUE.equals(st.get("finished")));
            return new Contents((Map<String, Object>) spec.get("config"), state, weights, opt);
        } catch (RuntimeException e) {
            throw new ModelFileException(src, "invalid checkpoint (" + ModelFileException.reason(e) + ")", e);
        }
    }

    /** A whole number in [0, max] from the state, or an error naming it (a forged 1e12 epoch, a negative step). */
    private static long whole(Map<String, Object> st, String key, long max) {
        if (!(st.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        boolean integral = n instanceof Long || n instanceof Integer
                || (n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 0x1p63);
        long v = n.longValue();
        if (!integral || v < 0 || v > max) {
            throw new IllegalArgumentException("'" + key + "' is " + n + ", expected a whole number from 0 to " + max);
        }
        return v;
    }

    private static Object nan(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    /**
     * The tensors, unchanged; when the test property {@value #PAUSE_PROPERTY} is set,
     * iteration sleeps half way so a test can kill the process in the middle of a write.
     */
    private static Map<String, Tensor> pausing(Map<String, Tensor> tensors) {
        long pause = Long.getLong(PAUSE_PROPERTY, 0L);
        if (pause <= 0) {
            return tensors;
        }
        return new AbstractMap<>() {
            @Override
            public Set<Entry<String, Tensor>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, Tensor>> iterator() {
                        Iterator<Entry<String, Tensor>> it = tensors.entrySet().iterator();
                        return new Iterator<>() {
                            int n;

                            @Override
                            public boolean hasNext() {
                                return it.hasNext();
                            }

                            @Override
                            public Entry<String, Tensor> next() {
                                if (n++ == tensors.size() / 2) {
                                    try {
                                        Thread.sleep(pause);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                }
                                return it.next();
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return tensors.size();
                    }
                };
            }
        };
    }
}
