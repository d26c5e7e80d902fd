package dev.dendrite.cli;

import dev.dendrite.model.Model;
import dev.dendrite.train.CheckpointFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts training in a child JVM, kills it with SIGKILL, resumes from the
 * checkpoint it left, and checks that the final weights equal, bit for bit,
 * those of a run that was never interrupted.
 */
class KillAndResumeTest {
    private static final List<String> TRAINING = List.of("train", "--plain", "--epochs", "3", "--batch-size", "8",
            "--layers", "32", "--dropout", "0.1", "--checkpoint-every", "10");

    // a CNN with seeded augmentation (shifts and flips), batch norm and dropout: every random draw and every
    // piece of layer state the run has must come back on resume
    private static final List<String> CNN = List.of("train", "--plain", "--epochs", "2", "--batch-size", "16",
            "--arch", "augment1,conv4x3,bn,relu,pool2,dense16,relu,dropout0.2", "--checkpoint-every", "7");

    private static List<String> args(Path dir, Path model) {
        return args(TRAINING, dir, model);
    }

    private static List<String> args(List<String> training, Path dir, Path model) {
        List<String> a = new ArrayList<>(training);
        a.addAll(List.of("--checkpoint-dir", dir.toString(), "-o", model.toString()));
        return a;
    }

    private static Process child(List<String> args, String... jvmFlags) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.addAll(List.of(jvmFlags));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void waitFor(Path dir, Predicate<List<String>> ready, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            List<String> names;
            try (Stream<Path> s = Files.list(dir)) {
                names = s.map(f -> f.getFileName().toString()).toList();
            } catch (IOException e) {
                names = List.of();
            }
            if (ready.test(names)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the child never reached the expected state (alive: " + p.isAlive() + ")");
    }

    private static Model uninterrupted(Path tmp) {
        return uninterrupted(TRAINING, tmp);
    }

    private static Model uninterrupted(List<String> training, Path tmp) {
        Path model = tmp.resolve("full.dnd");
        int code = WalkthroughCommandTest.run(args(training, tmp.resolve("full-ck"), model).toArray(new String[0]))
                .code();
        assertThat(code).isZero();
        return Model.load(model);
    }

    private static void assertSameWeights(Model a, Model b) {
        assertThat(b.parameters().keySet()).containsExactlyElementsOf(a.parameters().keySet());
        a.parameters().forEach((k, p) ->
                assertThat(b.parameters().get(k).value().toArray()).as(k).containsExactly(p.value().toArray()));
    }

    @Test
    void killedMidEpochThenResumedEndsBitIdentical(@TempDir Path tmp) throws Exception {
        Model expected = uninterrupted(tmp);
        Path dir = tmp.resolve("ck");
        Files.createDirectories(dir);
        Process p = child(args(dir, tmp.resolve("resumed.dnd")));
        waitFor(dir, names -> names.contains("checkpoint.dnd"), p);
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        CheckpointFile.Contents saved = CheckpointFile.load(dir.resolve("checkpoint.dnd"));
        assertThat(saved.state().finished()).isFalse();
        assertThat(saved.state().batch()).as("killed mid-epoch").isPositive();

        WalkthroughCommandTest.Run r = WalkthroughCommandTest.run("train", "--resume", dir.toString(),
                "-o", tmp.resolve("resumed.dnd").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("resuming from");
        assertSameWeights(expected, Model.load(tmp.resolve("resumed.dnd")));
    }

    @Test
    void killedWhileWritingACheckpointKeepsThePreviousOne(@TempDir Path tmp) throws Exception {
        Model expected = uninterrupted(tmp);
        Path dir = tmp.resolve("ck");
        Files.createDirectories(dir);
        // the child sleeps half way through writing each checkpoint; kill it while a temp file exists
        Process p = child(args(dir, tmp.resolve("resumed.dnd")), "-Ddendrite.test.checkpointPauseMillis=2000");
        waitFor(dir, names -> names.contains("checkpoint.dnd")
                && names.stream().anyMatch(n -> n.startsWith("checkpoint.dnd.tmp-")), p);
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        File[] partial = dir.toFile().listFiles((d, n) -> n.startsWith("checkpoint.dnd.tmp-"));
        assertThat(partial).hasSize(1);
        assertThat(partial[0].length()).isLessThan(dir.resolve("checkpoint.dnd").toFile().length());
        CheckpointFile.Contents saved = CheckpointFile.load(dir.resolve("checkpoint.dnd"));
        assertThat(saved.state().step()).isEqualTo(10);

        WalkthroughCommandTest.Run r = WalkthroughCommandTest.run("train", "--resume", dir.toString(),
                "-o", tmp.resolve("resumed.dnd").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertSameWeights(expected, Model.load(tmp.resolve("resumed.dnd")));
    }

    @Test
    void anAugmentedCnnKilledMidEpochResumesToTheSameWeightsAndRunningStatistics(@TempDir Path tmp)
            throws Exception {
        Model expected = uninterrupted(CNN, tmp);
        assertThat(expected.buffers()).containsKeys("3.running_mean", "3.running_var");
        Path dir = tmp.resolve("ck");
        Files.createDirectories(dir);
        Process p = child(args(CNN, dir, tmp.resolve("resumed.dnd")));
        waitFor(dir, names -> names.contains("checkpoint.dnd"), p);
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        CheckpointFile.Contents saved = CheckpointFile.load(dir.resolve("checkpoint.dnd"));
        assertThat(saved.state().finished()).isFalse();

        WalkthroughCommandTest.Run r = WalkthroughCommandTest.run("train", "--resume", dir.toString(),
                "-o", tmp.resolve("resumed.dnd").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("resuming from").contains("RandomCropFlip(pad 1, flip)");
        Model resumed = Model.load(tmp.resolve("resumed.dnd"));
        assertSameWeights(expected, resumed);
        assertThat(resumed.buffers().keySet()).containsExactlyElementsOf(expected.buffers().keySet());
        expected.buffers().forEach((k, b) ->
                assertThat(resumed.buffers().get(k).value().toArray()).as(k).containsExactly(b.value().toArray()));
    }
}
