package dev.dendrite.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A model too big for the heap ends with one line that says what to lower, not a stack trace. */
class OutOfMemoryTest {

    @Test
    void exhaustedHeapGivesAClearMessage() {
        // an exhausted heap that no estimate foresaw still gets the one-line message
        assertThat(Errors.message(new OutOfMemoryError("Java heap space")))
                .isEqualTo("out of memory; lower --batch-size or raise the heap with DENDRITE_JAVA_OPTS=-Xmx8g");
        assertThat(Errors.code(new OutOfMemoryError())).isEqualTo(1);
    }

    @Test
    void aNetworkTooBigForTheHeapFailsAtOnceNamingTheLayers() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train", "--layers", "6000,6000", "--epochs", "1", "--plain");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        // 64*6000 + 6000 + 6000*6000 + 6000 + 6000*10 + 10 parameters; weights, gradients and Adam's two
        // moments are four floats each, plus one 6000 x 6000 buffer while initialising: 181,824,040 floats
        List<String> lines = err.lines().filter(l -> l.startsWith("dendrite:")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("dendrite: --layers: 36,456,010 parameters with their gradients and "
                + "optimizer state need about 0.7 GB, more than the ").contains("use smaller layers");
        assertThat(err).doesNotContain("--batch-size");
        assertThat(err).doesNotContain("\tat ");
    }
}
