package dev.dendrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/find-jdk}, which every {@code dendrite} command runs first,
 * takes a JDK's version from its {@code release} file when it names one, and
 * starts that JDK's {@code java} to ask only when it does not: the fake JDKs
 * here have a {@code java} that leaves a mark when it is run.
 */
class FindJdkTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "find-jdk").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    /** A fake JDK: bin/java and bin/javac print {@code says} as the specification version and touch {@code ran}. */
    private Path fake(String name, String release, String says) throws IOException {
        Path home = Files.createDirectories(tmp.resolve(name).resolve("bin")).getParent();
        String body = "#!/bin/sh\ntouch '" + home.resolve("ran") + "'\n"
                + (says == null ? "exit 1\n" : "echo '    java.specification.version = " + says + "' >&2\n");
        for (String tool : new String[] {"java", "javac"}) {
            Path p = home.resolve("bin").resolve(tool);
            Files.writeString(p, body, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        if (release != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\n" + release + "\nOS_NAME=\"Linux\"\n");
        }
        return home;
    }

    private static String found(Path home) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString());
        pb.environment().put("DENDRITE_JAVA_HOME", home.toString());
        pb.environment().remove("JAVA_HOME");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void theReleaseFileAnswersWithoutStartingTheJvm() throws Exception {
        Path jdk25 = fake("jdk25", "JAVA_VERSION=\"25.0.1\"", null);
        assertThat(found(jdk25)).isEqualTo(jdk25.toString());
        Path ea = fake("jdk26ea", "JAVA_VERSION=\"26-ea\"", null);
        assertThat(found(ea)).isEqualTo(ea.toString());
        assertThat(jdk25.resolve("ran")).doesNotExist();
        assertThat(ea.resolve("ran")).doesNotExist();
    }

    @Test
    void anOlderReleaseIsPassedOver() throws Exception {
        Path jdk17 = fake("jdk17", "JAVA_VERSION=\"17.0.2\"", "25"); // the release file is believed, not java
        Path jdk8 = fake("jdk8", "JAVA_VERSION=\"1.8.0_292\"", "25");
        assertThat(found(jdk17)).isNotEqualTo(jdk17.toString());
        assertThat(found(jdk8)).isNotEqualTo(jdk8.toString());
        assertThat(jdk17.resolve("ran")).doesNotExist();
    }

    @Test
    void withoutAReleaseFileTheJvmIsAsked() throws Exception {
        Path bare = fake("bare", null, "25");
        assertThat(found(bare)).isEqualTo(bare.toString());
        assertThat(bare.resolve("ran")).exists();
        Path old = fake("old", "IMPLEMENTOR=\"no version here\"", "21");
        assertThat(found(old)).isNotEqualTo(old.toString());
        assertThat(old.resolve("ran")).exists();
    }
}
