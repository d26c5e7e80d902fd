package dev.dendrite.io;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Regression tests for what the fuzz tests of this package found (docs/fuzzing.md);
 * the crashing inputs themselves stay in the seed corpora.
 */
class FuzzFindingsTest {

    @Test
    void anEscapedLineBreakIsNamedOnOneLine() {
        // JsonFuzzTest, crash-escape-newline: a backslash before a raw line break put the break into the message
        assertThatThrownBy(() -> Json.parse("\"a\\\nb\"")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid JSON at offset 2: invalid escape \\ followed by U+000A");
    }

    @Test
    void aDuplicateKeyWithALineBreakIsQuotedOnOneLine() {
        assertThatThrownBy(() -> Json.parse("{\"a\\nb\":1,\"a\\nb\":2}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid JSON at offset 10: duplicate key \"a\\nb\"");
    }
}
