package dev.dendrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The same training run with the Vector API kernels (this JVM) and with
 * {@code -Ddendrite.simd=false} (a child JVM on the scalar kernels) agrees within
 * float32 tolerance: the kernels sum in different orders, so the weights differ
 * in the last bits, and the losses a little more after many steps.
 */
class ScalarFallbackTest {
    private static final Pattern LOSS = Pattern.compile("epoch\\s+(\\d+)/\\d+\\s+loss ([0-9.]+)");

    private static List<Double> losses(String out) {
        List<Double> l = new ArrayList<>();
        Matcher m = LOSS.matcher(out);
        while (m.find()) {
            l.add(Double.parseDouble(m.group(2)));
        }
        return l;
    }

    @Test
    void scalarKernelsTrainTheSameNetwork(@TempDir Path tmp) throws Exception {
        String[] args = {"train", "--plain", "--epochs", "5", "--layers", "64", "-o", tmp.resolve("a.dnd").toString()};
        WalkthroughCommandTest.Run simd = WalkthroughCommandTest.run(args);
        assertThat(simd.code()).isZero();

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Ddendrite.simd=false", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        cmd.set(cmd.size() - 1, tmp.resolve("b.dnd").toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        List<Double> a = losses(simd.out());
        List<Double> b = losses(out);
        assertThat(a).hasSize(5);
        assertThat(b).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(b.get(i)).as("epoch " + (i + 1)).isCloseTo(a.get(i), within(2e-3 + 2e-3 * a.get(i)));
        }
        double accA = Double.parseDouble(simd.out().replaceAll("(?s).*test accuracy: ([0-9.]+).*", "$1"));
        double accB = Double.parseDouble(out.replaceAll("(?s).*test accuracy: ([0-9.]+).*", "$1"));
        assertThat(accB).isCloseTo(accA, within(0.01));
    }
}
