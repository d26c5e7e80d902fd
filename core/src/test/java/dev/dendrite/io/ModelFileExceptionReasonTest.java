package dev.dendrite.io;

import dev.dendrite.data.Normalizer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Java's own exception texts are turned into words about the file's fields. */
class ModelFileExceptionReasonTest {

    @Test
    void enumAndCastTextsNeverReachTheMessage() {
        IllegalArgumentException nested = null;
        try {
            Normalizer.Kind.valueOf("FROBNICATE");
        } catch (IllegalArgumentException e) {
            nested = e;
        }
        assertThat(nested).isNotNull();
        assertThat(ModelFileException.reason(nested)).isEqualTo("unknown Normalizer.Kind value 'FROBNICATE'");
        ClassCastException cast = null;
        try {
            Object s = "text";
            Number n = (Number) s;
            assertThat(n).isNull();
        } catch (ClassCastException e) {
            cast = e;
        }
        assertThat(ModelFileException.reason(cast)).isEqualTo("a value has the wrong type");
        assertThat(ModelFileException.reason(new IllegalStateException("x".repeat(300))))
                .hasSize(203).endsWith("...");
    }
}
