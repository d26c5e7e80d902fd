package dev.dendrite.model;

import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Task;
import dev.dendrite.io.ModelFile;
import dev.dendrite.io.ModelFileException;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Files whose bytes and checksum are valid but whose meaning is not: each is
 * refused with a one-line message instead of giving NaN predictions or a model
 * that means something else (issue 10, item 6).
 */
class ForgedSemanticsTest {
    @TempDir
    Path dir;

    private static Model classifier() {
        Rng rng = new Rng(1);
        return new Model(new Sequential(new Dense(3, 4, Init.XAVIER_UNIFORM, rng), Activation.relu(),
                new Dense(4, 10, Init.XAVIER_UNIFORM, rng)), Normalizer.none(), Task.CLASSIFICATION,
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), List.of("a", "b", "c"), Map.of());
    }

    private Path forge(Map<String, Object> spec, Map<String, Tensor> tensors) {
        Path file = dir.resolve("forged.dnd");
        ModelFile.write(file, spec, tensors);
        return file;
    }

    @Test
    void nonFiniteWeightsAreRefused() {
        Model m = classifier();
        Map<String, Tensor> t = new LinkedHashMap<>(ModelCodec.tensors(m));
        float[] w = t.get("2.weight").toArray();
        w[5] = Float.NaN;
        t.put("2.weight", Tensor.of(w, 4, 10));
        Path file = forge(ModelCodec.spec(m), t);
        assertThatThrownBy(() -> Model.load(file)).isExactlyInstanceOf(ModelFileException.class)
                .hasMessage(file + ": parameter '2.weight' holds NaN or infinite values");
        float[] b = t.get("0.bias").toArray();
        b[0] = Float.POSITIVE_INFINITY;
        t.put("2.weight", Tensor.of(new float[40], 4, 10));
        t.put("0.bias", Tensor.of(b, 4));
        Path file2 = forge(ModelCodec.spec(m), t);
        assertThatThrownBy(() -> Model.load(file2)).hasMessage(file2 + ": parameter '0.bias' holds NaN or infinite values");
    }

    @Test
    void regressionOnATenOutputNetworkIsRefused() {
        Model m = classifier();
        Map<String, Object> spec = new LinkedHashMap<>(ModelCodec.spec(m));
        spec.put("task", "regression");
        spec.put("class_names", List.of());
        Path file = forge(spec, ModelCodec.tensors(m));
        assertThatThrownBy(() -> Model.load(file))
                .hasMessage(file + ": a regression model must have 1 output, the last layer has 10");
    }

    @Test
    void duplicateOrTooFewClassNamesAreRefused() {
        Model m = classifier();
        Map<String, Object> spec = new LinkedHashMap<>(ModelCodec.spec(m));
        spec.put("class_names", List.of("0", "1", "2", "3", "4", "5", "6", "7", "1", "9"));
        Path file = forge(spec, ModelCodec.tensors(m));
        assertThatThrownBy(() -> Model.load(file)).hasMessage(file + ": class name '1' is listed twice");
        spec.put("class_names", List.of("a", "b", "c"));
        Path file2 = forge(spec, ModelCodec.tensors(m));
        assertThatThrownBy(() -> Model.load(file2))
                .hasMessage(file2 + ": the last layer has 10 outputs but 3 class names are listed");
    }

    @Test
    void layersThatDoNotFitTheFeaturesAreRefused() {
        Model m = classifier();
        Map<String, Object> spec = new LinkedHashMap<>(ModelCodec.spec(m));
        spec.put("feature_names", List.of("a", "b"));
        Path file = forge(spec, ModelCodec.tensors(m));
        assertThatThrownBy(() -> Model.load(file)).hasMessageStartingWith(file + ": the layers do not fit the 2 listed"
                + " features (dense(3 -> 4): input per example [2], expected [3])");
    }
}
