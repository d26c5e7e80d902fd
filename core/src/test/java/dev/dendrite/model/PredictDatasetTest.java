package dev.dendrite.model;

import dev.dendrite.data.Dataset;
import dev.dendrite.data.Datasets;
import dev.dendrite.data.IdxReader;
import dev.dendrite.data.IdxReaderTest;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Preprocessor;
import dev.dendrite.data.Task;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Model#predict(Dataset)} on IDX pixels still held as bytes normalises
 * them straight from the bytes; the predictions must be those of
 * {@code predict(data.features())}, bit for bit, across the 256-row chunks.
 */
class PredictDatasetTest {
    @TempDir
    Path dir;

    private static final int COUNT = 300; // more than one chunk of 256 rows
    private static final int SIDE = 3;

    private Dataset pixels() throws IOException {
        byte[] body = new byte[COUNT * SIDE * SIDE];
        Rng rng = new Rng(3);
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) rng.nextInt(256);
        }
        byte[] labels = new byte[COUNT];
        for (int i = 0; i < COUNT; i++) {
            labels[i] = (byte) (i % 10);
        }
        Path x = Files.write(dir.resolve("x"),
                IdxReaderTest.idx(IdxReader.IMAGES_MAGIC, new int[] {COUNT, SIDE, SIDE}, body));
        Path y = Files.write(dir.resolve("y"), IdxReaderTest.idx(IdxReader.LABELS_MAGIC, new int[] {COUNT}, labels));
        return IdxReader.read(x, y, Datasets.DIGIT_CLASSES);
    }

    private static int[] bits(Tensor t) {
        float[] v = t.toArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }

    @Test
    void bytesNormalisedOnTheWayGiveTheSamePredictions() throws IOException {
        int f = SIDE * SIDE;
        List<String> names = Dataset.numberedNames("pixel", f);
        for (Preprocessor prep : new Preprocessor[] {null, Preprocessor.numeric(names)}) {
            Rng rng = new Rng(5);
            Model model = new Model(new Sequential(new Dense(f, 6, Init.XAVIER_UNIFORM, rng), Activation.relu(),
                    new Dense(6, 10, Init.XAVIER_UNIFORM, rng)), Normalizer.scale(255f), Task.CLASSIFICATION,
                    Datasets.DIGIT_CLASSES, names, Map.of(), prep, null);
            Dataset data = pixels();
            Tensor fromBytes = model.predict(data); // before anything made the raw matrix
            Tensor fromFloats = model.predict(data.features());
            assertThat(fromBytes.shape()).isEqualTo(fromFloats.shape());
            assertThat(bits(fromBytes)).containsExactly(bits(fromFloats));
        }
    }

    @Test
    void aDataSetOfTheWrongWidthIsRefusedAsATensorIs() throws IOException {
        Rng rng = new Rng(1);
        Model model = new Model(new Sequential(new Dense(4, 10, Init.XAVIER_UNIFORM, rng)), Normalizer.scale(255f),
                Task.CLASSIFICATION, Datasets.DIGIT_CLASSES, Dataset.numberedNames("p", 4), Map.of());
        Dataset data = pixels();
        assertThatThrownBy(() -> model.predict(data)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predict: input [300, 9], expected [N, 4] (the model was trained on 4 features)");
        assertThatThrownBy(() -> model.predict(data.features())).hasMessage(
                "predict: input [300, 9], expected [N, 4] (the model was trained on 4 features)");
    }
}
