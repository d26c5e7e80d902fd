package dev.dendrite.train;

import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.loss.Loss;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Layer;
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

    private void run(long deadline) {
        try {
            // widths that are not multiples of a vector, and a 10-wide output, as real networks have
            int features = 100;
            int batch = 48;
            Rng rng = new Rng(7);
            float[] x = new float[batch * 4 * features];
            int[] labels = new int[batch * 4];
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
            Dataset data = Dataset.classification(Tensor.wrap(x, Shape.of(labels.length, features)), names, labels,
                    classes);
            Layer net = new Sequential(new Dense(features, 72, Init.HE_UNIFORM, rng), Activation.relu(),
                    new Dense(72, 40, Init.HE_UNIFORM, rng), Activation.relu(),
                    new Dense(40, 10, Init.XAVIER_UNIFORM, rng));
            Loss loss = new CrossEntropy();
            TrainStep step = new TrainStep(net, loss);
            Adam adam = new Adam(step.parameters(), 1e-3);
            DataLoader loader = new DataLoader(data, batch, 1);
            int steps = 0;
            for (int epoch = 0; steps < STEPS && !stopped; epoch++) {
                for (Batch b : loader.epoch(epoch)) {
                    if (stopped || System.nanoTime() > deadline) {
                        return;
                    }
                    step.computeThen(b, rng, r -> adam.step(r.gradients()));
                    steps++;
                }
                Trainer.evaluate(net, loss, data);
            }
        } catch (RuntimeException | Error e) {
            // a warm-up is an optimisation only: whatever fails here, the real run will report
        }
    }
}
