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
 * The scalar reference GEMM on the shapes where it finishes in reasonable time
 * (square up to 512 and the largest MLP layer), as the baseline that
 * {@link GemmBench}'s numbers are read against.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-XX:+UseParallelGC"})
public class ScalarGemmBench extends GemmState {
    @Param({"scalar"})
    public String impl;

    @Param({"NN:64:64:64", "NN:128:128:128", "NN:256:256:256", "NN:512:512:512",
        "NN:128:256:784", "TN:784:256:128", "NT:128:784:256"})
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
