package dev.dendrite.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines and decodes each as strict UTF-8, the one
 * encoding data files may use (a UTF-8 byte order mark is allowed and dropped).
 * A lenient decoder would turn every invalid byte into U+FFFD, so labels that
 * differ only in those bytes would silently become one class; here an invalid
 * sequence is an error naming the line and the byte offset, and a UTF-16 or
 * UTF-32 file (a byte order mark, or NUL bytes) is named as such. Lines end at
 * {@code \n}, {@code \r\n} or a lone {@code \r}, as with {@code BufferedReader}.
 */
final class Utf8Lines {
    private final InputStream in;
    private final String source;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private long bufferStart; // file offset of buffer[0]
    private byte[] line = new byte[256];
    private int lineNumber;
    private boolean skipLineFeed; // the last line ended with '\r': a following '\n' belongs to it
    private boolean started;

    Utf8Lines(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** The next line without its terminator, or {@code null} at the end of the stream. */
    String readLine() throws IOException {
        if (!started) {
            started = true;
            checkByteOrderMark();
        }
        int length = 0;
        long lineStart = -1;
        boolean ascii = true;
        while (true) {
            if (position == limit && !fill()) {
                if (lineStart < 0) {
                    return null;
                }
                break;
            }
            byte b = buffer[position];
            if (skipLineFeed) {
                skipLineFeed = false;
                if (b == '\n') {
                    position++;
                    continue;
                }
            }
            if (lineStart < 0) {
                lineStart = bufferStart + position;
            }
            position++;
            if (b == '\n') {
                break;
            }
            if (b == '\r') {
                skipLineFeed = true;
                break;
            }
            if (b == 0) {
                throw new DataException(source + " line " + (lineNumber + 1) + ": a NUL byte at byte offset "
                        + (bufferStart + position - 1) + "; the file looks like UTF-16 or binary data, "
                        + "convert it to UTF-8 text");
            }
            ascii &= b >= 0;
            if (length == line.length) {
                line = Arrays.copyOf(line, length * 2);
            }
            line[length++] = b;
        }
        lineNumber++;
        return ascii ? new String(line, 0, length, StandardCharsets.ISO_8859_1) : decode(length, lineStart);
    }

    private String decode(int length, long lineStart) {
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        CharBuffer chars = CharBuffer.allocate(length);
        decoder.reset();
        CoderResult r = decoder.decode(bytes, chars, true);
        if (r.isUnderflow()) {
            r = decoder.flush(chars);
        }
        if (r.isError()) {
            int at = bytes.position();
            throw new DataException(source + " line " + lineNumber + ": invalid UTF-8 byte 0x"
                    + String.format(java.util.Locale.ROOT, "%02X", line[at] & 0xff) + " at byte offset " + (lineStart + at)
                    + "; data files must be UTF-8 text");
        }
        chars.flip();
        return chars.toString();
    }

    private boolean fill() throws IOException {
        bufferStart += limit;
        position = 0;
        limit = 0;
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        limit = n;
        return true;
    }

    /** Refuses UTF-16 and UTF-32 files by their byte order mark; a UTF-8 mark is left for the caller to drop. */
    private void checkByteOrderMark() throws IOException {
        while (limit < 4) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                break;
            }
            limit += n;
        }
        String encoding = null;
        if (startsWith(0x00, 0x00, 0xFE, 0xFF)) {
            encoding = "UTF-32BE";
        } else if (startsWith(0xFF, 0xFE, 0x00, 0x00)) {
            encoding = "UTF-32LE";
        } else if (startsWith(0xFE, 0xFF)) {
            encoding = "UTF-16BE";
        } else if (startsWith(0xFF, 0xFE)) {
            encoding = "UTF-16LE";
        }
        if (encoding != null) {
            throw new DataException(source + ": the file is " + encoding + " text (it starts with that byte order "
                    + "mark); convert it to UTF-8, for example with iconv -f " + encoding + " -t UTF-8");
        }
    }

    private boolean startsWith(int... bytes) {
        if (limit < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if ((buffer[i] & 0xff) != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
