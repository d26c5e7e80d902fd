package dev.dendrite.cli;

import dev.dendrite.io.ModelFile;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkpoints, forged files and huge user text: a checkpoint folder is used by
 * one run at a time, a resumed run writes beside its checkpoint, a forged file
 * gets a plain message (never a Java class name or a stack overflow), and a
 * 10,000-character class name does not make the report 10,000 characters wide.
 */
class TrainSafetyTest {
    private static final String GOOD = "src/test/resources/bad-input/good.csv";
    private static final String MODEL = "src/test/resources/bad-input/good.dnd";

    private static WalkthroughCommandTest.Run train(Path dir) {
        List<String> a = new ArrayList<>(List.of("train", "--data", GOOD, "--label", "species", "--layers", "4",
                "--epochs", "1", "--plain", "--checkpoint-dir", dir.resolve("ckpt").toString(),
                "-o", dir.resolve("m.dnd").toString()));
        return WalkthroughCommandTest.run(a.toArray(new String[0]));
    }

    @Test
    void twoRunsCannotShareACheckpointFolder(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("ckpt"));
        try (CheckpointLock held = CheckpointLock.acquire(tmp.resolve("ckpt"))) {
            var r = train(tmp);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("dendrite: --checkpoint-dir: " + tmp.resolve("ckpt")
                    + " is in use by another training run (it holds checkpoint.lock); wait for it to end or use "
                    + "another folder");
            assertThat(r.out()).isEmpty();
        }
        // released at exit: the next run takes it
        assertThat(train(tmp).code()).isZero();
        assertThat(train(tmp).code()).isZero();
    }

    @Test
    void aResumedRunWritesWhereItsCheckpointIsNotWhereTheOriginalRanFrom(@TempDir Path tmp) throws IOException {
        assertThat(train(tmp).code()).isZero();
        Path original = tmp.resolve("ckpt").resolve("checkpoint.dnd");
        byte[] before = Files.readAllBytes(original);
        // the folder is moved elsewhere; its stored arguments still name the old one
        Path moved = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.copy(original, moved.resolve("checkpoint.dnd"));
        forgeArgs(moved.resolve("checkpoint.dnd"), args -> {
            int at = args.indexOf("--epochs");
            args.set(at + 1, "3");
        });
        var r = WalkthroughCommandTest.run("train", "--resume", moved.toString(), "-o",
                tmp.resolve("resumed.dnd").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(original)).as("the original folder is left alone").isEqualTo(before);
        assertThat(dev.dendrite.train.CheckpointFile.load(moved.resolve("checkpoint.dnd")).state().finished()).isTrue();
    }

    @Test
    void aCheckpointWhoseArgumentsResumeItselfIsAnErrorNotAStackOverflow(@TempDir Path tmp) throws IOException {
        assertThat(train(tmp).code()).isZero();
        Path file = tmp.resolve("ckpt").resolve("checkpoint.dnd");
        forgeArgs(file, args -> {
            args.clear();
            args.addAll(List.of("--resume", file.toString()));
        });
        var r = WalkthroughCommandTest.run("train", "--resume", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dendrite: " + file + ": the checkpoint's stored arguments contain "
                + "--resume, which a real checkpoint never does");
    }

    @Test
    void aForgedEnumValueIsNamedWithoutJavaText(@TempDir Path tmp) {
        ModelFile.Contents c = ModelFile.read(Path.of(MODEL));
        Map<String, Object> spec = new LinkedHashMap<>(c.spec());
        spec.put("task", "frobnicate");
        Path forged = tmp.resolve("forged.dnd");
        ModelFile.write(forged, spec, c.tensors());
        var r = WalkthroughCommandTest.run("predict", "--model", forged.toString(), "--input", GOOD);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dendrite: " + forged
                + ": invalid model spec (unknown Task value 'FROBNICATE')");
    }

    @Test
    void aHugeClassNameIsCutInTheReport(@TempDir Path tmp) throws IOException {
        String huge = "x".repeat(10_000);
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i).append(',').append(i % 3).append(',').append(i % 2 == 0 ? "small" : huge).append('\n');
        }
        Path data = Files.writeString(tmp.resolve("big.csv"), csv);
        var r = WalkthroughCommandTest.run("train", "--data", data.toString(), "--epochs", "1", "--plain",
                "-o", tmp.resolve("m.dnd").toString());
        assertThat(r.code()).as(r.err()).isZero();
        // the class table and the confusion matrix show the name cut to 60 characters and "..."
        assertThat(r.out()).contains("x".repeat(60) + "...").doesNotContain("x".repeat(61));
        assertThat(r.out().lines().mapToInt(String::length).max().orElse(0)).isLessThan(300);
    }

    @Test
    void adamwTakesAnExplicitZeroWeightDecay(@TempDir Path tmp) {
        var r = WalkthroughCommandTest.run("train", "--data", GOOD, "--label", "species", "--epochs", "1", "--plain",
                "--optimizer", "adamw", "--weight-decay", "0", "-o", tmp.resolve("m.dnd").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("training: adamw(lr=0.002), batch");
        var d = WalkthroughCommandTest.run("train", "--data", GOOD, "--label", "species", "--epochs", "1", "--plain",
                "--optimizer", "adamw", "-o", tmp.resolve("m.dnd").toString());
        assertThat(d.out()).contains("training: adamw(lr=0.002, weight_decay=0.01), batch");
    }

    /** Rewrites the training arguments stored in a checkpoint, keeping everything else. */
    @SuppressWarnings("unchecked")
    private static void forgeArgs(Path file, java.util.function.Consumer<List<String>> change) {
        ModelFile.Contents c = ModelFile.read(file);
        Map<String, Object> spec = new LinkedHashMap<>(c.spec());
        Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) spec.get("config"));
        List<String> args = new ArrayList<>();
        ((List<Object>) config.get("args")).forEach(o -> args.add(String.valueOf(o)));
        change.accept(args);
        config.put("args", new ArrayList<Object>(args));
        spec.put("config", config);
        Map<String, Object> state = new LinkedHashMap<>((Map<String, Object>) spec.get("state"));
        state.put("finished", false); // so that a longer --epochs has something left to do
        spec.put("state", state);
        Map<String, Tensor> tensors = new LinkedHashMap<>(c.tensors());
        ModelFile.write(file, spec, tensors);
    }
}
