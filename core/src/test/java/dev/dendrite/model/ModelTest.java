package dev.dendrite.model;

import dev.dendrite.data.Dataset;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Task;
import dev.dendrite.io.ModelFile;
import dev.dendrite.io.ModelFileException;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Dropout;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelTest {

    private static Model classifier() {
        Rng rng = new Rng(11);
        Tensor x = Tensor.uniform(rng, 0f, 10f, 20, 3);
        Dataset train = Dataset.classification(x, List.of("a", "b", "c"), new int[20], List.of("cat", "dog"));
        Normalizer norm = Normalizer.of(Normalizer.Kind.STANDARDIZE).fit(train);
        Sequential net = new Sequential(new Dense(3, 5, Init.HE_UNIFORM, rng), Activation.leakyRelu(0.2f),
                new Dropout(0.1f), new Dense(5, 2, Init.XAVIER_UNIFORM, rng));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("seed", 11L);
        return new Model(net, norm, Task.CLASSIFICATION, List.of("cat", "dog"), List.of("a", "b", "c"), meta);
    }

    @Test
    void saveThenLoadIsBitExact(@TempDir Path dir) {
        Model m = classifier();
        Path file = dir.resolve("m.dnd");
        m.save(file);
        Model back = Model.load(file);
        assertThat(back.classNames()).containsExactly("cat", "dog");
        assertThat(back.featureNames()).containsExactly("a", "b", "c");
        assertThat(back.metadata()).containsEntry("seed", 11L);
        assertThat(back.network().toString()).isEqualTo(m.network().toString());
        m.parameters().forEach((k, p) ->
                assertThat(back.parameters().get(k).value().toArray()).containsExactly(p.value().toArray()));
        float[] row = {1.5f, 7f, 3f};
        assertThat(back.predict(row)).containsExactly(m.predict(row));
        float[] p = back.predict(row);
        assertThat(p[0] + p[1]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(back.predictClass(row)).isEqualTo(p[0] >= p[1] ? 0 : 1);
    }

    @Test
    void wrongFeatureCountIsRejected() {
        assertThatThrownBy(() -> classifier().predict(new float[] {1, 2}))
                .hasMessage("predict: input [1, 2], expected [N, 3] (the model was trained on 3 features)");
    }

    @Test
    void aFileWhoseTensorsDoNotFitTheLayersIsRejectedWhole(@TempDir Path dir) {
        Model m = classifier();
        Map<String, Object> spec = ModelCodec.spec(m);
        Map<String, Tensor> tensors = new LinkedHashMap<>(ModelCodec.tensors(m));
        Path file = dir.resolve("bad.dnd");

        tensors.put("0.weight", Tensor.zeros(4, 5));
        ModelFile.write(file, spec, tensors);
        assertThatThrownBy(() -> Model.load(file)).isInstanceOf(ModelFileException.class)
                .hasMessage(file + ": parameter '0.weight' has shape [4, 5], the layer needs [3, 5]");

        tensors = new LinkedHashMap<>(ModelCodec.tensors(m));
        tensors.remove("3.bias");
        ModelFile.write(file, spec, tensors);
        assertThatThrownBy(() -> Model.load(file)).hasMessage(file + ": parameter '3.bias' is missing");

        tensors = new LinkedHashMap<>(ModelCodec.tensors(m));
        tensors.put("extra", Tensor.zeros(1));
        ModelFile.write(file, spec, tensors);
        assertThatThrownBy(() -> Model.load(file)).hasMessage(file + ": unexpected tensor 'extra'");

        Map<String, Object> foreign = new LinkedHashMap<>(spec);
        foreign.put("kind", "something-else");
        ModelFile.write(file, foreign, ModelCodec.tensors(m));
        assertThatThrownBy(() -> Model.load(file)).hasMessage(file + ": holds 'something-else', not a Dendrite model");

        Map<String, Object> badLayer = new LinkedHashMap<>(spec);
        badLayer.put("layers", List.of(Map.of("type", "conv9d")));
        ModelFile.write(file, badLayer, ModelCodec.tensors(m));
        assertThatThrownBy(() -> Model.load(file)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("unknown layer type 'conv9d'");
    }
}
