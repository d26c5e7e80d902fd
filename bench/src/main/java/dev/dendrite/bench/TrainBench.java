package dev.dendrite.bench;

import dev.dendrite.autograd.Gradients;
import dev.dendrite.autograd.Var;
import dev.dendrite.data.Batch;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.data.Datasets;
import dev.dendrite.data.Normalizer;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.BatchNorm;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.Reshape;
import dev.dendrite.tensor.Shape;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Mode;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.kernel.Gemm;
import dev.dendrite.tensor.kernel.Kernels;
import dev.dendrite.tensor.kernel.Workspace;
import dev.dendrite.train.TrainStep;
import dev.dendrite.train.Trainer;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The end-to-end training benchmark: an MLP on Fashion-MNIST with ReLU, softmax
 * cross-entropy and Adam (lr 1e-3), timing the training steps of each epoch
 * only (no evaluation inside the timed part), and reporting bytes allocated per
 * step and GC time per epoch. Prints one JSON object per line so that the
 * comparison script can read it.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.dendrite.bench.TrainBench \
 *      [--data DIR] [--layers 256,128|cnn] [--batch 128] [--epochs 5] [--seed 1] [--phases true] [--steps N]
 * </pre>
 *
 * <p>{@code --layers cnn} trains the convolutional network of {@link #cnn} instead;
 * {@code --steps N} stops each epoch after N steps (for profiling).
 *
 * <p>With {@code --phases true} it also times each part of a step (batch, forward,
 * loss, backward, optimizer) and every GEMM call by shape, over epochs 2 and later,
 * and prints them as {@code {"phase": ...}} and {@code {"gemm": ...}} lines; the
 * extra {@code System.nanoTime} calls cost well under 1% of a step.
 */
public final class TrainBench {
    private TrainBench() {
    }

    public static void main(String[] args) {
        Path dir = Datasets.FASHION_MNIST_DEFAULT_DIR;
        String layers = "256,128";
        int batch = 128;
        int epochs = 5;
        long seed = 1;
        boolean phases = false;
        long maxSteps = Long.MAX_VALUE;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> dir = Path.of(args[i + 1]);
                case "--layers" -> layers = args[i + 1];
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--phases" -> phases = Boolean.parseBoolean(args[i + 1]);
                case "--steps" -> maxSteps = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Datasets.TrainTest tt = Datasets.fashionMnist(dir);
        Normalizer norm = Normalizer.scale(255f).fit(tt.train());
        Dataset train = norm.apply(tt.train());
        Dataset test = norm.apply(tt.test());
        Rng rng = new Rng(seed);
        Sequential model;
        if (layers.equals("cnn")) {
            model = cnn(rng);
        } else {
            List<Layer> net = new ArrayList<>();
            int in = train.featureCount();
            for (String h : layers.split(",")) {
                int out = Integer.parseInt(h.trim());
                net.add(new Dense(in, out, Init.HE_UNIFORM, rng));
                net.add(Activation.relu());
                in = out;
            }
            net.add(new Dense(in, 10, Init.XAVIER_UNIFORM, rng));
            model = new Sequential(net);
        }
        Adam adam = new Adam(model.parameters(), 1e-3);
        CrossEntropy loss = new CrossEntropy();
        DataLoader loader = new DataLoader(train, batch, seed);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "{\"config\": {\"gemm\": \"%s\", \"simd\": %s, \"layers\": \"%s\", \"batch\": %d, "
                        + "\"threads\": %d, \"parameters\": %d}}%n", Kernels.gemm().name(), Kernels.SIMD, layers, batch,
                Runtime.getRuntime().availableProcessors(), model.parameterCount());
        Mode mode = Mode.train(new Rng(seed));
        Rng stepRng = new Rng(seed);
        TrainStep step = new TrainStep(model, loss);
        Workspace workspace = new Workspace();
        TimedGemm timed = phases ? new TimedGemm(Kernels.gemm()) : null;
        if (timed != null) {
            Kernels.useGemm(timed);
        }
        long[] phaseNanos = new long[5];
        for (int e = 0; e < epochs; e++) {
            boolean record = phases && e > 0;
            if (timed != null) {
                timed.recording = record;
            }
            long gcBefore = gcMillis();
            long bytesBefore = threads.getTotalThreadAllocatedBytes();
            long steps = 0;
            double lossSum = 0;
            long start = System.nanoTime();
            if (!phases) {
                // the same step the trainer runs: forward, loss, backward and the update in the step's workspace
                for (Batch b : loader.epoch(e)) {
                    if (steps >= maxSteps) {
                        break;
                    }
                    lossSum += step.computeThen(b, stepRng, r -> adam.step(r.gradients())).loss();
                    steps++;
                }
            } else {
                long t0 = System.nanoTime();
                for (Batch b : loader.epoch(e)) {
                    if (steps >= maxSteps) {
                        break;
                    }
                    Workspace.Scope scope = workspace.enter();
                    long t1 = System.nanoTime();
                    Var out = model.forward(Var.constant(b.x()), mode);
                    long t2 = System.nanoTime();
                    Var l = loss.apply(out, b.labelTensor());
                    lossSum += l.item();
                    long t3 = System.nanoTime();
                    Gradients g = l.backward();
                    long t4 = System.nanoTime();
                    adam.step(g);
                    scope.close();
                    long t5 = System.nanoTime();
                    if (record) {
                        phaseNanos[0] += t1 - t0;
                        phaseNanos[1] += t2 - t1;
                        phaseNanos[2] += t3 - t2;
                        phaseNanos[3] += t4 - t3;
                        phaseNanos[4] += t5 - t4;
                    }
                    t0 = System.nanoTime();
                    steps++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long bytes = threads.getTotalThreadAllocatedBytes() - bytesBefore;
            long gc = gcMillis() - gcBefore;
            System.out.printf(Locale.ROOT, "{\"epoch\": %d, \"seconds\": %.4f, \"steps\": %d, \"samples_per_s\": %.1f, "
                            + "\"loss\": %.5f, \"bytes_per_step\": %d, \"gc_ms\": %d, \"gc_share\": %.4f}%n",
                    e + 1, seconds, steps, steps * (double) batch / seconds, lossSum / steps, bytes / steps, gc, gc / 1000.0 / seconds);
        }
        if (phases && epochs > 1) {
            long steps = (long) (epochs - 1) * Math.min(maxSteps, (train.size() + batch - 1) / batch);
            String[] names = {"batch", "forward", "loss", "backward", "optimizer"};
            for (int i = 0; i < names.length; i++) {
                System.out.printf(Locale.ROOT, "{\"phase\": \"%s\", \"us_per_step\": %.1f}%n", names[i], phaseNanos[i] / 1e3 / steps);
            }
            timed.print(steps);
            Kernels.useGemm(timed.inner);
        }
        Trainer.Evaluation ev = Trainer.evaluate(model, loss, test);
        System.out.printf(Locale.ROOT, "{\"test_accuracy\": %.4f, \"test_loss\": %.5f}%n", ev.accuracy(), ev.loss());
    }

    /**
     * The CNN: conv 1->32 3x3 pad 1, batch norm, ReLU, max-pool 2; conv 32->64 likewise;
     * dense 3136->128, ReLU, dropout 0.3; dense 128->10. Sizes after the first come from build.
     */
    static Sequential cnn(Rng rng) {
        return new Sequential(new Reshape(1, 28, 28),
                new Conv2d(32, 3).padding(1), new BatchNorm(), Activation.relu(), new MaxPool2d(2),
                new Conv2d(64, 3).padding(1), new BatchNorm(), Activation.relu(), new MaxPool2d(2),
                new Flatten(), new Dense(128), Activation.relu(), new Dropout(0.3f), new Dense(10))
                .build(Shape.of(784), rng);
    }

    /** Times every GEMM call by its shape and transpose flags. */
    private static final class TimedGemm implements Gemm {
        final Gemm inner;
        volatile boolean recording;
        private final java.util.Map<String, long[]> byShape = new java.util.TreeMap<>();

        TimedGemm(Gemm inner) {
            this.inner = inner;
        }

        @Override
        public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                          float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            long t = System.nanoTime();
            inner.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            if (recording) {
                long dt = System.nanoTime() - t;
                String key = (transA ? "T" : "N") + (transB ? "T" : "N") + ":" + m + ":" + n + ":" + k;
                long[] acc = byShape.computeIfAbsent(key, x -> new long[2]);
                acc[0]++;
                acc[1] += dt;
            }
        }

        void print(long steps) {
            byShape.forEach((key, acc) -> {
                String[] f = key.split(":");
                double flops = 2.0 * Integer.parseInt(f[1]) * Integer.parseInt(f[2]) * Integer.parseInt(f[3]) * acc[0];
                System.out.printf(Locale.ROOT, "{\"gemm\": \"%s\", \"calls\": %d, \"us_per_step\": %.1f, \"gflops\": %.1f}%n",
                        key, acc[0], acc[1] / 1e3 / steps, flops / acc[1]);
            });
        }

        @Override
        public String name() {
            return inner.name();
        }
    }

    private static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, gc.getCollectionTime());
        }
        return t;
    }
}
