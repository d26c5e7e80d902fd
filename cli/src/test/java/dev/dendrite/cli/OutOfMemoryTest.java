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
    void exhaustedHeapGivesAClearMessage() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train", "--layers", "6000,6000", "--epochs", "1", "--plain");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(err.lines().filter(l -> l.startsWith("dendrite:")).toList())
                .containsExactly("dendrite: out of memory; lower --batch-size or raise the heap with "
                        + "DENDRITE_JAVA_OPTS=-Xmx8g");
        assertThat(err).doesNotContain("\tat ");
    }
}
