package dev.dendrite.bench;

import dev.dendrite.tensor.kernel.Gemm;
import dev.dendrite.tensor.kernel.Kernels;
import java.util.Locale;

/**
 * One GEMM implementation alone in a JVM, called back to back on one shape:
 * GFLOP/s for each of several 300 ms rounds. A cross-check for {@link GemmReport},
 * which alternates Dendrite and OpenBLAS in one process.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *      -cp benchmarks.jar dev.dendrite.bench.GemmLoop openblas NN:128:256:784 [rounds]
 * </pre>
 */
public final class GemmLoop {
    private GemmLoop() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: GemmLoop java|scalar|openblas OP:m:n:k [rounds]");
            System.exit(2);
        }
        Kernels.useGemm(args[0]);
        Gemm g = Kernels.gemm();
        GemmShape s = GemmShape.parse(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        GemmReport.Problem problem = new GemmReport.Problem(s);
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            long reps = 0;
            while (System.nanoTime() - t0 < 300_000_000L) {
                problem.run(g);
                reps++;
            }
            System.out.printf(Locale.ROOT, "%s %s round %d: %.1f GFLOP/s%n", g.name(), args[1], r + 1,
                    s.flops() * reps / (System.nanoTime() - t0));
        }
    }
}
