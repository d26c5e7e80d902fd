package dev.dendrite.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dendrite.fuzz.FuzzOracle;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Fuzzes {@link Json#parse}: any text must parse to a value that writes and
 * parses back to an equal value, or fail with an {@link IllegalArgumentException}
 * whose message is one line. Seeds: {@code JsonFuzzTestInputs/parse/}.
 */
class JsonFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        Object value;
        try {
            value = Json.parse(text);
        } catch (NumberFormatException e) {
            throw new AssertionError("NumberFormatException leaked", e);
        } catch (IllegalArgumentException e) {
            FuzzOracle.documented(e, "invalid JSON");
            return;
        }
        String written = Json.write(value);
        FuzzOracle.check(Objects.equals(Json.parse(written), value), "does not survive write and parse: " + written);
        FuzzOracle.check(Objects.equals(Json.parse(Json.writePretty(value)), value),
                "the pretty form reads back differently: " + written);
    }
}
