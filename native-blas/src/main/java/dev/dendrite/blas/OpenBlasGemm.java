package dev.dendrite.blas;

import dev.dendrite.tensor.kernel.Gemm;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link Gemm} backed by OpenBLAS's {@code cblas_sgemm}, called through the
 * Foreign Function and Memory API with the Java arrays passed in place: the
 * downcall is linked {@linkplain Linker.Option#critical(boolean) critical} with
 * heap access, so nothing is copied, at the price of holding off the garbage
 * collector for the length of one call (milliseconds even for large products).
 *
 * <p>The library is looked up once: the path in {@code -Ddendrite.openblas.path}
 * if given, else {@code libopenblas.so.0} through the dynamic loader, else
 * Debian's usual locations. Running it needs {@code --enable-native-access=ALL-UNNAMED}
 * (or the JVM's warning). Array bounds are checked in Java before the call,
 * because native code would read or write past them silently.
 */
public final class OpenBlasGemm implements Gemm {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    /** The downcall, or null when the library could not be loaded (a static final constant, so JIT-inlined). */
    private static final MethodHandle SGEMM;
    /** Why {@link #SGEMM} is null. */
    private static final String PROBLEM;

    static {
        Object[] loaded = load();
        SGEMM = (MethodHandle) loaded[0];
        PROBLEM = (String) loaded[1];
    }

    /** Creates the GEMM; fails with the reason when the library could not be loaded. */
    public OpenBlasGemm() {
        if (SGEMM == null) {
            throw new IllegalStateException("openblas: " + PROBLEM);
        }
    }

    /** Why the library could not be loaded, or null when it was. */
    static String loadProblem() {
        return SGEMM == null ? PROBLEM : null;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m=" + m + ", n=" + n + ", k=" + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        checkExtent("C", c, cOff, m, n, ldc);
        if (k == 0 || alpha == 0f) {
            // The BLAS contract needs no A or B here; keep their (possibly empty) arrays out of native code.
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int at = cOff + i * ldc + j;
                    c[at] = beta == 0f ? 0f : beta * c[at];
                }
            }
            return;
        }
        checkExtent("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        checkExtent("B", b, bOff, transB ? n : k, transB ? k : n, ldb);
        try {
            SGEMM.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS,
                    m, n, k, alpha,
                    MemorySegment.ofArray(a).asSlice(4L * aOff), lda,
                    MemorySegment.ofArray(b).asSlice(4L * bOff), ldb,
                    beta, MemorySegment.ofArray(c).asSlice(4L * cOff), ldc);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("openblas: cblas_sgemm failed", t);
        }
    }

    /** A {@code [rows, cols]} matrix with row stride {@code ld} must lie inside the array. */
    private static void checkExtent(String what, float[] x, int off, int rows, int cols, int ld) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("sgemm: ld" + what.toLowerCase() + "=" + ld + " is less than the row width " + cols);
        }
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IndexOutOfBoundsException("sgemm: " + what + " [" + rows + ", " + cols + "] with ld " + ld
                    + " at offset " + off + " needs " + last + " floats, array has " + x.length);
        }
    }

    @Override
    public String name() {
        return "openblas";
    }

    /** {handle, null} when cblas_sgemm was found, else {null, reason}; never throws. */
    private static Object[] load() {
        List<String> tried = new ArrayList<>();
        try {
            Linker linker = Linker.nativeLinker();
            for (String candidate : candidates()) {
                tried.add(candidate);
                Optional<MemorySegment> symbol;
                try {
                    SymbolLookup lookup = candidate.startsWith("/")
                            ? SymbolLookup.libraryLookup(Path.of(candidate), java.lang.foreign.Arena.global())
                            : SymbolLookup.libraryLookup(candidate, java.lang.foreign.Arena.global());
                    symbol = lookup.find("cblas_sgemm");
                } catch (IllegalArgumentException notFound) {
                    continue;
                }
                if (symbol.isPresent()) {
                    ValueLayout.OfInt i = ValueLayout.JAVA_INT;
                    ValueLayout.OfFloat f = ValueLayout.JAVA_FLOAT;
                    java.lang.foreign.AddressLayout p = ValueLayout.ADDRESS;
                    FunctionDescriptor sig = FunctionDescriptor.ofVoid(i, i, i, i, i, i, f, p, i, p, i, f, p, i);
                    MethodHandle h = linker.downcallHandle(symbol.get(), sig, Linker.Option.critical(true));
                    return new Object[] {h, null};
                }
            }
            return new Object[] {null, "no library with cblas_sgemm found (tried " + tried + ")"};
        } catch (RuntimeException | LinkageError e) {
            // Most often native access is not enabled for this module.
            return new Object[] {null, e.toString()};
        }
    }

    private static List<String> candidates() {
        List<String> list = new ArrayList<>();
        String explicit = System.getProperty("dendrite.openblas.path", "");
        if (!explicit.isEmpty()) {
            list.add(explicit);
            return list;
        }
        list.add("libopenblas.so.0");
        for (String path : List.of(
                "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
                "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
                "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
                "/usr/lib64/libopenblas.so.0")) {
            if (Files.isReadable(Path.of(path))) {
                list.add(path);
            }
        }
        return list;
    }
}
