package dev.dendrite.tensor.kernel;

import dev.dendrite.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 10: the kernel thread count can be set (property or setter), and results do not depend on it. */
class KernelThreadsTest {

    @Test
    void theSetterChangesWhichThreadsRunParts() {
        int before = Kernels.threads();
        try {
            Kernels.threads(1);
            assertThat(Kernels.threads()).isEqualTo(1);
            Set<Thread> used = ConcurrentHashMap.newKeySet();
            GemmPool.run(8, p -> used.add(Thread.currentThread()));
            assertThat(used).containsExactly(Thread.currentThread());

            Kernels.threads(3);
            assertThat(Kernels.threads()).isEqualTo(3);
            Set<String> names = ConcurrentHashMap.newKeySet();
            for (int r = 0; r < 50; r++) {
                GemmPool.run(64, p -> {
                    names.add(Thread.currentThread().getName());
                    long until = System.nanoTime() + 20_000; // long enough for a worker to claim a part
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                });
            }
            // only workers 0 and 1 may help the caller when the count is 3
            names.remove(Thread.currentThread().getName());
            assertThat(names).isNotEmpty().isSubsetOf("dendrite-kernel-0", "dendrite-kernel-1");
        } finally {
            Kernels.threads(before);
        }
    }

    @Test
    void gemmGivesTheSameBitsWithOneThreadOrFour() {
        int m = 96;
        int n = 80;
        int k = 300;
        Rng rng = new Rng(7);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rng.nextGaussian();
        }
        int before = Kernels.threads();
        try {
            Kernels.threads(1);
            float[] one = new float[m * n];
            Kernels.gemm().sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, one, 0, n);
            Kernels.threads(4);
            float[] four = new float[m * n];
            Kernels.gemm().sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, four, 0, n);
            assertThat(four).isEqualTo(one);
        } finally {
            Kernels.threads(before);
        }
    }

    @Test
    void badCountsAreRefusedWithTheRange() {
        assertThatThrownBy(() -> Kernels.threads(0)).hasMessageContaining("[1, 1024]");
        // a bad property must not break class initialisation: the default is used, with a warning
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(GemmPool.initialThreads("many")).isEqualTo(Runtime.getRuntime().availableProcessors());
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("dendrite: warning: -Ddendrite.threads=many is not a whole number in [1, 1024]");
        assertThat(GemmPool.initialThreads("3")).isEqualTo(3);
        assertThat(GemmPool.initialThreads(null)).isEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
