package dev.dendrite.bench;

import dev.dendrite.autograd.Gradients;
import dev.dendrite.autograd.Var;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
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
 * Softmax cross-entropy, forward and backward, on logits {@code [rows, classes]}
 * with one-hot targets: the fused node ({@link Var#softmaxCrossEntropy}, what
 * {@link CrossEntropy} runs) against the same loss composed from primitives
 * ({@code -(1/N) sum(t * logSoftmax(x))}, four nodes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class LossBench {
    @Param({"128", "512"})
    public int rows;

    @Param({"10", "1000"})
    public int classes;

    private Tensor logits;
    private Tensor target;

    @Setup
    public void setUp() {
        Rng rng = new Rng(3);
        logits = Tensor.normal(rng, 0f, 3f, rows, classes);
        int[] at = new int[rows];
        float[] ones = new float[rows];
        for (int i = 0; i < rows; i++) {
            at[i] = rng.nextInt(classes);
            ones[i] = 1f;
        }
        target = Tensor.scatterLast(Shape.of(rows, classes), at, ones);
    }

    @Benchmark
    public Tensor fused() {
        Var x = Var.variable(logits);
        Gradients g = x.softmaxCrossEntropy(target).backward();
        return g.get(x);
    }

    @Benchmark
    public Tensor composed() {
        Var x = Var.variable(logits);
        Gradients g = x.logSoftmax(1).mul(Var.constant(target)).sum().mul(-1f / rows).backward();
        return g.get(x);
    }
}
