package dev.dendrite.train;

import dev.dendrite.autograd.Var;
import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.loss.Loss;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Mode;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Trains and evaluates a small throw-away network on random data on a
 * background thread, so that the JIT compiles the training path (the matrix
 * kernels of every transposition, the fused dense+ReLU, softmax cross-entropy,
 * Adam) while the caller reads its data. In the interpreter the Vector API
 * kernels run a hundred times slower than compiled, which made a run's first
 * epoch three to four times its later ones; started before loading a data set,
 * this pays that on the otherwise idle core. It touches no state of the
 * caller's, stops after a time limit or at {@link #close()}, and never throws;
 * {@code -Ddendrite.warmup=false} turns it off.
 */
public final class WarmUp implements AutoCloseable {
    /** What {@link #start()} allows: enough for the compiler to finish with the hot methods. */
    public static final long DEFAULT_MILLIS = 2000;
    private static final int STEPS = 400;

    private final Thread thread;
    private volatile boolean stopped;

    private WarmUp(long millis) {
        thread = new Thread(() -> run(System.nanoTime() + millis * 1_000_000L), "dendrite-warm-up");
        thread.setDaemon(true);
        // -Ddendrite.warmup=false: nothing runs (to measure what it buys, or on a one-core machine)
        stopped = millis <= 0 || "false".equals(System.getProperty("dendrite.warmup"));
        if (!stopped) {
            thread.start();
        }
    }

    /** Starts warming up for at most {@link #DEFAULT_MILLIS} milliseconds. */
    public static WarmUp start() {
        return start(DEFAULT_MILLIS);
    }

    /** Starts warming up for at most {@code millis} milliseconds (or {@value #STEPS} steps); 0: not at all. */
    public static WarmUp start(long millis) {
        return new WarmUp(millis);
    }

    /** Asks the warm-up to stop after its current step; does not wait. */
    @Override
    public void close() {
        stopped = true;
    }

    /** Waits until the warm-up has ended (for tests and benchmarks). */
    public void join() throws InterruptedException {
        thread.join();
    }

    /**
     * The throw-away networks: input width, hidden widths, output width, batch.
     * A kernel compiled from a profile in which a branch was never taken is
     * thrown away the first time the branch is (the JIT's "unstable if"), and
     * the real run's first steps then run interpreted while it recompiles. So
     * the shapes between them take every path the matrix product has: a depth
     * beyond one packed block of 256 (the accumulate-into-C path), more rows
     * than one row block of 128, edge tiles as well as full ones, a 10-wide
     * output (the narrow path), products large enough to be split across the
     * kernel pool and small ones that are not, a last batch that is not full.
     * The small network runs most steps; the large one every {@value #LARGE_EVERY}th,
     * enough for its branches to be in the profile without holding both cores
     * while the caller reads its data. The large one is only just large enough:
     * a stop is noticed between steps, and a step run before the JIT has
     * compiled anything takes a hundred times its compiled time.
     */
    static final int[][] NETWORKS = {{100, 72, 40, 10, 48}, {260, 136, 40, 10, 32}};
    static final int LARGE_EVERY = 8;

    /**
     * One product deeper than a packed block, {@code [4, 300] x [300, 32]}: a full
     * tile that takes both the first depth block's store and the later blocks'
     * accumulate-into-C. It runs after each of the first {@value #DEEP_STEPS} small
     * steps, because C2 may compile the forward tile before the large network's
     * first step: from the small network's profile alone (depth 100) it leaves the
     * accumulate branch out, and then the real run's first deep forward product
     * (784 inputs) throws the compiled tile away ("unstable if") and runs it
     * interpreted until it is compiled again. Small enough to cost little even
     * interpreted.
     */
    static final int[] DEEP = {4, 300, 32};
    static final int DEEP_STEPS = 16;

    private void run(long deadline) {
        try {
            Rng rng = new Rng(7);
            Net small = new Net(NETWORKS[0], rng);
            Net large = new Net(NETWORKS[1], rng);
            Tensor deepA = Tensor.uniform(rng, 0f, 1f, DEEP[0], DEEP[1]);
            Tensor deepB = Tensor.uniform(rng, 0f, 1f, DEEP[1], DEEP[2]);
            int steps = 0;
            for (int epoch = 0; steps < STEPS && !stopped; epoch++) {
                for (Batch b : small.loader.epoch(epoch)) {
                    if (stopped || System.nanoTime() > deadline) {
                        return;
                    }
                    small.step(b, rng);
                    if (++steps <= DEEP_STEPS) {
                        deepA.matmul(deepB);
                    }
                    if (steps % LARGE_EVERY == 0) {
                        Batch big = large.loader.epoch(epoch).iterator().next();
                        large.step(big, rng);
                    }
                }
                Trainer.evaluate(small.net, small.loss, small.data);
                if (epoch % 2 == 1) {
                    Trainer.evaluate(large.net, large.loss, large.data);
                }
                // what Model.predict runs on a test set: evaluation-mode forward, then softmax
                small.net.forward(Var.constant(small.data.features()), Mode.EVAL).softmax(1).value();
            }
        } catch (RuntimeException | Error e) {
            // a warm-up is an optimisation only: whatever fails here, the real run will report
        }
    }

    /** One throw-away network with its random data (four batches and a part), step and optimizer. */
    private static final class Net {
        final Dataset data;
        final Layer net;
        final Loss loss = new CrossEntropy();
        final TrainStep step;
        final Adam adam;
        final DataLoader loader;

        Net(int[] shape, Rng rng) {
            int features = shape[0];
            int batch = shape[shape.length - 1];
            int rows = batch * 4 + batch / 3;
            float[] x = new float[rows * features];
            int[] labels = new int[rows];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextFloat();
            }
            for (int i = 0; i < labels.length; i++) {
                labels[i] = rng.nextInt(10);
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < features; i++) {
                names.add("f" + i);
            }
            List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
            data = Dataset.classification(Tensor.wrap(x, Shape.of(rows, features)), names, labels, classes);
            List<Layer> layers = new ArrayList<>();
            for (int i = 1; i < shape.length - 2; i++) {
                layers.add(new Dense(shape[i - 1], shape[i], Init.HE_UNIFORM, rng));
                layers.add(Activation.relu());
            }
            layers.add(new Dense(shape[shape.length - 3], shape[shape.length - 2], Init.XAVIER_UNIFORM, rng));
            net = new Sequential(layers.toArray(new Layer[0]));
            step = new TrainStep(net, loss);
            adam = new Adam(step.parameters(), 1e-3);
            loader = new DataLoader(data, batch, 1);
        }

        void step(Batch b, Rng rng) {
            step.computeThen(b, rng, r -> adam.step(r.gradients()));
        }
    }
}
