package dev.dendrite.bench;

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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Time per {@code sgemm} call of the Vector API GEMM against OpenBLAS, for square
 * sizes 64 to 2048 and the MLP's forward and backward shapes (see
 * {@link GemmShape}). GFLOP/s is {@code 2*m*n*k / time}. The scalar reference is
 * in {@link ScalarGemmBench}, on the shapes where it finishes in reasonable time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-XX:+UseParallelGC"})
public class GemmBench extends GemmState {
    @Param({"vector", "openblas"})
    public String impl;

    @Param({"NN:64:64:64", "NN:128:128:128", "NN:256:256:256", "NN:512:512:512", "NN:1024:1024:1024",
        "NN:2048:2048:2048",
        "NN:128:256:784", "TN:784:256:128", "NT:128:784:256",
        "NN:128:128:256", "TN:256:128:128", "NT:128:256:128",
        "NN:128:10:128", "TN:128:10:128", "NT:128:128:10"})
    public String shape;

    @Override
    String impl() {
        return impl;
    }

    @Override
    String shape() {
        return shape;
    }

    @Setup
    public void setUp() {
        super.setUp();
    }

    @Benchmark
    public void sgemm(Blackhole bh) {
        run(bh);
    }
}
