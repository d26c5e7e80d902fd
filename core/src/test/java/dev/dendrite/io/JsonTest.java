package dev.dendrite.io;

import dev.dendrite.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    private static Map<String, Object> sample() {
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("type", "dense");
        layer.put("units", 3L);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "mlp");
        m.put("layers", List.of(layer));
        m.put("mean", List.of(0.5, 1.0));
        m.put("empty", Map.of());
        m.put("none", List.of());
        return m;
    }

    @Test
    void compactAndPrettyRoundTrip() {
        Map<String, Object> m = sample();
        assertThat(Json.write(m)).isEqualTo(
                "{\"name\":\"mlp\",\"layers\":[{\"type\":\"dense\",\"units\":3}],\"mean\":[0.5,1.0],\"empty\":{},\"none\":[]}");
        assertThat(Json.writePretty(m)).isEqualTo("""
                {
                  "name": "mlp",
                  "layers": [
                    {
                      "type": "dense",
                      "units": 3
                    }
                  ],
                  "mean": [0.5, 1.0],
                  "empty": {},
                  "none": []
                }""");
        assertThat(Json.parse(Json.write(m))).isEqualTo(m);
        assertThat(Json.parseObject(Json.writePretty(m))).isEqualTo(m).isInstanceOf(LinkedHashMap.class);
        assertThat(Json.parseObject(Json.write(m)).keySet()).containsExactly("name", "layers", "mean", "empty", "none");
    }

    @Test
    void numbersKeepTheirTypeAndBits() {
        Rng rng = new Rng(3);
        List<Double> doubles = new ArrayList<>(List.of(-0.0, 0.0, 0.1, 1.0, 1e23, Double.MIN_VALUE, Double.MIN_NORMAL,
                Double.MAX_VALUE, -Double.MAX_VALUE, 2.2250738585072012e-308, 1.0 / 3));
        while (doubles.size() < 2000) {
            double d = Double.longBitsToDouble(rng.nextLong());
            if (Double.isFinite(d)) {
                doubles.add(d);
            }
        }
        List<?> back = (List<?>) Json.parse(Json.write(doubles));
        for (int i = 0; i < doubles.size(); i++) {
            assertThat(back.get(i)).isInstanceOf(Double.class);
            assertThat(Double.doubleToRawLongBits((Double) back.get(i)))
                    .as("%s", doubles.get(i)).isEqualTo(Double.doubleToRawLongBits(doubles.get(i)));
        }
        float[] floats = {0.1f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, 1f / 3};
        List<?> fb = (List<?>) Json.parse(Json.write(floats));
        for (int i = 0; i < floats.length; i++) {
            assertThat(Float.floatToRawIntBits(((Double) fb.get(i)).floatValue()))
                    .isEqualTo(Float.floatToRawIntBits(floats[i]));
        }
        assertThat(Json.write(new float[] {0.1f})).isEqualTo("[0.1]");
        assertThat(Json.parse("[0, -0, 9223372036854775807, -9223372036854775808, 9223372036854775808, 1E2, 1e-2]"))
                .isEqualTo(List.of(0L, 0L, Long.MAX_VALUE, Long.MIN_VALUE, 9.223372036854775808e18, 100.0, 0.01));
        assertThat(Json.write(List.of(1, (short) 2, (byte) 3, 4L, new int[] {5}, new long[] {6}, new double[] {7})))
                .isEqualTo("[1,2,3,4,[5],[6],[7.0]]");
    }

    @Test
    void stringsEscapeAndRoundTrip() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        all.append("é名\uD83D\uDE00\u2028\u007f");
        String s = all.toString();
        assertThat(Json.parse(Json.write(s))).isEqualTo(s);
        assertThat(Json.write("a\"b\\c\n\t\u0001/")).isEqualTo("\"a\\\"b\\\\c\\n\\t\\u0001/\"");
        assertThat(Json.parse("\"\\u00e9\\uD83D\\uDE00\\/\\b\\f\\r\"")).isEqualTo("é\uD83D\uDE00/\b\f\r");
    }

    @Test
    void scalarsAndWhitespace() {
        assertThat(Json.parse(" \t\r\n true ")).isEqualTo(true);
        assertThat(Json.parse("false")).isEqualTo(false);
        assertThat(Json.parse("null")).isNull();
        assertThat(Json.write(null)).isEqualTo("null");
        assertThat(Json.write('x')).isEqualTo("\"x\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "``                    | offset 0: unexpected end of input, expected a value",
            "`{`                   | offset 1: expected a string key, found end of input",
            "[1,]                  | offset 3: unexpected ']', expected a value",
            "`{\"a\":1,}`          | offset 7: expected a string key, found '}'",
            "`{\"a\" 1}`           | offset 5: expected ':', found '1'",
            "`{\"a\":1,\"a\":2}`   | offset 7: duplicate key \"a\"",
            "[1 2]                 | offset 3: expected ',' or ']', found '2'",
            "[1,2                  | offset 4: expected ',' or ']', found end of input",
            "1 2                   | offset 2: unexpected '2' after the value",
            "01                    | offset 1: leading zeros are not allowed",
            "1.                    | offset 2: expected a digit after the decimal point, found end of input",
            "1.e5                  | offset 2: expected a digit after the decimal point, found 'e'",
            "-                     | offset 1: expected a digit, found end of input",
            "1e                    | offset 2: expected a digit in the exponent, found end of input",
            "+1                    | offset 0: unexpected '+', expected a value",
            ".5                    | offset 0: unexpected '.', expected a value",
            "NaN                   | offset 0: unexpected 'N', expected a value",
            "-Infinity             | offset 1: expected a digit, found 'I'",
            "tru                   | offset 0: unexpected 't', expected a value",
            "nul1                  | offset 0: unexpected 'n', expected a value",
            "1e400                 | offset 0: number 1e400 is out of the double range",
            "`\"abc`               | offset 4: unterminated string",
            "`\"a\\x\"`            | offset 2: invalid escape \\x",
            "`\"\\u12\"`           | offset 1: incomplete \\u escape",
            "`\"\\u12G4\"`         | offset 1: invalid \\u escape",
            "`\"\\uD800\"`         | offset 1: unpaired surrogate escape",
            "`\"\\uDC00\"`         | offset 1: unpaired surrogate escape",
            "`\"\\uD800\\u0041\"`  | offset 1: unpaired surrogate escape",
            "`// c`                | offset 0: unexpected '/', expected a value",
            "`{'a':1}`             | offset 1: expected a string key, found '''",
    })
    void malformedInputNamesTheOffset(String text, String message) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid JSON at " + message);
    }

    @Test
    void rawControlCharactersSurrogatesAndBomAreRejected() {
        assertThatThrownBy(() -> Json.parse("\"a\nb\"")).hasMessage(
                "invalid JSON at offset 2: control character U+000A in a string must be escaped");
        assertThatThrownBy(() -> Json.parse("\"a\uD800\"")).hasMessage("invalid JSON at offset 2: unpaired surrogate in a string");
        assertThatThrownBy(() -> Json.parse("\uFEFF{}")).hasMessage("invalid JSON at offset 0: unexpected U+FEFF, expected a value");
    }

    @Test
    void depthAndLengthAreLimited() {
        assertThat(Json.parse("[".repeat(64) + "]".repeat(64))).isInstanceOf(List.class);
        assertThatThrownBy(() -> Json.parse("[".repeat(65) + "]".repeat(65)))
                .hasMessage("invalid JSON at offset 64: nesting deeper than 64");
        // Far past the stack depth a naive recursive parser survives.
        assertThatThrownBy(() -> Json.parse("{\"a\":".repeat(200_000))).hasMessageContaining("nesting deeper than 64");
        assertThatThrownBy(() -> Json.parse("[1, 2, 3]", 64, 8))
                .hasMessage("invalid JSON: input has 9 characters, more than the limit 8");
        assertThatThrownBy(() -> Json.parse("[[1]]", 1, 100)).hasMessage("invalid JSON at offset 1: nesting deeper than 1");
        assertThatThrownBy(() -> Json.parseObject("[]"))
                .hasMessage("invalid JSON: expected an object at the top level, found an array");
    }

    @Test
    void randomMutationsOnlyEverRaiseIllegalArgumentException() {
        String text = Json.writePretty(sample()) + " ";
        String alphabet = "{}[]:,\"\\/ntfrue0123456789.-+eE \u00e9\uD800";
        Rng rng = new Rng(99);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder b = new StringBuilder(text);
            for (int e = 1 + rng.nextInt(3); e > 0; e--) {
                int at = rng.nextInt(b.length());
                char c = alphabet.charAt(rng.nextInt(alphabet.length()));
                switch (rng.nextInt(3)) {
                    case 0 -> b.setCharAt(at, c);
                    case 1 -> b.insert(at, c);
                    default -> b.deleteCharAt(at);
                }
            }
            String mutated = b.toString();
            try {
                Object value = Json.parse(mutated);
                // Whatever parses must survive a write and re-read unchanged.
                assertThat(Json.parse(Json.write(value))).as(mutated).isEqualTo(value);
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).startsWith("invalid JSON");
            }
        }
    }

    @Test
    void writerRefusesWhatJsonCannotHold() {
        assertThatThrownBy(() -> Json.write(List.of(Double.NaN))).hasMessageContaining("NaN cannot be written");
        assertThatThrownBy(() -> Json.write(Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> Json.write(new float[] {Float.NaN})).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Json.write("a\uDC00")).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> Json.write(Map.of(1, 2))).hasMessageContaining("keys must be strings");
        assertThatThrownBy(() -> Json.write(new Object())).hasMessageContaining("cannot write a java.lang.Object");
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThatThrownBy(() -> Json.write(cyclic)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting deeper than 64");
    }
}
