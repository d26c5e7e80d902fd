package dev.dendrite.model;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model file written by Dendrite 0.1 (format version 1) with
 * {@code dendrite train --data good.csv --label species --epochs 5 --layers 4 --seed 1}
 * (the CSV is in cli's test resources). Every later version must keep loading it.
 */
class CommittedModelFileTest {

    @Test
    void version1ModelStillLoadsAndPredicts() throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/io/v1-model.dnd").toURI());
        Model m = Model.load(file);
        assertThat(m.isClassification()).isTrue();
        assertThat(m.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(m.featureNames()).containsExactly("sepal", "petal", "width");
        assertThat(m.network().toString()).isEqualTo("Dense(3 -> 4) -> relu -> Dense(4 -> 3)");
        assertThat(m.metadata()).containsEntry("seed", 1L).containsEntry("epochs", 5L);
        float[] p = m.predict(new float[] {2.5f, 4.5f, 0.5f});
        assertThat(p).hasSize(3);
        assertThat(p[0] + p[1] + p[2]).isBetween(0.999f, 1.001f);
    }
}
