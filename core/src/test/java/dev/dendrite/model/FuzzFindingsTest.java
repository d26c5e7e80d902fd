package dev.dendrite.model;

import dev.dendrite.io.ModelFile;
import dev.dendrite.io.ModelFileException;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Regression tests for what the model fuzz tests found (docs/fuzzing.md); the
 * crashing inputs themselves stay in the seed corpora.
 */
class FuzzFindingsTest {

    @TempDir
    Path dir;

    @Test
    void namesFromTheFileCannotBreakTheMessageOverLines() {
        // ModelFileFuzzTest crash-tensor-name-cr, ModelLoadFuzzTest crash-tensor-name-crlf: a tensor name
        // with CR LF was quoted raw into the one-line message
        Path file = dir.resolve("m.dnd");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("kind", "dendrite-model\r\nforged: line");
        ModelFile.write(file, spec, Map.of("w\n", Tensor.scalar(1)));
        assertThatThrownBy(() -> Model.load(file)).isExactlyInstanceOf(ModelFileException.class)
                .hasMessage(file + ": holds 'dendrite-model\\r\\nforged: line', not a Dendrite model");
        spec.put("kind", ModelCodec.KIND);
        spec.put("task", "regression");
        spec.put("layers", List.of());
        spec.put("normalizer", "none");
        spec.put("class_names", List.of());
        spec.put("feature_names", List.of());
        ModelFile.write(file, spec, Map.of("w\n", Tensor.scalar(1)));
        assertThatThrownBy(() -> Model.load(file)).isExactlyInstanceOf(ModelFileException.class)
                .hasMessage(file + ": unexpected tensor 'w\\n'");
    }

    @Test
    void aForgedLayerSizeFailsBeforeAllocating() {
        // found by review while writing ModelLoadFuzzTest, kept as crash-dense-size-oom: a 480-byte file whose
        // spec says dense 40000 -> 40000 made the loader allocate 6.4 GB and die with OutOfMemoryError
        Path file = dir.resolve("big.dnd");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("kind", ModelCodec.KIND);
        spec.put("task", "regression");
        spec.put("layers", List.of(Map.of("type", "dense", "in", 40000, "out", 40000)));
        spec.put("normalizer", "none");
        spec.put("class_names", List.of());
        spec.put("feature_names", List.of("a"));
        ModelFile.write(file, spec, Map.of("0.weight", Tensor.zeros(2, 3), "0.bias", Tensor.zeros(3)));
        assertThatThrownBy(() -> Model.load(file)).isExactlyInstanceOf(ModelFileException.class)
                .hasMessage(file + ": layer 0 (dense 40000 -> 40000) needs 1600000000 weights, but the file holds 9 "
                        + "values in all");
    }
}
