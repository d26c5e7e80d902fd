package dev.dendrite.bench;

import dev.dendrite.autograd.Gradients;
import dev.dendrite.autograd.Var;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.nn.Fusion;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Mode;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import dev.dendrite.tensor.kernel.Workspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where one training step of {@link TrainBench#cnn}'s network goes, layer by
 * layer: each layer (or each pair that {@link Fusion} runs as one node) is run
 * forward on the input the previous layers produced, then backward from an
 * output gradient of ones, inside a workspace as in training, and timed
 * separately; then Adam's update of all parameters, and a whole step. Prints
 * the median and minimum wall time of each over the repetitions and the median
 * CPU time of the calling thread and the kernel pool's workers (the steadier
 * reading on a shared machine), in milliseconds, with the allocation per
 * repetition. Random normal inputs of batch 128.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:ActiveProcessorCount=2 -cp benchmarks.jar \
 *      dev.dendrite.bench.CnnProfile [--reps 30] [--batch 128] [--warmup 60]
 * </pre>
 */
public final class CnnProfile {
    private CnnProfile() {
    }

    public static void main(String[] args) {
        int reps = 30;
        int batch = 128;
        int warmup = 60;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Rng rng = new Rng(1);
        Sequential model = TrainBench.cnn(rng);
        Mode mode = Mode.train(new Rng(2));
        Tensor x0 = Tensor.normal(rng, 0f, 1f, batch, 784);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % 10;
        }
        // the units that run as one node, in order, each with the input the earlier units give it
        List<Layer> layers = model.layers();
        List<List<Layer>> units = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (i + 1 < layers.size() && Fusion.fusible(layers.get(i), layers.get(i + 1))) {
                units.add(List.of(layers.get(i), layers.get(i + 1)));
                i++;
            } else {
                units.add(List.of(layers.get(i)));
            }
        }
        // warm up every path (the vector code allocates until C2 has compiled it)
        CrossEntropy loss = new CrossEntropy();
        Adam adam = new Adam(model.parameters(), 1e-3);
        float[] t = new float[batch];
        for (int i = 0; i < batch; i++) {
            t[i] = labels[i];
        }
        Tensor target = Tensor.of(t, batch);
        Workspace ws = new Workspace();
        for (int r = 0; r < warmup; r++) {
            try (Workspace.Scope s = ws.enter()) {
                adam.step(loss.apply(model.forward(Var.constant(x0), mode), target).backward());
            }
        }
        List<Tensor> inputs = new ArrayList<>();
        Tensor cur = x0;
        for (List<Layer> u : units) {
            inputs.add(cur);
            cur = run(u, Var.constant(cur), mode).value().copy();
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        long[] ids = kernelThreads();
        double fwdSum = 0;
        double bwdSum = 0;
        double fwdCpuSum = 0;
        double bwdCpuSum = 0;
        System.out.printf(Locale.ROOT, "%-16s %8s %8s %8s %8s %8s %8s %8s%n", "unit (ms)", "fwd med", "fwd min",
                "fwd cpu", "bwd med", "bwd min", "bwd cpu", "MB/rep");
        for (int u = 0; u < units.size(); u++) {
            Tensor in = inputs.get(u);
            List<Layer> unit = units.get(u);
            // the first unit reshapes the data (no gradient); the first convolution needs no input gradient
            boolean inputGrad = u > 1;
            double[] f = new double[reps];
            double[] b = new double[reps];
            double[] fc = new double[reps];
            double[] bc = new double[reps];
            long bytes0 = mx.getTotalThreadAllocatedBytes();
            for (int r = 0; r < reps + 5; r++) {
                Workspace.Scope s = ws.enter();
                Var x = inputGrad ? Var.variable(in) : Var.constant(in);
                long c0 = cpu(mx, ids);
                long t0 = System.nanoTime();
                Var y = run(unit, x, mode);
                long t1 = System.nanoTime();
                long c1 = cpu(mx, ids);
                if (y.requiresGrad()) {
                    Gradients g = y.backward(Tensor.ones(y.shape().dims()));
                    if (g == null) {
                        throw new AssertionError();
                    }
                }
                long t2 = System.nanoTime();
                long c2 = cpu(mx, ids);
                s.close();
                if (r >= 5) {
                    f[r - 5] = (t1 - t0) / 1e6;
                    b[r - 5] = (t2 - t1) / 1e6;
                    fc[r - 5] = (c1 - c0) / 1e6;
                    bc[r - 5] = (c2 - c1) / 1e6;
                }
                if (r == 4) {
                    bytes0 = mx.getTotalThreadAllocatedBytes();
                }
            }
            double mb = (mx.getTotalThreadAllocatedBytes() - bytes0) / 1e6 / reps;
            Arrays.sort(f);
            Arrays.sort(b);
            Arrays.sort(fc);
            Arrays.sort(bc);
            fwdSum += f[reps / 2];
            bwdSum += b[reps / 2];
            fwdCpuSum += fc[reps / 2];
            bwdCpuSum += bc[reps / 2];
            System.out.printf(Locale.ROOT, "%-16s %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f%n", name(unit), f[reps / 2],
                    f[0], fc[reps / 2], b[reps / 2], b[0], bc[reps / 2], mb);
        }
        System.out.printf(Locale.ROOT, "%-16s %8.2f %8s %8.2f %8.2f %8s %8.2f%n", "sum (medians)", fwdSum, "", fwdCpuSum,
                bwdSum, "", bwdCpuSum);

        // the optimizer and a whole step
        double[] opt = new double[reps];
        double[] step = new double[reps];
        double[] stepCpu = new double[reps];
        long bytes0 = 0;
        for (int r = 0; r < reps + 5; r++) {
            Workspace.Scope s = ws.enter();
            long c0 = cpu(mx, ids);
            long t0 = System.nanoTime();
            Var l = loss.apply(model.forward(Var.constant(x0), mode), target);
            Gradients g = l.backward();
            long t1 = System.nanoTime();
            adam.step(g);
            long t2 = System.nanoTime();
            long c2 = cpu(mx, ids);
            s.close();
            if (r >= 5) {
                opt[r - 5] = (t2 - t1) / 1e6;
                step[r - 5] = (t2 - t0) / 1e6;
                stepCpu[r - 5] = (c2 - c0) / 1e6;
            }
            if (r == 4) {
                bytes0 = mx.getTotalThreadAllocatedBytes();
            }
        }
        double mb = (mx.getTotalThreadAllocatedBytes() - bytes0) / 1e6 / reps;
        Arrays.sort(opt);
        Arrays.sort(step);
        Arrays.sort(stepCpu);
        System.out.printf(Locale.ROOT, "%-16s %8.2f %8.2f%n", "adam", opt[reps / 2], opt[0]);
        System.out.printf(Locale.ROOT, "%-16s %8.2f %8.2f %8.2f %35.2f%n", "whole step", step[reps / 2], step[0],
                stepCpu[reps / 2], mb);
        System.out.printf(Locale.ROOT, "load average %.2f%n", java.lang.management.ManagementFactory
                .getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** CPU nanoseconds used so far by this thread and the kernel pool's workers. */
    private static long cpu(com.sun.management.ThreadMXBean mx, long[] ids) {
        long sum = 0;
        for (long id : ids) {
            sum += Math.max(0, mx.getThreadCpuTime(id));
        }
        return sum;
    }

    private static long[] kernelThreads() {
        List<Long> ids = new ArrayList<>();
        ids.add(Thread.currentThread().threadId());
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().startsWith("dendrite-kernel-")) {
                ids.add(th.threadId());
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static Var run(List<Layer> unit, Var x, Mode mode) {
        if (unit.size() == 2) {
            return Fusion.fused(unit.get(0), unit.get(1), x, mode);
        }
        return unit.get(0).forward(x, mode);
    }

    private static String name(List<Layer> unit) {
        StringBuilder s = new StringBuilder();
        for (Layer l : unit) {
            s.append(s.length() == 0 ? "" : "+").append(l.type());
        }
        return s.toString();
    }
}
