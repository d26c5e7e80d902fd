package dev.dendrite.bench;

import dev.dendrite.blas.OpenBlasGemmProvider;
import dev.dendrite.tensor.kernel.Gemm;
import dev.dendrite.tensor.kernel.Kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Dendrite's GEMM against OpenBLAS on one thread, timed by the calling thread's
 * CPU time instead of the wall clock: on a machine shared with busy neighbours
 * the wall-clock GFLOP/s of {@link GemmReport} swing tenfold, while the CPU time
 * a thread was given stays comparable between two libraries measured
 * alternately. Its absolute GFLOP/s are not comparable with wall-clock ones (a
 * VM's thread clock undercounts under steal); read the ratios. Run with
 * {@code -XX:ActiveProcessorCount=1} and {@code OPENBLAS_NUM_THREADS=1}:
 * {@code java ... -cp benchmarks.jar dev.dendrite.bench.GemmCpuReport [--rounds N] NN:m:n:k ...}.
 */
public final class GemmCpuReport {
    private GemmCpuReport() {
    }

    public static void main(String[] args) {
        int rounds = 7;
        int from = 0;
        if (args.length >= 2 && args[0].equals("--rounds")) {
            rounds = Integer.parseInt(args[1]);
            from = 2;
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Gemm dendrite = Kernels.javaGemm();
        OpenBlasGemmProvider provider = new OpenBlasGemmProvider();
        if (!provider.available()) {
            System.err.println("GemmCpuReport: OpenBLAS not found");
            System.exit(2);
        }
        Gemm blas = provider.gemm();
        System.out.printf("# one thread, CPU-time GFLOP/s: median over %d alternating rounds; ratio per round%n", rounds);
        for (int s = from; s < args.length; s++) {
            String[] f = args[s].split(":");
            boolean ta = f[0].charAt(0) == 'T';
            boolean tb = f[0].charAt(1) == 'T';
            int m = Integer.parseInt(f[1]);
            int n = Integer.parseInt(f[2]);
            int k = Integer.parseInt(f[3]);
            float[] a = new float[m * k];
            float[] b = new float[k * n];
            float[] c = new float[m * n];
            SplittableRandom rnd = new SplittableRandom(1);
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rnd.nextDouble();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) rnd.nextDouble();
            }
            int lda = ta ? m : k;
            int ldb = tb ? k : n;
            double[][] g = new double[2][rounds];
            for (int r = -2; r < rounds; r++) { // two rounds of warm-up
                for (int w = 0; w < 2; w++) {
                    Gemm x = w == 0 ? dendrite : blas;
                    long calls = 0;
                    long t0 = mx.getCurrentThreadCpuTime();
                    do {
                        for (int q = 0; q < 20; q++) {
                            x.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                        }
                        calls += 20;
                    } while (mx.getCurrentThreadCpuTime() - t0 < 150_000_000L);
                    double seconds = (mx.getCurrentThreadCpuTime() - t0) / 1e9;
                    if (r >= 0) {
                        g[w][r] = 2.0 * m * n * k * calls / seconds / 1e9;
                    }
                }
            }
            double[] ratio = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                ratio[i] = g[0][i] / g[1][i];
            }
            Arrays.sort(g[0]);
            Arrays.sort(g[1]);
            Arrays.sort(ratio);
            System.out.printf("%-16s dendrite %6.1f  openblas %6.1f  ratio %.2f [%.2f-%.2f]%n", args[s],
                    g[0][rounds / 2], g[1][rounds / 2], ratio[rounds / 2], ratio[0], ratio[rounds - 1]);
        }
    }
}
