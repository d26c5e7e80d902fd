package dev.dendrite.data;

import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A dataset served as mini-batches, reshuffled every epoch. The order of epoch
 * {@code e} is a permutation drawn from {@code new Rng(seed ^ mix(e))}, a
 * function of the seed and the epoch number alone: a run resumed from a
 * checkpoint taken after batch {@code k} of epoch {@code e} continues with
 * {@code epoch(e, k + 1)} and sees exactly the batches it would have seen.
 * Every row appears once per epoch; the last batch is smaller unless
 * {@code dropLast} drops it. Example: {@code for (Batch b : new
 * DataLoader(train, 32, 42).epoch(0)) { ... }}.
 *
 * @param dataset   the rows to serve
 * @param batchSize rows per batch, at least 1
 * @param shuffle   whether to shuffle each epoch (false: dataset order every epoch)
 * @param dropLast  whether to drop a final batch smaller than {@code batchSize}
 * @param seed      the random seed
 */
public record DataLoader(Dataset dataset, int batchSize, boolean shuffle, boolean dropLast, long seed) {
    public DataLoader {
        if (batchSize < 1) {
            throw new IllegalArgumentException("DataLoader: batch size must be at least 1, got " + batchSize);
        }
    }

    /** Shuffled batches, the last one possibly smaller. */
    public DataLoader(Dataset dataset, int batchSize, long seed) {
        this(dataset, batchSize, true, false, seed);
    }

    public DataLoader withBatchSize(int size) {
        return new DataLoader(dataset, size, shuffle, dropLast, seed);
    }

    public DataLoader withShuffle(boolean s) {
        return new DataLoader(dataset, batchSize, s, dropLast, seed);
    }

    public DataLoader withDropLast(boolean d) {
        return new DataLoader(dataset, batchSize, shuffle, d, seed);
    }

    public DataLoader withSeed(long s) {
        return new DataLoader(dataset, batchSize, shuffle, dropLast, s);
    }

    /** How many batches one epoch yields. */
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The row order of epoch {@code epoch}: a permutation of {@code 0..N-1}. */
    public int[] order(int epoch) {
        if (!shuffle) {
            int[] identity = new int[dataset.size()];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = i;
            }
            return identity;
        }
        return new Rng(seed ^ mix(epoch)).permutation(dataset.size());
    }

    /** The batches of one epoch. */
    public Iterable<Batch> epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /** The batches of one epoch from batch {@code skip} on (to resume mid-epoch). */
    public Iterable<Batch> epoch(int epoch, int skip) {
        return batches(epoch, skip, false);
    }

    /**
     * The batches of one epoch from batch {@code skip} on, as {@link #epoch(int, int)}
     * yields them, but each full batch's features are written into one buffer
     * that every full batch of the epoch shares: a batch is valid only until the
     * next one is taken. For a loop that is done with each batch before it asks
     * for the next, as {@code Trainer.fit} is, this saves a fresh features array
     * per step (for Fashion-MNIST at batch 128, 400 KB a step, 830 MB over five
     * epochs, all of it new memory for the collector to hand out and the
     * operating system to map).
     */
    public Iterable<Batch> recycledEpoch(int epoch, int skip) {
        return batches(epoch, skip, true);
    }

    private Iterable<Batch> batches(int epoch, int skip, boolean recycle) {
        if (skip < 0 || skip > batchesPerEpoch()) {
            throw new IllegalArgumentException("DataLoader.epoch: cannot skip " + skip + " of "
                    + batchesPerEpoch() + " batches");
        }
        return () -> new Iterator<>() {
            private final int[] order = order(epoch);
            private float[] buffer;
            private int next = skip;

            @Override
            public boolean hasNext() {
                return next < batchesPerEpoch();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("epoch " + epoch + " has " + batchesPerEpoch() + " batches");
                }
                int index = next++;
                if (!recycle || order.length - index * batchSize < batchSize) {
                    return batchOf(order, index, null);
                }
                if (buffer == null) {
                    buffer = new float[batchSize * (dataset.features().size() / dataset.size())];
                }
                return batchOf(order, index, buffer);
            }
        };
    }

    /** Batch {@code index} of epoch {@code epoch} (computes the epoch's order: O(N)). */
    public Batch batch(int epoch, int index) {
        if (index < 0 || index >= batchesPerEpoch()) {
            throw new IndexOutOfBoundsException("DataLoader.batch: index " + index + " of " + batchesPerEpoch());
        }
        return batchOf(order(epoch), index, null);
    }

    /** The batch at {@code index} of {@code order}, its features written into {@code into} when that is not null. */
    private Batch batchOf(int[] order, int index, float[] into) {
        int from = index * batchSize;
        int to = Math.min(from + batchSize, order.length);
        int[] rows = Arrays.copyOfRange(order, from, to);
        Tensor x = into == null ? dataset.features().gather(rows) : dataset.features().gather(rows, into);
        if (dataset.isClassification()) {
            int[] labels = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                labels[i] = dataset.labels[rows[i]];
            }
            return new Batch(x, labels, Dataset.oneHot(labels, dataset.classCount()), rows);
        }
        int k = dataset.targetWidth;
        float[] y = new float[rows.length * k];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(dataset.targets, rows[i] * k, y, i * k, k);
        }
        return new Batch(x, null, Tensor.wrap(y, Shape.of(rows.length, k)), rows);
    }

    /** SplitMix64's finaliser: spreads an epoch number over all 64 bits. */
    static long mix(long z) {
        z = (z + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
