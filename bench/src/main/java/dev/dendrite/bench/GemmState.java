package dev.dendrite.bench;

import dev.dendrite.blas.OpenBlasGemmProvider;
import dev.dendrite.tensor.kernel.Gemm;
import dev.dendrite.tensor.kernel.Kernels;
import dev.dendrite.tensor.kernel.ScalarGemm;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the GEMM benchmarks share: the implementation named by the {@code impl}
 * parameter ({@code vector}, {@code scalar} or {@code openblas}) and the operands
 * of the {@code shape} parameter ({@code NN:m:n:k}). Subclasses declare the
 * parameters, so each can offer its own default list.
 */
abstract class GemmState {
    private Gemm gemm;
    private GemmReport.Problem problem;

    abstract String impl();

    abstract String shape();

    void setUp() {
        gemm = switch (impl()) {
            case "vector" -> Kernels.javaGemm();
            case "scalar" -> new ScalarGemm();
            case "openblas" -> {
                OpenBlasGemmProvider p = new OpenBlasGemmProvider();
                if (!p.available()) {
                    throw new IllegalStateException("openblas is not installed here");
                }
                yield p.gemm();
            }
            default -> throw new IllegalArgumentException("impl=" + impl() + ": expected vector, scalar or openblas");
        };
        problem = new GemmReport.Problem(GemmShape.parse(shape()));
    }

    void run(Blackhole bh) {
        problem.run(gemm);
        bh.consume(problem.c);
    }
}
