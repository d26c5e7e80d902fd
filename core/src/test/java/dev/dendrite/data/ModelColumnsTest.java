package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a file against a model's feature names: by name with a header, by position only when it fits. */
class ModelColumnsTest {
    private static final List<String> X1_X2 = List.of("x1", "x2");

    private static Features features(String text, CsvOptions o, List<String> names) {
        return CsvReader.readFeatures(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "in.csv", o,
                names);
    }

    private static CsvResult labelled(String text, CsvOptions o, List<String> names) {
        return CsvReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "in.csv", o, names);
    }

    @Test
    void swappedColumnsAreTakenByName() {
        // the file lists x2 first; the model's first input must still be x1
        Features f = features("x2,x1\n10,1\n20,2\n", CsvOptions.defaults(), X1_X2);
        assertThat(f.values()).isEqualTo(Tensor.of(new float[] {1, 10, 2, 20}, 2, 2));
        assertThat(f.names()).containsExactly("x1", "x2");
        assertThat(f.columns().byName()).isTrue();
        assertThat(f.columns().note()).isEmpty();
    }

    @Test
    void theOldPositionalReaderGetsSwappedColumnsWrong() {
        // the reason for the new method: reading by count alone takes x2 as x1
        Features f = CsvReader.readFeatures(new ByteArrayInputStream("x2,x1\n10,1\n".getBytes(StandardCharsets.UTF_8)),
                "in.csv", CsvOptions.defaults(), 2);
        assertThat(f.values().get(0, 0)).isEqualTo(10f);
    }

    @Test
    void aMissingColumnIsNamed() {
        assertThatThrownBy(() -> features("x1,x3\n1,2\n", CsvOptions.defaults(), X1_X2))
                .isInstanceOf(DataException.class)
                .hasMessage("in.csv line 1: no column named \"x2\" (the model's features: x1, x2; columns here: x1, x3)");
    }

    @Test
    void manyMissingColumnsAreSummarised() {
        List<String> pixels = Dataset.numberedNames("p", 100);
        assertThatThrownBy(() -> features("a,b\n1,2\n", CsvOptions.defaults(), pixels))
                .hasMessage("in.csv line 1: no columns named \"p0\", \"p1\", \"p2\" and 97 more "
                        + "(the model's features: 100 columns (p0 ... p99); columns here: a, b)");
    }

    @Test
    void extraColumnsAreIgnoredAndSaidSo() {
        Features f = features("id,x1,x2,note\n7,1,2,8\n", CsvOptions.defaults(), X1_X2);
        assertThat(f.values()).isEqualTo(Tensor.of(new float[] {1, 2}, 1, 2));
        assertThat(f.columns().ignored()).containsExactly("id", "note");
        assertThat(f.columns().note()).isEqualTo("in.csv: ignoring 2 columns the model does not use: id, note");
    }

    @Test
    void aNamedLabelIsDroppedQuietly() {
        Features f = features("x1,species,x2\n1,a,2\n", CsvOptions.defaults().withLabel("species"), X1_X2);
        assertThat(f.values()).isEqualTo(Tensor.of(new float[] {1, 2}, 1, 2));
        assertThat(f.columns().note()).isEmpty();
    }

    @Test
    void aHeaderOfNumbersIsAHeaderWhenItNamesTheFeatures() {
        // the model's features are called 1 and 2; a first row "2,1" names them, swapped
        Features f = features("2,1\n5,6\n", CsvOptions.defaults(), List.of("1", "2"));
        assertThat(f.values()).isEqualTo(Tensor.of(new float[] {6, 5}, 1, 2));
    }

    @Test
    void withoutAHeaderColumnsGoByPositionWithANote() {
        Features f = features("1,2\n3,4\n", CsvOptions.defaults(), X1_X2);
        assertThat(f.values()).isEqualTo(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        assertThat(f.columns().byName()).isFalse();
        assertThat(f.columns().note()).isEqualTo("in.csv has no header: its 2 columns are taken in order as the "
                + "model's 2 features (x1, x2)");
    }

    @Test
    void headerAbsentReadsANumericFirstRowAsData() {
        Features f = features("1,2\n3,4\n", CsvOptions.defaults().withHeader(CsvOptions.Header.ABSENT),
                List.of("1", "2"));
        assertThat(f.size()).isEqualTo(2);
    }

    @Test
    void headerPresentTakesANumericFirstRowAsNames() {
        // "1" and "2" are not x1 and x2: an error, rather than the first row used as data
        assertThatThrownBy(() -> features("1,2\n3,4\n", CsvOptions.defaults().withHeader(CsvOptions.Header.PRESENT),
                X1_X2)).hasMessageStartingWith("in.csv line 1: no columns named \"x1\", \"x2\"");
    }

    @Test
    void withoutAHeaderTheCountMustMatch() {
        assertThatThrownBy(() -> features("1,2,3,4\n", CsvOptions.defaults(), X1_X2))
                .hasMessage("in.csv line 1: no header and 4 columns, but the model needs 2 features (x1, x2); "
                        + "add a header row that names the columns");
    }

    @Test
    void withoutAHeaderOneMoreColumnIsTheLabel() {
        Features f = features("1,2,a\n", CsvOptions.defaults(), X1_X2);
        assertThat(f.values()).isEqualTo(Tensor.of(new float[] {1, 2}, 1, 2));
        assertThat(f.columns().note()).endsWith("and the label (column 3)");
    }

    @Test
    void madeUpNamesMatchAnyHeaderByPosition() {
        Features f = features("a,b\n1,2\n", CsvOptions.defaults(), List.of("col1", "col2"));
        assertThat(f.values()).isEqualTo(Tensor.of(new float[] {1, 2}, 1, 2));
        assertThat(f.columns().note()).isEqualTo("the model's feature names were made up at training (col1, col2), "
                + "so in.csv's columns a, b are taken in order");
    }

    @Test
    void labelledReadFindsFeaturesAndLabelByName() {
        CsvResult r = labelled("y,x2,x1,extra\na,20,2,0\nb,10,1,0\n", CsvOptions.defaults().withLabel("y"), X1_X2);
        assertThat(r.dataset().features()).isEqualTo(Tensor.of(new float[] {2, 20, 1, 10}, 2, 2));
        assertThat(r.dataset().classNames()).containsExactly("a", "b");
        assertThat(r.labelColumn()).isEqualTo("y");
        assertThat(r.columns().ignored()).containsExactly("extra");
    }

    @Test
    void labelledReadRefusesAFeatureUsedAsTheLabel() {
        // default label: the last column, which here is one of the model's features
        assertThatThrownBy(() -> labelled("y,x1,x2\na,1,2\n", CsvOptions.defaults(), X1_X2))
                .hasMessage("in.csv line 1: column \"x2\" is the label, but the model uses it as a feature");
    }

    @Test
    void aDuplicatedFeatureColumnIsRefused() {
        assertThatThrownBy(() -> features("x1,x2,x1\n1,2,3\n", CsvOptions.defaults(), X1_X2))
                .hasMessage("in.csv line 1: column \"x1\" appears more than once in the header; the model needs exactly one");
    }
}
