package dev.dendrite.tensor.kernel;

/**
 * A service that offers a GEMM implemented elsewhere (for example native BLAS in
 * another module), found with {@link java.util.ServiceLoader}. {@link Kernels}
 * uses it only when asked to with {@code -Ddendrite.gemm=NAME} or when it says
 * it is preferred and available.
 */
public interface GemmProvider {

    /** The name users select it by, e.g. {@code "openblas"}. */
    String name();

    /** Whether it can run here (its library was found and loaded). */
    boolean available();

    /** Whether to use it by default when available, over the pure-Java kernel. */
    default boolean preferred() {
        return false;
    }

    Gemm gemm();
}
