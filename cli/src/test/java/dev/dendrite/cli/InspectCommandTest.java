package dev.dendrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dendrite inspect} on a model that {@code dendrite train} wrote. */
class InspectCommandTest {
    private static final String GOOD = "src/test/resources/bad-input/good.csv";

    @Test
    void showsTaskFeaturesMetadataAndTheLayerTable(@TempDir Path tmp) {
        Path model = tmp.resolve("iris.dnd");
        WalkthroughCommandTest.Run t = WalkthroughCommandTest.run("train", "--data", GOOD, "--label", "species",
                "--layers", "8", "--epochs", "3", "-o", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        WalkthroughCommandTest.Run i = WalkthroughCommandTest.run("inspect", "--model", model.toString());
        assertThat(i.code()).as(i.err()).isZero();
        List<String> lines = i.out().lines().map(l -> l.trim().replaceAll("\\s{2,}", " | ")).toList();
        assertThat(lines).contains("task: classification, 3 classes (setosa, versicolor, virginica)",
                "features: 3 (sepal, petal, width)", "normaliser: standardize",
                "layer | type | input | output shape | parameters",
                "x | input | [N, 3] | 0",
                // 3 x 8 weights + 8 biases, then 8 x 3 + 3
                "0 | dense | x | [N, 8] | 32",
                "1 | relu | 0 | [N, 8] | 0",
                "2 | dense | 1 | [N, 3] | 27",
                "total: 59 trainable parameters (0.2 KiB as float32); 0 buffer values");
        assertThat(i.out()).contains("metadata:", "  data: good", "  optimizer: adam(");
    }

    @Test
    void aMissingFileIsOneLine() {
        WalkthroughCommandTest.Run i = WalkthroughCommandTest.run("inspect", "--model", "no/such.dnd");
        assertThat(i.code()).isEqualTo(2);
        assertThat(i.err().strip()).isEqualTo("dendrite: no/such.dnd: cannot read (no such file or directory: no/such.dnd)");
    }
}
