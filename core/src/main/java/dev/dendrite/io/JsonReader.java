package dev.dendrite.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recursive-descent parser behind {@link Json#parse}. Recursion depth is
 * capped by {@code maxDepth}, so hostile nesting fails with a message instead of
 * a {@link StackOverflowError}.
 */
final class JsonReader {
    private final String text;
    private final int maxDepth;
    private int pos;

    JsonReader(String text, int maxDepth, int maxLength) {
        if (text == null) {
            throw new IllegalArgumentException("invalid JSON: input is null");
        }
        if (text.length() > maxLength) {
            throw new IllegalArgumentException("invalid JSON: input has " + text.length()
                    + " characters, more than the limit " + maxLength);
        }
        this.text = text;
        this.maxDepth = maxDepth;
    }

    Object document() {
        skipWhitespace();
        Object value = value(0);
        skipWhitespace();
        if (pos < text.length()) {
            throw error("unexpected " + found() + " after the value");
        }
        return value;
    }

    private Object value(int depth) {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected " + found() + ", expected a value");
            }
        };
    }

    private void enter(int depth) {
        if (depth > maxDepth) {
            throw error("nesting deeper than " + maxDepth);
        }
    }

    private Map<String, Object> object(int depth) {
        enter(depth);
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key, found " + found());
            }
            int keyAt = pos;
            String key = string();
            if (map.containsKey(key)) {
                pos = keyAt;
                throw error("duplicate key " + Json.write(key)); // escaped, so the message stays on one line
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            map.put(key, value(depth));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}', found " + found());
            }
        }
    }

    private List<Object> array(int depth) {
        enter(depth);
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']', found " + found());
            }
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + found() + ", expected a value");
        }
        pos += word.length();
        return value;
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (Character.isDigit(peek())) {
                throw error("leading zeros are not allowed");
            }
        } else {
            digits("a digit");
        }
        boolean integral = true;
        if (peek() == '.') {
            pos++;
            integral = false;
            digits("a digit after the decimal point");
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            integral = false;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            digits("a digit in the exponent");
        }
        String literal = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooBig) {
                // Outside the long range: fall through to a (rounded) double, like JavaScript.
            }
        }
        double d = Double.parseDouble(literal);
        if (Double.isInfinite(d)) {
            pos = start;
            throw error("number " + literal + " is out of the double range");
        }
        return d;
    }

    private void digits(String what) {
        if (!isAsciiDigit(peek())) {
            throw error("expected " + what + ", found " + found());
        }
        while (isAsciiDigit(peek())) {
            pos++;
        }
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private String string() {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error(String.format("control character U+%04X in a string must be escaped", (int) c));
            }
            if (c == '\\') {
                escape(sb);
            } else if (Character.isHighSurrogate(c) && pos + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(pos + 1))) {
                sb.append(c).append(text.charAt(pos + 1));
                pos += 2;
            } else if (Character.isSurrogate(c)) {
                throw error("unpaired surrogate in a string");
            } else {
                sb.append(c);
                pos++;
            }
        }
    }

    private void escape(StringBuilder sb) {
        int at = pos;
        pos++; // backslash
        if (pos >= text.length()) {
            throw error("unterminated string");
        }
        char e = text.charAt(pos++);
        switch (e) {
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case '/' -> sb.append('/');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
                char u = hex4(at);
                if (Character.isHighSurrogate(u)) {
                    if (!text.startsWith("\\u", pos)) {
                        pos = at;
                        throw error("unpaired surrogate escape");
                    }
                    pos += 2;
                    char low = hex4(at);
                    if (!Character.isLowSurrogate(low)) {
                        pos = at;
                        throw error("unpaired surrogate escape");
                    }
                    sb.append(u).append(low);
                } else if (Character.isLowSurrogate(u)) {
                    pos = at;
                    throw error("unpaired surrogate escape");
                } else {
                    sb.append(u);
                }
            }
            default -> {
                pos = at;
                // e may be a line break or another control character: keep the message on one line
                throw error("invalid escape " + (e >= 0x20 && e < 0x7f ? "\\" + e
                        : String.format("\\ followed by U+%04X", (int) e)));
            }
        }
    }

    private char hex4(int escapeAt) {
        if (pos + 4 > text.length()) {
            pos = escapeAt;
            throw error("incomplete \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0 || text.charAt(pos + i) > 'f') {
                pos = escapeAt;
                throw error("invalid \\u escape");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "', found " + found());
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String found() {
        if (pos >= text.length()) {
            return "end of input";
        }
        char c = text.charAt(pos);
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("invalid JSON at offset " + pos + ": " + what);
    }
}
