package dev.dendrite.model;

import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Task;
import dev.dendrite.io.ModelFileException;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 10: models saved to and loaded from streams, byte for byte what a file holds. */
class ModelStreamTest {
    @TempDir
    Path dir;

    private static Model model() {
        Rng rng = new Rng(4);
        return new Model(new Sequential(new Dense(3, 5, Init.XAVIER_UNIFORM, rng), Activation.relu(),
                new Dense(5, 2, Init.XAVIER_UNIFORM, rng)), Normalizer.none(), Task.CLASSIFICATION,
                List.of("no", "yes"), List.of("a", "b", "c"), Map.of("note", "stream"));
    }

    @Test
    void aStreamHoldsTheFileBytesAndLoadsBack() throws Exception {
        Model m = model();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.save(out);
        Path file = dir.resolve("m.dnd");
        m.save(file);
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(file));

        Model back = Model.load(new ByteArrayInputStream(out.toByteArray()));
        float[] x = {0.5f, -1f, 2f};
        assertThat(back.predict(x)).isEqualTo(m.predict(x));
        assertThat(back.classNames()).isEqualTo(m.classNames());
        assertThat(back.metadata()).containsEntry("note", "stream");
        // a file's bytes load through a stream too
        try (var in = Files.newInputStream(file)) {
            assertThat(Model.load(in).predict(x)).isEqualTo(m.predict(x));
        }
    }

    @Test
    void aDamagedOrCutStreamIsRefused() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model().save(out);
        byte[] bytes = out.toByteArray();
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 10);
        assertThatThrownBy(() -> Model.load(new ByteArrayInputStream(cut))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("stream");
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x40;
        assertThatThrownBy(() -> Model.load(new ByteArrayInputStream(flipped))).isInstanceOf(ModelFileException.class);
    }
}
