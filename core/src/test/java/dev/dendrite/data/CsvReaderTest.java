package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class CsvReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static Path gzip(Path target, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return target;
    }

    @Test
    void readsHeaderStringLabelsInFirstAppearanceOrder() throws IOException {
        Path p = write("iris.csv", "sepal,petal,species\n1.5,2,setosa\n3,4.25,virginica\n5,6,setosa\n");
        CsvResult r = CsvReader.read(p, CsvOptions.defaults());
        Dataset d = r.dataset();
        assertThat(r.hasHeader()).isTrue();
        assertThat(r.labelColumn()).isEqualTo("species");
        assertThat(r.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(r.taskReason()).contains("not all numbers").contains("classification with 2 classes");
        assertThat(d.featureNames()).containsExactly("sepal", "petal");
        assertThat(d.classNames()).containsExactly("setosa", "virginica");
        assertThat(d.labels()).containsExactly(0, 1, 0);
        assertThat(d.features()).isEqualTo(Tensor.of(new float[] {1.5f, 2, 3, 4.25f, 5, 6}, 3, 2));
    }

    @Test
    void integerLabelsAreClassesInNumericOrder() throws IOException {
        Path p = write("n.csv", "0.5,2\n1,10\n2,-1\n3,2\n");
        CsvResult r = CsvReader.read(p, CsvOptions.defaults());
        assertThat(r.hasHeader()).isFalse();
        assertThat(r.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(r.taskReason()).isEqualTo("labels are 3 distinct integers (at most 20), so classification with 3 classes");
        assertThat(r.dataset().classNames()).containsExactly("-1", "2", "10");
        assertThat(r.dataset().labels()).containsExactly(1, 2, 0, 1);
        assertThat(r.dataset().featureNames()).containsExactly("col1");
    }

    @Test
    void manyIntegersOrFractionsMeanRegression() throws IOException {
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int i = 0; i < 21; i++) {
            sb.append(i).append(',').append(i * 3).append('\n');
        }
        CsvResult many = CsvReader.read(write("many.csv", sb.toString()), CsvOptions.defaults());
        assertThat(many.task()).isEqualTo(Task.REGRESSION);
        assertThat(many.taskReason()).contains("21 distinct values (more than 20)");
        assertThat(many.dataset().targets().toArray()).hasSize(21).contains(60f);

        CsvResult fractions = CsvReader.read(write("f.csv", "1,2\n3,4.5\n"), CsvOptions.defaults());
        assertThat(fractions.task()).isEqualTo(Task.REGRESSION);
        assertThat(fractions.taskReason()).contains("non-integer numbers (line 2: 4.5)");
        assertThat(fractions.dataset().targets()).isEqualTo(Tensor.of(new float[] {2, 4.5f}, 2, 1));
    }

    @Test
    void explicitTaskOverridesInference() throws IOException {
        Path p = write("t.csv", "1,2\n3,4\n");
        assertThat(CsvReader.read(p, CsvOptions.defaults().withTask(Task.REGRESSION)).task()).isEqualTo(Task.REGRESSION);
        CsvResult r = CsvReader.read(write("u.csv", "1,0.5\n3,1.5\n5,0.5\n"),
                CsvOptions.defaults().withTask(Task.CLASSIFICATION));
        assertThat(r.dataset().classNames()).containsExactly("0.5", "1.5");
        assertThat(r.dataset().labels()).containsExactly(0, 1, 0);
    }

    @Test
    void labelAndFeaturesByNameOrIndex() throws IOException {
        Path p = write("h.csv", "a,target,b,c\n1,7,2,3\n4,8,5,6\n");
        Dataset byName = CsvReader.readDataset(p, CsvOptions.defaults().withLabel("target").withTask(Task.REGRESSION));
        assertThat(byName.featureNames()).containsExactly("a", "b", "c");
        assertThat(byName.targets().toArray()).containsExactly(7, 8);

        Dataset byIndex = CsvReader.readDataset(p, CsvOptions.defaults().withLabel(1)
                .withFeatureColumns(List.of("c", "0")).withTask(Task.REGRESSION));
        assertThat(byIndex.featureNames()).containsExactly("c", "a");
        assertThat(byIndex.features().toArray()).containsExactly(3, 1, 6, 4);

        Dataset negative = CsvReader.readDataset(p, CsvOptions.defaults().withLabel(-3).withTask(Task.REGRESSION));
        assertThat(negative.targets().toArray()).containsExactly(7, 8);
    }

    @Test
    void quotesCrlfBlankLinesTabsAndBom() throws IOException {
        Path p = write("q.csv", "\uFEFF\"name, with comma\",\"say \"\"hi\"\"\"\r\n1,\"a,b\"\r\n\r\n2,\"say \"\"x\"\"\"\r\n\r\n\r\n");
        CsvResult r = CsvReader.read(p, CsvOptions.defaults());
        assertThat(r.dataset().featureNames()).containsExactly("name, with comma");
        assertThat(r.labelColumn()).isEqualTo("say \"hi\"");
        assertThat(r.dataset().classNames()).containsExactly("a,b", "say \"x\"");
        assertThat(r.dataset().size()).isEqualTo(2);

        Path tsv = write("t.tsv", "x\ty\n1\t0\n2\t1\n");
        Dataset d = CsvReader.readDataset(tsv, CsvOptions.defaults().withDelimiter('\t'));
        assertThat(d.features().toArray()).containsExactly(1, 2);
    }

    @Test
    void readsGzipByMagicWhateverTheName() throws IOException {
        Path gz = gzip(dir.resolve("data.csv"), "a,b\n1,0\n2,1\n");
        assertThat(CsvReader.readDataset(gz, CsvOptions.defaults()).size()).isEqualTo(2);
        Path named = gzip(dir.resolve("data2.csv.gz"), "1,0\n2,1\n3,1\n");
        assertThat(CsvReader.readDataset(named, CsvOptions.defaults()).size()).isEqualTo(3);
    }

    @Test
    void readsFromAStream() {
        var in = new ByteArrayInputStream("1,2,0\n3,4,1\n".getBytes(StandardCharsets.UTF_8));
        Dataset d = CsvReader.read(in, "stream.csv", CsvOptions.defaults()).dataset();
        assertThat(d.featureCount()).isEqualTo(2);
    }

    @Test
    void readFeaturesDropsANamedOrSurplusLabelColumn() throws IOException {
        Path plain = write("p.csv", "1,2,3\n4,5,6\n");
        Features all = CsvReader.readFeatures(plain, CsvOptions.defaults(), 3);
        assertThat(all.featureCount()).isEqualTo(3);
        assertThat(all.names()).containsExactly("col1", "col2", "col3");

        Features surplus = CsvReader.readFeatures(plain, CsvOptions.defaults(), 2);
        assertThat(surplus.values().toArray()).containsExactly(1, 2, 4, 5);

        Path named = write("n.csv", "a,label,b\n1,cat,2\n");
        Features dropped = CsvReader.readFeatures(named, CsvOptions.defaults().withLabel("label"), 0);
        assertThat(dropped.names()).containsExactly("a", "b");
        assertThat(dropped.values().toArray()).containsExactly(1, 2);

        Features unlabeled = CsvReader.readFeatures(write("u.csv", "a,b\n1,2\n"),
                CsvOptions.defaults().withLabel("label"), 2);
        assertThat(unlabeled.names()).containsExactly("a", "b");
    }
}
