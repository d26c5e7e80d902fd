package dev.dendrite.blas;

import dev.dendrite.tensor.kernel.Gemm;
import dev.dendrite.tensor.kernel.GemmProvider;

/**
 * Offers {@link OpenBlasGemm} to {@link dev.dendrite.tensor.kernel.Kernels} under
 * the name {@code openblas} (select it with {@code -Ddendrite.gemm=openblas}). It
 * is never preferred by default, and {@link #available()} answers false, without
 * throwing, when the library cannot be found or native access is not enabled.
 */
public final class OpenBlasGemmProvider implements GemmProvider {

    @Override
    public String name() {
        return "openblas";
    }

    @Override
    public boolean available() {
        return OpenBlasGemm.loadProblem() == null;
    }

    @Override
    public Gemm gemm() {
        return new OpenBlasGemm();
    }
}
