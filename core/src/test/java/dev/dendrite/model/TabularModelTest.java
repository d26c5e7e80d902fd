package dev.dendrite.model;

import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Preprocessor;
import dev.dendrite.data.Task;
import dev.dendrite.io.ModelFile;
import dev.dendrite.io.ModelFileException;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A model's preprocessor and target names in its file: saved, loaded, applied
 * the same way, checked against the network; files without them load as before.
 */
class TabularModelTest {
    @TempDir
    Path dir;

    private static Preprocessor prep() {
        Preprocessor p = Preprocessor.of(List.of(new Preprocessor.Column("x", null),
                new Preprocessor.Column("color", List.of("blue", "red"))), Preprocessor.Impute.MEAN);
        return p.fit(Tensor.wrap(new float[] {2, 0, 1, 4, 1, 0, 6, 0, 1}, Shape.of(3, 3)));
    }

    private static Model twoTargets() {
        Rng rng = new Rng(3);
        return new Model(new Sequential(new Dense(3, 2, Init.XAVIER_UNIFORM, rng)), Normalizer.none(),
                Task.REGRESSION, null, List.of("x", "color=blue", "color=red"), Map.of(), prep(),
                List.of("price", "days"));
    }

    @Test
    void preprocessorAndTargetNamesRoundTrip() {
        Model m = twoTargets();
        Path file = dir.resolve("t.dnd");
        m.save(file);
        Model back = Model.load(file);
        assertThat(back.preprocessor()).isEqualTo(m.preprocessor());
        assertThat(back.inputColumns()).containsExactly("x", "color");
        assertThat(back.targetNames()).containsExactly("price", "days");
        assertThat(back.targetCount()).isEqualTo(2);
        // a missing x is the training mean (4), so the row equals the explicit one
        float[] filled = back.predictRow(List.of("NA", "red"));
        assertThat(filled).containsExactly(back.predictRow(List.of("4", "red")));
        assertThat(filled).containsExactly(m.predict(new float[] {4, 0, 1}));
        Tensor withNaN = Tensor.wrap(new float[] {Float.NaN, 0, 1}, Shape.of(1, 3));
        assertThat(back.predict(withNaN).toArray()).containsExactly(filled);
    }

    @Test
    void aModelWithoutPreprocessingWritesNoEntry() {
        Rng rng = new Rng(4);
        Model m = new Model(new Sequential(new Dense(2, 1, Init.XAVIER_UNIFORM, rng)), Normalizer.none(),
                Task.REGRESSION, null, List.of("a", "b"), Map.of());
        assertThat(ModelCodec.spec(m)).doesNotContainKeys("preprocessor", "target_names");
        assertThat(ModelCodec.tensors(m)).doesNotContainKey("preprocessor.fill");
        assertThat(m.preprocessor().isIdentity()).isTrue();
        assertThat(m.inputColumns()).containsExactly("a", "b");
        assertThat(m.targetCount()).isEqualTo(1);
    }

    private Path forge(Map<String, Object> spec, Map<String, Tensor> tensors) {
        Path file = dir.resolve("forged.dnd");
        ModelFile.write(file, spec, tensors);
        return file;
    }

    @Test
    void forgedEntriesAreRefused() {
        Model m = twoTargets();
        Map<String, Object> spec = new LinkedHashMap<>(ModelCodec.spec(m));
        Map<String, Tensor> tensors = new LinkedHashMap<>(ModelCodec.tensors(m));

        Map<String, Object> oneTarget = new LinkedHashMap<>(spec);
        oneTarget.put("target_names", List.of("price", "days", "rooms"));
        assertThatThrownBy(() -> Model.load(forge(oneTarget, tensors))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("the last layer has 2 outputs but 3 target names are listed");

        Map<String, Object> noNames = new LinkedHashMap<>(spec);
        noNames.remove("target_names");
        assertThatThrownBy(() -> Model.load(forge(noNames, tensors)))
                .hasMessageContaining("a regression model must have 1 output, the last layer has 2");

        Map<String, Tensor> noFill = new LinkedHashMap<>(tensors);
        noFill.remove("preprocessor.fill");
        assertThatThrownBy(() -> Model.load(forge(spec, noFill))).hasMessageContaining("needs the tensor 'preprocessor.fill'");

        Map<String, Object> noPrep = new LinkedHashMap<>(spec);
        noPrep.remove("preprocessor");
        noPrep.put("feature_names", List.of("x", "color=blue", "color=red"));
        assertThatThrownBy(() -> Model.load(forge(noPrep, tensors)))
                .hasMessageContaining("unexpected tensor 'preprocessor.fill' (no preprocessor)");

        Map<String, Object> otherNames = new LinkedHashMap<>(spec);
        otherNames.put("feature_names", List.of("x", "color=blue", "colour=red"));
        assertThatThrownBy(() -> Model.load(forge(otherNames, tensors)))
                .hasMessageContaining("are not the listed feature names");

        Map<String, Tensor> nanFill = new LinkedHashMap<>(tensors);
        nanFill.put("preprocessor.fill", Tensor.vector(Float.NaN, 0, 1));
        assertThatThrownBy(() -> Model.load(forge(spec, nanFill))).hasMessageContaining("must be a finite vector");
    }

    @Test
    void theConstructorChecksThePreprocessorAgainstTheFeatures() {
        Rng rng = new Rng(5);
        assertThatThrownBy(() -> new Model(new Sequential(new Dense(3, 1, Init.XAVIER_UNIFORM, rng)), Normalizer.none(),
                Task.REGRESSION, null, List.of("a", "b", "c"), Map.of(), prep(), null))
                .hasMessageContaining("the preprocessor makes features 3 (x, color=blue, color=red)");
        Preprocessor unfitted = Preprocessor.of(List.of(new Preprocessor.Column("a", null)), Preprocessor.Impute.MEAN);
        assertThatThrownBy(() -> new Model(new Sequential(new Dense(1, 1, Init.XAVIER_UNIFORM, rng)), Normalizer.none(),
                Task.REGRESSION, null, List.of("a"), Map.of(), unfitted, null)).hasMessageContaining("not fitted");
    }
}
