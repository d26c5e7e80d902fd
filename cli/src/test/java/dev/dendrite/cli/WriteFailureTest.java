package dev.dendrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No failed write ends in exit code 0, and none leaves half a file: standard
 * output on a full disk, predictions, history and chart files that cannot be
 * written, and output paths that are not files at all.
 */
class WriteFailureTest {
    private static final String GOOD = "src/test/resources/bad-input/good.csv";
    private static final String MODEL = "src/test/resources/bad-input/good.dnd";

    /** A stream that fails like /dev/full does. */
    private static final class FullDisk extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            throw new IOException("No space left on device");
        }
    }

    @Test
    void predictionsToAFullStandardOutputExitOne() {
        Output.Watched watched = new Output.Watched(new FullDisk(), "standard output");
        PrintWriter out = new PrintWriter(new OutputStreamWriter(watched, StandardCharsets.UTF_8), true);
        StringWriter err = new StringWriter();
        int code = Main.run(out, new PrintWriter(err, true), watched, "predict", "--model", MODEL, "--input", GOOD,
                "--label", "species");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo(
                "dendrite: cannot write to standard output (No space left on device); the output is incomplete");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void standardOutputOnDevFullExitsOneInARealProcess() throws Exception {
        Result r = child("", List.of("predict", "--model", MODEL, "--input", GOOD, "--label", "species"),
                ProcessBuilder.Redirect.to(Path.of("/dev/full").toFile()));
        assertThat(r.code).as(r.err).isEqualTo(1);
        assertThat(r.err).contains("dendrite: cannot write to standard output (No space left on device)");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aPredictionsFileThatCannotBeWrittenExitsOneAndKeepsTheOldFile(@TempDir Path tmp) throws Exception {
        // a file-size limit (ulimit -f, in 1 KiB blocks) makes writes fail past 2 KiB even for root
        StringBuilder rows = new StringBuilder();
        for (int r = 0; r < 400; r++) {
            rows.append(r % 3).append(',').append(r % 5).append(',').append(r % 7).append('\n');
        }
        Path input = Files.writeString(tmp.resolve("rows.csv"), rows);
        Path output = Files.writeString(tmp.resolve("predictions.csv"), "old predictions\n");
        Result r = child("ulimit -f 2; ", List.of("predict", "--model", MODEL, "--input", input.toString(),
                "--output", output.toString()), ProcessBuilder.Redirect.DISCARD);
        assertThat(r.code).as(r.err).isEqualTo(1);
        assertThat(r.err).contains("dendrite: " + output + ": cannot write (File too large); nothing was written")
                .doesNotContain("wrote ");
        assertThat(Files.readString(output)).isEqualTo("old predictions\n");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("rows.csv",
                    "predictions.csv");
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aChartThatCannotBeWrittenIsOneLineAndExitOne(@TempDir Path tmp) throws Exception {
        // the model (under 1 KiB) and the history fit in 4 KiB; a 900 x 600 PNG does not
        Path chart = tmp.resolve("curves.png");
        Result r = child("ulimit -f 4; ", List.of("train", "--data", GOOD, "--label", "species", "--layers", "2",
                "--epochs", "3", "--plain", "-o", tmp.resolve("m.dnd").toString(), "--chart", chart.toString()),
                ProcessBuilder.Redirect.DISCARD);
        assertThat(r.code).as(r.err).isEqualTo(1);
        assertThat(r.err).contains("dendrite: " + chart + ": cannot write (File too large)")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(chart).doesNotExist();
    }

    @Test
    void outputPathsThatAreNotFilesAreRefusedBeforeTraining(@TempDir Path tmp) throws IOException {
        Path link = tmp.resolve("full.csv");
        Files.createSymbolicLink(link, Path.of("/dev/full"));
        var r = WalkthroughCommandTest.run("predict", "--model", MODEL, "--input", GOOD, "--label", "species",
                "--output", link.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dendrite: --output: " + link
                + " is a character device, not a regular file; give a file name");
        var t = WalkthroughCommandTest.run("train", "--epochs", "1", "--history", tmp.toString());
        assertThat(t.code()).isEqualTo(2);
        assertThat(t.out()).as("nothing was trained").isEmpty();
        assertThat(t.err().strip()).isEqualTo("dendrite: --history: " + tmp + " is a folder; give a file name");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aFifoGivenAsDataIsNamedInsteadOfBlocking(@TempDir Path tmp) throws Exception {
        Path fifo = tmp.resolve("data.csv");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        var r = WalkthroughCommandTest.run("predict", "--model", MODEL, "--input", fifo.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dendrite: " + fifo + ": is a named pipe (FIFO), expected a regular file");
        var m = WalkthroughCommandTest.run("predict", "--model", fifo.toString(), "--input", GOOD);
        assertThat(m.err().strip()).isEqualTo("dendrite: " + fifo + ": is a named pipe (FIFO), not a model file");
    }

    private record Result(int code, String err) {
    }

    /** Runs the command line in a child JVM under bash, after {@code shell} (a ulimit, say). */
    private static Result child(String shell, List<String> args, ProcessBuilder.Redirect stdout) throws Exception {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        java.addAll(args);
        StringBuilder command = new StringBuilder(shell).append("exec");
        for (String a : java) {
            command.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        Process p = new ProcessBuilder("bash", "-c", command.toString()).redirectOutput(stdout).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), err);
    }
}
