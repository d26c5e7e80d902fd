package dev.dendrite.spark;

import dev.dendrite.io.ModelFile;
import dev.dendrite.model.Model;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.Schedule;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.train.TrainOptions;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Data-parallel training of a Dendrite model on Spark by model averaging
 * (local SGD). Each round the driver broadcasts the state (parameters, layer
 * buffers, optimizer state); every partition runs K local steps of the
 * model-core step and its own optimizer on its cached shard; the partitions'
 * final states are averaged, weighted by their example counts, with
 * {@code treeAggregate} in a fixed summation tree ({@link TreeSum}), so a run is
 * the same bit for bit whatever the task order, retries included. The optimizer
 * state (Adam's moments) is averaged like the weights and the step count
 * advances by K per round, so each partition starts the next round from the
 * same consistent state. With K = 1 and plain SGD a round equals one
 * synchronous step on the averaged gradient of all partitions' batches. A
 * checkpoint file, written atomically after every round, lets a crashed driver
 * resume at the next round.
 */
public final class SparkTrainer {
    static final String CHECKPOINT_KIND = "dendrite-spark-checkpoint";

    private final OptimizerSpec optimizer;
    private int localSteps = 50;
    private int batchSize = 128;
    private int epochs = 1;
    private long seed = 42;
    private int treeDepth = 2;
    private Path checkpoint;
    private Schedule schedule;
    private double clipNorm;
    private double clipValue;
    private Consumer<RoundReport> listener = r -> { };
    private final List<RoundReport> reports = new ArrayList<>();

    public SparkTrainer(OptimizerSpec optimizer) {
        this.optimizer = optimizer;
    }

    /** Local steps per partition per round, K (default 50). */
    public SparkTrainer localSteps(int k) {
        this.localSteps = positive(k, "local steps");
        return this;
    }

    public SparkTrainer batchSize(int b) {
        this.batchSize = positive(b, "batch size");
        return this;
    }

    /** Passes over the data: every partition takes epochs x its batches per epoch steps (rounded up to rounds). */
    public SparkTrainer epochs(int e) {
        this.epochs = positive(e, "epochs");
        return this;
    }

    public SparkTrainer seed(long s) {
        this.seed = s;
        return this;
    }

    public SparkTrainer treeDepth(int d) {
        this.treeDepth = positive(d, "tree depth");
        return this;
    }

    /**
     * Takes what applies across rounds from the options of a one-machine run: epochs, seed, the
     * learning-rate schedule (set per round from the epoch the round starts in), gradient clipping
     * (in every local step) and the checkpoint file. Early stopping, a target loss, a step limit and
     * a {@link dev.dendrite.train.Checkpointer} have no round-level meaning yet and are refused.
     */
    public SparkTrainer options(TrainOptions o) {
        if (o.patience() > 0 || Double.isFinite(o.targetLoss()) || o.maxSteps() > 0 || o.checkpointer() != null) {
            throw new IllegalArgumentException("spark training: early stopping, a target loss, a step limit and a "
                    + "Checkpointer are not supported across rounds (use epochs and checkpoint(Path))");
        }
        epochs(o.epochs());
        seed(o.seed());
        this.schedule = o.schedule();
        this.clipNorm = o.clipNorm();
        this.clipValue = o.clipValue();
        if (o.checkpointFile() != null) {
            checkpoint(o.checkpointFile());
        }
        return this;
    }

    /** A checkpoint file written after every round; when it exists at the start, the run resumes from it. */
    public SparkTrainer checkpoint(Path file) {
        this.checkpoint = file;
        return this;
    }

    /** Called on the driver after every round. */
    public SparkTrainer onRound(Consumer<RoundReport> l) {
        this.listener = l;
        return this;
    }

    /** The reports of the rounds run by the last {@link #fit} (not those before a resume). */
    public List<RoundReport> reports() {
        return List.copyOf(reports);
    }

    /** Trains on the rows of {@code data}: features from {@code featureColumns}, the target from {@code label}. */
    public Model fit(Model model, Dataset<Row> data, List<String> featureColumns, String label) {
        return fit(model, Rows.toShards(data, featureColumns, label, model.isClassification()));
    }

    /**
     * Trains {@code model} (its parameters are the starting point and receive the
     * result) on {@code shards}, one per partition. The shards are cached for the
     * run and released at its end.
     */
    public Model fit(Model model, JavaRDD<Shard> shards) {
        reports.clear();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(shards.context());
        JavaRDD<Shard> cached = shards.persist(StorageLevel.MEMORY_ONLY());
        Broadcast<byte[]> modelBytes = null;
        try {
            int partitions = cached.getNumPartitions();
            List<long[]> counts = cached.mapPartitionsWithIndex((i, it) -> {
                long n = 0;
                while (it.hasNext()) {
                    n += it.next().size();
                }
                return List.of(new long[] {i, n}).iterator();
            }, true).collect();
            long total = 0;
            long maxPerEpoch = 1;
            for (long[] c : counts) {
                total += c[1];
                maxPerEpoch = Math.max(maxPerEpoch, (c[1] + batchSize - 1) / batchSize);
            }
            if (total == 0) {
                throw new IllegalArgumentException("spark training: the data has no rows");
            }
            int rounds = (int) Math.max(1, (epochs * maxPerEpoch + localSteps - 1) / localSteps);
            byte[] bytes = ModelState.toBytes(model);
            modelBytes = sc.broadcast(bytes);
            Optimizer driverOpt = optimizer.create(model.parameters());
            RoundState layout = ModelState.layoutAfterSteps(bytes, optimizer);
            RoundState state = ModelState.capture(model, driverOpt, 0);
            if (checkpoint != null && Files.exists(checkpoint)) {
                state = readCheckpoint(checkpoint, layout, partitions);
            }
            for (int round = state.round(); round < rounds; round++) {
                long t0 = System.nanoTime();
                int epoch = (int) ((long) round * localSteps / maxPerEpoch);
                double lr = schedule == null ? optimizer.learningRate() : schedule.rate(epoch, epochs);
                Broadcast<RoundState> start = sc.broadcast(state);
                TreeSum sum = cached.mapPartitionsWithIndex(
                                new LocalSteps(modelBytes, start, optimizer, localSteps, batchSize, seed, total, lr,
                                        clipNorm, clipValue), true)
                        .treeAggregate(new TreeSum(partitions), (t, leaf) -> t.add(leaf.partition(), leaf.vector(),
                                leaf.computeNanos()), TreeSum::merge, treeDepth);
                start.destroy();
                float[] v = sum.total();
                int n = layout.values().length;
                if (v.length != n + 3) {
                    throw new IllegalStateException("spark training: partitions sent " + v.length
                            + " values, expected " + (n + 3));
                }
                state = new RoundState(round + 1, state.steps() + localSteps, layout.names(), layout.sizes(),
                        Arrays.copyOf(v, n));
                if (checkpoint != null) {
                    writeCheckpoint(checkpoint, state, partitions);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double seen = v[n + 2];
                RoundReport r = new RoundReport(round + 1, rounds, (double) (round + 1) * localSteps / maxPerEpoch,
                        v[n] / seen, model.isClassification() ? v[n + 1] / seen : Double.NaN, lr, seconds,
                        sum.maxComputeNanos() / 1e9);
                reports.add(r);
                listener.accept(r);
            }
            ModelState.apply(state, model, optimizer.create(model.parameters()));
            return model;
        } finally {
            if (modelBytes != null) {
                modelBytes.destroy();
            }
            cached.unpersist(false);
        }
    }

    private void writeCheckpoint(Path file, RoundState s, int partitions) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("kind", CHECKPOINT_KIND);
        spec.put("round", s.round());
        spec.put("steps", s.steps());
        spec.put("settings", settings(partitions));
        spec.put("names", s.names());
        Map<String, Tensor> tensors = Map.of("state", Tensor.wrap(s.values(), Shape.of(s.values().length)));
        ModelFile.write(file, spec, tensors);
    }

    private RoundState readCheckpoint(Path file, RoundState layout, int partitions) {
        ModelFile.Contents c = ModelFile.read(file);
        Map<String, Object> spec = c.spec();
        if (!CHECKPOINT_KIND.equals(spec.get("kind"))) {
            throw new IllegalArgumentException(file + ": not a Spark training checkpoint (kind " + spec.get("kind") + ")");
        }
        if (!settings(partitions).equals(spec.get("settings"))) {
            throw new IllegalArgumentException(file + ": written with settings " + spec.get("settings")
                    + ", this run has " + settings(partitions) + " (resume needs the same ones)");
        }
        if (!layout.names().equals(spec.get("names"))) {
            throw new IllegalArgumentException(file + ": its state entries do not match this model and optimizer");
        }
        Tensor t = c.tensors().get("state");
        if (t == null || t.size() != layout.values().length) {
            throw new IllegalArgumentException(file + ": its state has the wrong size for this model");
        }
        int round = ((Number) spec.get("round")).intValue();
        long steps = ((Number) spec.get("steps")).longValue();
        return new RoundState(round, steps, layout.names(), layout.sizes(), t.toArray());
    }

    /** What a resumed run must share with the one that wrote the checkpoint for the result to be the same. */
    private Map<String, Object> settings(int partitions) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("optimizer", optimizer.toString());
        s.put("local_steps", Integer.toString(localSteps));
        s.put("batch_size", Integer.toString(batchSize));
        s.put("seed", Long.toString(seed));
        s.put("partitions", Integer.toString(partitions));
        s.put("schedule", schedule == null ? "none" : "set"); // a schedule is code: only its presence is comparable
        s.put("clip", clipNorm + "," + clipValue);
        return s;
    }

    private static int positive(int v, String what) {
        if (v < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + v);
        }
        return v;
    }
}
