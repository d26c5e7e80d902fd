package dev.dendrite.tensor.kernel;

import java.util.ServiceLoader;

/**
 * Chooses the kernels once, at class initialisation, from system properties:
 * <ul>
 *   <li>{@code -Ddendrite.simd=false}: scalar kernels only. They are also chosen when
 *       the {@code jdk.incubator.vector} module is not present (the JVM was started
 *       without {@code --add-modules jdk.incubator.vector}); that case is several
 *       times slower, so it is said once, as a {@link System.Logger} warning;</li>
 *   <li>{@code -Ddendrite.gemm=scalar|java|NAME}: the GEMM to use, where NAME is a
 *       {@link GemmProvider} found on the class path (e.g. {@code openblas});</li>
 *   <li>{@code -Ddendrite.threads=N}: the kernel threads (default: the processor
 *       count; {@link #threads(int)} changes it later).</li>
 * </ul>
 */
public final class Kernels {
    /** Whether the Vector API kernels are in use. */
    public static final boolean SIMD = chooseSimd();

    /** The one-time warning when the scalar kernels are used for want of the module. */
    static final String NO_VECTOR_NOTE = "Dendrite runs its scalar kernels, several times slower: the Vector API"
            + " module is missing. Start java with --add-modules jdk.incubator.vector"
            + " (or set -Ddendrite.simd=false to choose the scalar kernels without this note).";

    private static volatile Gemm gemm = chooseGemm(System.getProperty("dendrite.gemm", ""));

    private Kernels() {
    }

    /**
     * The number of threads the kernels use (the caller's thread counts as one):
     * {@code -Ddendrite.threads=N}, or else the JVM's processor count, which
     * {@code -XX:ActiveProcessorCount} and container limits set.
     */
    public static int threads() {
        return GemmPool.parallelism();
    }

    /**
     * Sets the number of kernel threads for the following calls, from 1 (all work
     * on the calling thread) to 1,024; for example to leave cores to other work or
     * to run several trainings side by side. Results do not depend on it.
     */
    public static void threads(int n) {
        GemmPool.parallelism(n);
    }

    /** The active GEMM. */
    public static Gemm gemm() {
        return gemm;
    }

    /** Selects a GEMM by name ({@code scalar}, {@code java}, or a provider's name). */
    public static void useGemm(String name) {
        gemm = chooseGemm(name);
    }

    /** Replaces the active GEMM (tests and benchmarks). */
    public static void useGemm(Gemm g) {
        gemm = g;
    }

    private static Gemm chooseGemm(String name) {
        if (name.equals("scalar")) {
            return new ScalarGemm();
        }
        if (name.isEmpty() || name.equals("java") || name.equals("auto")) {
            if (name.isEmpty() || name.equals("auto")) {
                for (GemmProvider p : ServiceLoader.load(GemmProvider.class)) {
                    if (p.preferred() && p.available()) {
                        return p.gemm();
                    }
                }
            }
            return javaGemm();
        }
        for (GemmProvider p : ServiceLoader.load(GemmProvider.class)) {
            if (p.name().equals(name)) {
                if (!p.available()) {
                    throw new IllegalStateException("dendrite.gemm=" + name + ": the provider is present but its library could not be loaded");
                }
                return p.gemm();
            }
        }
        throw new IllegalArgumentException("dendrite.gemm=" + name + ": unknown GEMM (expected scalar, java, or an installed provider)");
    }

    /** The best pure-Java GEMM on this JVM. */
    public static Gemm javaGemm() {
        if (SIMD) {
            try {
                return (Gemm) Class.forName("dev.dendrite.tensor.kernel.VectorGemm").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarGemm();
            }
        }
        return new ScalarGemm();
    }

    private static boolean chooseSimd() {
        if (!simdWanted()) {
            return false;
        }
        if (vectorApiPresent()) {
            return true;
        }
        // A static initialiser runs once per class loader, so this is said once.
        System.getLogger(Kernels.class.getName()).log(System.Logger.Level.WARNING, NO_VECTOR_NOTE);
        return false;
    }

    private static boolean simdWanted() {
        return !"false".equalsIgnoreCase(System.getProperty("dendrite.simd", "true"));
    }

    private static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
