package dev.dendrite.train;

import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.io.ModelFile;
import dev.dendrite.io.ModelFileException;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checkpoints with a valid checksum but impossible contents are refused (issue 10, item 6). */
class ForgedCheckpointTest {
    @TempDir
    Path dir;
    private Path good;

    private static Sequential net() {
        return new Sequential(new Dense(2, 3, Init.XAVIER_UNIFORM, new Rng(1)));
    }

    @BeforeEach
    void writeAGoodCheckpoint() {
        good = dir.resolve("good.ckpt");
        Dataset d = Dataset.classification(Tensor.of(new float[] {0, 1, 1, 0, 1, 1, 0, 0}, 4, 2), List.of("x", "y"),
                new int[] {0, 1, 2, 0}, List.of("a", "b", "c"));
        Sequential m = net();
        new Trainer(m, new CrossEntropy(), new Adam(m.parameters(), 0.01),
                TrainOptions.defaults().withEpochs(2).withCheckpointFile(good, 0)).fit(new DataLoader(d, 2, 1), null);
    }

    @SuppressWarnings("unchecked")
    private Path forge(java.util.function.BiConsumer<Map<String, Object>, Map<String, Tensor>> change) {
        ModelFile.Contents c = ModelFile.read(good);
        Map<String, Object> spec = new LinkedHashMap<>(c.spec());
        spec.put("state", new LinkedHashMap<>((Map<String, Object>) spec.get("state")));
        Map<String, Tensor> tensors = new LinkedHashMap<>(c.tensors());
        change.accept(spec, tensors);
        Path file = dir.resolve("forged.ckpt");
        ModelFile.write(file, spec, tensors);
        return file;
    }

    @SuppressWarnings("unchecked")
    @Test
    void anImpossibleEpochIsRefused() {
        Path file = forge((spec, t) -> ((Map<String, Object>) spec.get("state")).put("epoch", 1e12));
        assertThatThrownBy(() -> CheckpointFile.load(file)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("'epoch' is 1.0E12, expected a whole number from 0 to 2147483647");
        Path negative = forge((spec, t) -> ((Map<String, Object>) spec.get("state")).put("step", -3));
        assertThatThrownBy(() -> CheckpointFile.load(negative)).hasMessageContaining("'step' is -3");
        Path history = forge((spec, t) -> ((Map<String, Object>) spec.get("state")).put("epoch", 1));
        assertThatThrownBy(() -> CheckpointFile.load(history))
                .hasMessageContaining("the history has 2 epochs but the state says 1 are done");
    }

    @Test
    void missingOptimizerStateIsRefusedOnResume() {
        Path file = forge((spec, t) -> t.remove("optimizer.0.weight.v"));
        Sequential m = net();
        Trainer trainer = new Trainer(m, new CrossEntropy(), new Adam(m.parameters(), 0.01), TrainOptions.defaults());
        assertThatThrownBy(() -> trainer.restoreCheckpoint(CheckpointFile.load(file), file.toString()))
                .isInstanceOf(ModelFileException.class)
                .hasMessage(file + ": optimizer state: parameter '0.weight' has [m] but not all of [m, v]");
        Path none = forge((spec, t) -> t.keySet().removeIf(k -> k.startsWith("optimizer.") && !k.endsWith(".step")));
        assertThatThrownBy(() -> trainer.restoreCheckpoint(CheckpointFile.load(none), none.toString()))
                .hasMessageContaining("steps taken but no state tensors stored");
    }

    @Test
    void nonFiniteWeightsAreRefused() {
        Path file = forge((spec, t) -> {
            float[] w = t.get("model.0.weight").toArray();
            w[0] = Float.NaN;
            t.put("model.0.weight", Tensor.of(w, 2, 3));
        });
        assertThatThrownBy(() -> CheckpointFile.load(file)).hasMessageContaining("tensor '0.weight' holds NaN");
    }
}
