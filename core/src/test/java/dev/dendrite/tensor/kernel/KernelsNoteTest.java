package dev.dendrite.tensor.kernel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scalar kernels chosen for want of the Vector API module are announced once,
 * with the flag that fixes it; chosen on purpose ({@code -Ddendrite.simd=false}) or
 * not chosen at all, they are not. Each case is a fresh JVM running {@link Child},
 * which uses every kind of kernel several times.
 */
class KernelsNoteTest {
    private static final String FLAG = "--add-modules jdk.incubator.vector";

    /** Runs GEMMs, element-wise ops, reductions and Adam steps, then prints which kernels ran. */
    static final class Child {
        public static void main(String[] args) {
            float[] a = new float[64 * 64];
            float[] c = new float[64 * 64];
            java.util.Arrays.fill(a, 0.5f);
            for (int i = 0; i < 3; i++) {
                Kernels.gemm().sgemm(false, false, 64, 64, 64, 1f, a, 0, 64, a, 0, 64, 0f, c, 0, 64);
                Kernels.javaGemm().sgemm(false, true, 64, 64, 64, 1f, a, 0, 64, a, 0, 64, 0f, c, 0, 64);
                Reductions.sum(c, 0, c.length);
                OptimizerKernels.adam(a, c, new float[a.length], new float[a.length], new float[a.length], a.length,
                        0.9f, 0.1f, 0.999f, 0.001f, 1e-3f, 1f, 1e-8f, 0f, 1f);
            }
            System.out.println("simd=" + Kernels.SIMD + " c0=" + c[0]);
        }
    }

    private record Run(int code, String out) {
        int notes() {
            int n = 0;
            for (int at = out.indexOf(FLAG); at >= 0; at = out.indexOf(FLAG, at + 1)) {
                n++;
            }
            return n;
        }
    }

    private static Run child(String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void withoutTheModuleTheNoteAppearsOnceWithTheFlag() throws Exception {
        Run r = child();
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("simd=false").contains("WARNING").contains("scalar kernels");
        assertThat(r.notes()).as(r.out()).isEqualTo(1);
    }

    @Test
    void withTheModuleThereIsNoNote() throws Exception {
        Run r = child("--add-modules", "jdk.incubator.vector");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("simd=true").doesNotContain("scalar kernels");
        assertThat(r.notes()).as(r.out()).isZero();
    }

    @Test
    void scalarChosenOnPurposeHasNoNote() throws Exception {
        Run r = child("-Ddendrite.simd=false");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("simd=false").doesNotContain("scalar kernels");
        assertThat(r.notes()).as(r.out()).isZero();
    }
}
