package dev.dendrite.data;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Data files are strict UTF-8: other encodings and invalid bytes are errors, never merged or mangled text. */
class CsvEncodingTest {

    private static CsvResult read(byte[] bytes) {
        return CsvReader.read(new ByteArrayInputStream(bytes), "t.csv", CsvOptions.defaults());
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }

    @Test
    void labelsThatDifferOnlyInInvalidBytesAreAnErrorNotOneClass() {
        // "x,label\n" is bytes 0..7; on line 2, '1' is byte 8, ',' 9, 'a' 10, so 0xFF is byte 11
        byte[] file = bytes("x,label\n1,a", 0xFF, "\n2,a", 0xFE, "\n");
        assertThatThrownBy(() -> read(file)).isInstanceOf(DataException.class)
                .hasMessage("t.csv line 2: invalid UTF-8 byte 0xFF at byte offset 11; data files must be UTF-8 text");
    }

    @Test
    void aMultiByteCharacterCutShortIsInvalid() {
        // "x,y\n1,2\n" is bytes 0..7; line 3 "3," is 8..9, so the lone lead byte 0xC3 is byte 10
        byte[] file = bytes("x,y\n1,2\n3,", 0xC3);
        assertThatThrownBy(() -> read(file)).isInstanceOf(DataException.class)
                .hasMessage("t.csv line 3: invalid UTF-8 byte 0xC3 at byte offset 10; data files must be UTF-8 text");
    }

    @Test
    void utf16IsNamedWithItsByteOrderMark() {
        byte[] le = bytes(0xFF, 0xFE, "a", 0, ",", 0, "b", 0);
        assertThatThrownBy(() -> read(le)).isInstanceOf(DataException.class)
                .hasMessage("t.csv: the file is UTF-16LE text (it starts with that byte order mark); convert it to "
                        + "UTF-8, for example with iconv -f UTF-16LE -t UTF-8");
        byte[] be = bytes(0xFE, 0xFF, 0, "a");
        assertThatThrownBy(() -> read(be)).hasMessageStartingWith("t.csv: the file is UTF-16BE text");
        byte[] utf32 = bytes(0xFF, 0xFE, 0, 0, "a", 0, 0, 0);
        assertThatThrownBy(() -> read(utf32)).hasMessageStartingWith("t.csv: the file is UTF-32LE text");
    }

    @Test
    void utf16WithoutAByteOrderMarkIsCaughtByItsNulBytes() {
        byte[] file = bytes("a", 0, ",", 0, "b", 0, "\n", 0);
        assertThatThrownBy(() -> read(file)).isInstanceOf(DataException.class)
                .hasMessage("t.csv line 1: a NUL byte at byte offset 1; the file looks like UTF-16 or binary data, "
                        + "convert it to UTF-8 text");
    }

    @Test
    void validUtf8WithAByteOrderMarkAndEveryLineEndReadsExactly() {
        // a UTF-8 BOM, then lines ended by \r\n, a lone \r and \n; labels with accents stay distinct
        byte[] file = bytes(0xEF, 0xBB, 0xBF, "x,label\r\n1,café\r2,cafe\n3,caf\u00e9\n4,na\u00efve");
        CsvResult r = read(file);
        assertThat(r.hasHeader()).isTrue();
        assertThat(r.dataset().size()).isEqualTo(4);
        assertThat(r.dataset().classNames()).containsExactly("café", "cafe", "naïve");
        assertThat(r.dataset().labels()).containsExactly(0, 1, 0, 2);
    }

    @Test
    void aCharacterAcrossTheReadBufferBoundaryIsDecodedWhole() throws Exception {
        // the first line is 65,535 bytes long so that the two bytes of "é" straddle the 64 KiB read buffer
        String pad = "a".repeat(65_534);
        byte[] file = bytes("x,", pad, "\n1,\u00e9\n");
        Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(file), "t.csv");
        assertThat(lines.readLine()).isEqualTo("x," + pad);
        assertThat(lines.readLine()).isEqualTo("1,é");
        assertThat(lines.readLine()).isNull();
    }

    @Test
    void longTextInMessagesIsCut() {
        String big = "y".repeat(100_000);
        byte[] file = bytes("a,label\n1,0\n", big, ",1\n");
        assertThatThrownBy(() -> read(file)).hasMessage("t.csv line 3 column 1: \"" + "y".repeat(60)
                + "...\" is not a number, but column \"a\" holds numbers (line 2: 1); fix the cell, or pass "
                + "--categorical a");
        assertThat(Excerpt.columns(List.of("a", "b"))).isEqualTo("a, b");
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 784; i++) {
            many.add("pixel" + i);
        }
        assertThat(Excerpt.columns(many)).isEqualTo("784 columns (pixel0 ... pixel783)");
    }
}
