package dev.dendrite.bench;

import dev.dendrite.tensor.kernel.Conv2dKernels;
import dev.dendrite.tensor.kernel.ConvGeometry;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two convolutions of the reference CNN at batch 128 (TrainBench.cnn):
 * {@code conv1} is 1 -> 32 channels, 3x3, padding 1 on 28x28; {@code conv2} is
 * 32 -> 64 on 14x14. {@code forward} unfolds each image and multiplies;
 * {@code inputGrad} and {@code weightGrad} are the two halves of the backward
 * pass (a training step runs them in one pass over the images; the weight
 * gradient unfolds each image again). Outside a training step's workspace, so
 * every call allocates its output.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class ConvBench {
    @Param({"conv1", "conv2"})
    public String layer;

    private ConvGeometry g;
    private float[] x;
    private float[] w;
    private float[] b;
    private float[] dy;

    @Setup
    public void setUp() {
        g = layer.equals("conv1")
                ? new ConvGeometry(128, 1, 28, 28, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1)
                : new ConvGeometry(128, 32, 14, 14, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        SplittableRandom rnd = new SplittableRandom(1);
        x = fill(rnd, g.inputSize());
        w = fill(rnd, g.weightSize());
        b = fill(rnd, g.oc());
        dy = fill(rnd, g.outputSize());
    }

    private static float[] fill(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }

    @Benchmark
    public float[] forward() {
        return Conv2dKernels.forward(g, x, w, b);
    }

    @Benchmark
    public float[][] inputGrad() {
        return Conv2dKernels.backward(g, x, w, dy, true, false, false);
    }

    @Benchmark
    public float[][] weightGrad() {
        return Conv2dKernels.backward(g, x, w, dy, false, true, true);
    }
}
