package dev.dendrite.data;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Regression tests for what the fuzz tests of this package found (docs/fuzzing.md);
 * the crashing inputs themselves stay in the seed corpora.
 */
class FuzzFindingsTest {

    private static CsvResult read(String text, CsvOptions options) {
        return CsvReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv", options);
    }

    @Test
    void aRegressionTargetBeyondFloat32IsRejected() {
        // CsvFuzzTest, crash-label-overflows-float32: 5.5e88 is a finite double but became an infinite target
        assertThatThrownBy(() -> read("y,x\n1,2\n5e88,3\n", CsvOptions.defaults().withLabel(0)
                .withTask(Task.REGRESSION)))
                .isExactlyInstanceOf(DataException.class)
                .hasMessage("t.csv line 3 column 1: label 5e88 is not a finite float32 number; regression targets "
                        + "must be finite");
        // under AUTO too: such a label is not an integer class, so it would be a regression target
        assertThatThrownBy(() -> read("x,y\n2,1.5\n3,-1e39\n", CsvOptions.defaults()))
                .isExactlyInstanceOf(DataException.class)
                .hasMessageContaining("line 3 column 2: label -1e39 is not a finite float32 number");
    }

    @Test
    void theSameLabelIsStillAClassName() {
        CsvResult r = read("x,y\n2,1e39\n3,a\n", CsvOptions.defaults());
        assertThat(r.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(r.dataset().classNames()).containsExactly("1e39", "a");
    }
}
