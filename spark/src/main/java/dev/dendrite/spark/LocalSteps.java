package dev.dendrite.spark;

import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.loss.Loss;
import dev.dendrite.loss.SquaredError;
import dev.dendrite.model.Model;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Rng;
import dev.dendrite.train.TrainStep;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

import java.util.Iterator;
import java.util.List;

/**
 * What one partition does in a round: rebuild the model from the broadcast file
 * bytes, set the round's starting state, run K steps of the model-core
 * {@link TrainStep} and a local optimizer on its shard, and send back its final
 * state weighted by its share of the examples (so the sum over partitions is
 * the weighted average) followed by three unweighted numbers: the loss summed
 * over examples, the right predictions and the examples seen. Batches walk the
 * shard in epochs of their own, shuffled by a seed of the run and the partition;
 * dropout draws from a seed of the run, the partition and the round. A retried
 * task therefore computes exactly what the first attempt would have.
 */
final class LocalSteps implements Function2<Integer, Iterator<Shard>, Iterator<LocalSteps.Leaf>> {
    private static final long serialVersionUID = 1L;

    /** One partition's contribution. */
    record Leaf(int partition, float[] vector, long computeNanos) implements java.io.Serializable {
    }

    private final Broadcast<byte[]> model;
    private final Broadcast<RoundState> start;
    private final OptimizerSpec optimizer;
    private final int localSteps;
    private final int batchSize;
    private final long seed;
    private final long totalExamples;
    private final double learningRate;
    private final double clipNorm;
    private final double clipValue;

    LocalSteps(Broadcast<byte[]> model, Broadcast<RoundState> start, OptimizerSpec optimizer, int localSteps,
               int batchSize, long seed, long totalExamples, double learningRate, double clipNorm, double clipValue) {
        this.model = model;
        this.start = start;
        this.optimizer = optimizer;
        this.localSteps = localSteps;
        this.batchSize = batchSize;
        this.seed = seed;
        this.totalExamples = totalExamples;
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
        this.clipValue = clipValue;
    }

    @Override
    public Iterator<Leaf> call(Integer partition, Iterator<Shard> shards) {
        if (!shards.hasNext()) {
            return List.of(new Leaf(partition, null, 0)).iterator();
        }
        Shard shard = shards.next();
        long t0 = System.nanoTime();
        RoundState s = start.value();
        Model m = ModelState.fromBytes(model.value());
        Optimizer opt = optimizer.create(m.parameters());
        ModelState.apply(s, m, opt);
        opt.learningRate(learningRate);
        Dataset data = shard.dataset(m.normalizer(), m.isClassification() ? m.classNames().size() : 0);
        Loss loss = m.isClassification() ? new CrossEntropy() : SquaredError.mean();
        TrainStep step = new TrainStep(m.network(), loss);
        DataLoader loader = new DataLoader(data, batchSize, mix(seed, partition, -1));
        int perEpoch = loader.batchesPerEpoch();
        long first = (long) s.round() * localSteps;
        int epoch = (int) (first / perEpoch);
        Iterator<Batch> batches = loader.epoch(epoch, (int) (first % perEpoch)).iterator();
        Rng rng = new Rng(mix(seed, partition, s.round()));
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        for (int k = 0; k < localSteps; k++) {
            if (!batches.hasNext()) {
                batches = loader.epoch(++epoch).iterator();
            }
            TrainStep.Result r = step.computeThen(batches.next(), rng, res -> {
                if (res.gradients() == null) {
                    throw new IllegalStateException("training diverged: the loss is " + res.loss()
                            + " in round " + s.round() + " on partition " + partition);
                }
                // clipped as Trainer clips: by global norm, then by value
                dev.dendrite.autograd.Gradients g = res.gradients();
                if (clipNorm > 0) {
                    g = g.clipByNorm(clipNorm);
                }
                if (clipValue > 0) {
                    g = g.clipByValue((float) clipValue);
                }
                opt.step(g);
            });
            lossSum += r.loss() * r.size();
            correct += r.correct();
            seen += r.size();
        }
        RoundState end = ModelState.capture(m, opt, s.round());
        float w = (float) ((double) shard.size() / totalExamples);
        float[] v = end.values();
        float[] out = new float[v.length + 3];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * w;
        }
        out[v.length] = (float) lossSum;
        out[v.length + 1] = correct;
        out[v.length + 2] = seen;
        return List.of(new Leaf(partition, out, System.nanoTime() - t0)).iterator();
    }

    /** A well-spread seed from the run's seed, a partition and a round (SplitMix64 finaliser). */
    static long mix(long seed, int partition, int round) {
        long z = seed + 0x9E3779B97F4A7C15L * (partition + 1) + 0xC2B2AE3D27D4EB4FL * (round + 2L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
