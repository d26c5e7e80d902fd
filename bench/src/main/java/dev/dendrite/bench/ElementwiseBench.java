package dev.dendrite.bench;

import dev.dendrite.tensor.kernel.Elementwise;
import dev.dendrite.tensor.kernel.Reductions;
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
 * Element-wise kernels through their public entry points, once with the Vector
 * API twins (the default) and once in a JVM started with
 * {@code -Ddendrite.simd=false}, which selects the scalar loops. The op names
 * are {@code add}, {@code mul}, {@code div} (binary), {@code relu}, {@code scale}
 * (unary) and {@code sum} (reduction).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ElementwiseBench {
    @Param({"add", "mul", "div", "relu", "scale", "sum"})
    public String op;

    @Param({"1024", "65536", "1048576"})
    public int n;

    private float[] a;
    private float[] b;
    private float[] out;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(1);
        a = new float[n];
        b = new float[n];
        out = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
            b[i] = (float) (rnd.nextDouble() + 0.5);
        }
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
    public double simd() {
        return apply();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC",
        "-Ddendrite.simd=false"})
    public double scalar() {
        return apply();
    }

    private double apply() {
        switch (op) {
            case "add" -> Elementwise.binary(Elementwise.Op.ADD, a, 0, b, 0, out, 0, n);
            case "mul" -> Elementwise.binary(Elementwise.Op.MUL, a, 0, b, 0, out, 0, n);
            case "div" -> Elementwise.binary(Elementwise.Op.DIV, a, 0, b, 0, out, 0, n);
            case "relu" -> Elementwise.unary(Elementwise.Unary.RELU, 0f, a, 0, out, 0, n);
            case "scale" -> Elementwise.unary(Elementwise.Unary.SCALE, 0.5f, a, 0, out, 0, n);
            case "sum" -> {
                return Reductions.sum(a, 0, n);
            }
            default -> throw new IllegalArgumentException("op=" + op);
        }
        return out[n - 1];
    }
}
