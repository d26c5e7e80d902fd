package dev.dendrite.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void digitsResourceLoads() {
        Dataset d = Datasets.digits();
        assertThat(d.size()).isEqualTo(1797);
        assertThat(d.featureCount()).isEqualTo(64);
        assertThat(d.classNames()).isEqualTo(Datasets.DIGIT_CLASSES);
        assertThat(d.featureNames()).startsWith("pixel0").endsWith("pixel63");
        // the first rows of sklearn's load_digits(): a 0 then a 1
        assertThat(d.label(0)).isZero();
        assertThat(d.label(1)).isEqualTo(1);
        assertThat(d.features().row(0)).startsWith(0, 0, 5, 13, 9, 1, 0, 0);
        float[] all = d.features().toArray();
        float max = 0;
        float min = 16;
        for (float v : all) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        assertThat(min).isZero();
        assertThat(max).isEqualTo(16f);
        // counted with: zcat digits.csv.gz | awk -F, '{print $65}' | sort -n | uniq -c
        assertThat(d.classCounts()).containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
    }

    @Test
    void missingFolderOrFile() throws IOException {
        Path absent = dir.resolve("absent");
        assertThatThrownBy(() -> Datasets.fashionMnist(absent)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(absent + ": no such folder; expected one holding train-images-idx3-ubyte");
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxReaderTest.images());
        IdxReaderTest.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxReaderTest.labels(), true);
        assertThatThrownBy(() -> Datasets.mnistLike(dir, Datasets.DIGIT_CLASSES)).isInstanceOf(DataException.class)
                .hasMessage(dir + ": missing t10k-images-idx3-ubyte (or t10k-images-idx3-ubyte.gz)");
    }

    @Test
    void mnistLikeFolderOfTinyFiles() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxReaderTest.images());
        IdxReaderTest.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxReaderTest.labels(), true);
        IdxReaderTest.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxReaderTest.images(), true);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxReaderTest.labels());
        Datasets.TrainTest tt = Datasets.fashionMnist(dir);
        assertThat(tt.train().size()).isEqualTo(3);
        assertThat(tt.test().classNames()).isEqualTo(Datasets.FASHION_MNIST_CLASSES);
        assertThat(tt.test().classNames().get(9)).isEqualTo("Ankle boot");
    }

    @Test
    void realFashionMnistWhenInstalled() {
        assumeTrue(Files.isRegularFile(Datasets.FASHION_MNIST_DEFAULT_DIR.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
        Datasets.TrainTest tt = Datasets.fashionMnist();
        assertThat(tt.train().size()).isEqualTo(60_000);
        assertThat(tt.test().size()).isEqualTo(10_000);
        assertThat(tt.train().featureCount()).isEqualTo(784);
        // Fashion-MNIST is balanced: 6,000 training and 1,000 test images per class
        assertThat(tt.train().classCounts()).containsOnly(6000);
        assertThat(tt.test().classCounts()).containsOnly(1000);
        assertThat(tt.test().features().get(0, 400)).isBetween(0f, 255f);
    }
}
