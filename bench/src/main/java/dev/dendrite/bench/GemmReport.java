package dev.dendrite.bench;

import dev.dendrite.blas.OpenBlasGemmProvider;
import dev.dendrite.tensor.kernel.Gemm;
import dev.dendrite.tensor.kernel.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Prints GFLOP/s of Dendrite's pure-Java GEMM against OpenBLAS (through the
 * native-blas module) for square sizes and the MLP's shapes. For each shape the
 * two run back to back, alternating which goes first, for several rounds; the
 * table gives the median and the spread (min to max) of each, and the ratio of
 * the medians. A machine shared with other work moves both numbers; the ratio,
 * measured in the same minute, is the figure to trust.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED
 * -cp benchmarks.jar dev.dendrite.bench.GemmReport [--rounds N] [--millis MS] [--warmup MS] [shape...]}
 * where a shape is {@code NN:m:n:k}.
 */
public final class GemmReport {
    private static volatile float sink;

    private GemmReport() {
    }

    public static void main(String[] args) {
        int rounds = 7;
        int millis = 200;
        int warmupMillis = 3000;
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--millis" -> millis = Integer.parseInt(args[++i]);
                case "--warmup" -> warmupMillis = Integer.parseInt(args[++i]);
                default -> specs.add(args[i]);
            }
        }
        if (specs.isEmpty()) {
            specs.addAll(GemmShape.SQUARE);
            specs.addAll(GemmShape.MLP);
        }
        Gemm dendrite = Kernels.javaGemm();
        OpenBlasGemmProvider provider = new OpenBlasGemmProvider();
        Gemm blas = provider.available() ? provider.gemm() : null;
        System.out.printf("# dendrite=%s, peer=%s, %d processors, %s %s, rounds=%d, >=%d ms per measurement%n",
                dendrite.name(), blas == null ? "none (OpenBLAS not found)" : "openblas",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                Runtime.version(), rounds, millis);
        // The Vector API runs boxed and ~100x slow until C2 has compiled the kernel (about a
        // second of work): warm every transpose path up before the first measurement.
        long warmUntil = System.nanoTime() + 1_000_000L * warmupMillis;
        List<Problem> warm = new ArrayList<>();
        for (String spec : List.of("NN:64:64:64", "NN:256:256:256", "TN:256:64:128", "NT:64:256:128", "TT:100:90:80")) {
            warm.add(new Problem(GemmShape.parse(spec)));
        }
        while (System.nanoTime() < warmUntil) {
            for (Problem p : warm) {
                p.run(dendrite);
            }
        }
        System.out.printf("%-24s %-20s %22s %22s %8s%n", "shape (op m:n:k)", "what",
                "dendrite GFLOP/s", "openblas GFLOP/s", "ratio");
        for (String spec : specs) {
            GemmShape s = GemmShape.parse(spec);
            Problem p = new Problem(s);
            double[] mine = new double[rounds];
            double[] peer = new double[rounds];
            measure(dendrite, p, millis); // warm-up
            if (blas != null) {
                measure(blas, p, millis);
            }
            for (int r = 0; r < rounds; r++) {
                boolean mineFirst = r % 2 == 0;
                if (mineFirst) {
                    mine[r] = measure(dendrite, p, millis);
                }
                peer[r] = blas == null ? Double.NaN : measure(blas, p, millis);
                if (!mineFirst) {
                    mine[r] = measure(dendrite, p, millis);
                }
            }
            System.out.printf("%-24s %-20s %22s %22s %8s%n", s.spec(), GemmShape.describe(spec),
                    summary(mine), blas == null ? "-" : summary(peer),
                    blas == null ? "-" : String.format("%.2f", median(mine) / median(peer)));
        }
    }

    /** GFLOP/s over as many calls as fit in {@code millis} (at least three). */
    private static double measure(Gemm g, Problem p, int millis) {
        long budget = millis * 1_000_000L;
        long start = System.nanoTime();
        long elapsed;
        int calls = 0;
        do {
            p.run(g);
            calls++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget || calls < 3);
        sink += p.c[0];
        return p.shape.flops() * calls / elapsed;
    }

    private static String summary(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return String.format("%7.1f [%5.1f-%5.1f]", median(x), s[0], s[s.length - 1]);
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The operands of one shape, stored as the flags say (a transposed operand is stored transposed). */
    static final class Problem {
        final GemmShape shape;
        final float[] a;
        final float[] b;
        final float[] c;

        Problem(GemmShape shape) {
            this.shape = shape;
            SplittableRandom rnd = new SplittableRandom(17);
            a = random(rnd, shape.m() * shape.k());
            b = random(rnd, shape.k() * shape.n());
            c = new float[shape.m() * shape.n()];
        }

        void run(Gemm g) {
            GemmShape s = shape;
            g.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f,
                    a, 0, s.transA() ? s.m() : s.k(), b, 0, s.transB() ? s.k() : s.n(), 0f, c, 0, s.n());
        }

        private static float[] random(SplittableRandom rnd, int size) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) {
                x[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            return x;
        }
    }
}
