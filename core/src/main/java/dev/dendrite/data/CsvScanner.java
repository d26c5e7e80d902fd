package dev.dendrite.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a delimited file one line at a time and splits each line into cells,
 * skipping blank lines. Quoting follows RFC 4180 for a single line: a field
 * in double quotes may contain the delimiter, and {@code ""} inside it stands
 * for one quote. A quoted field that runs past the end of the line is
 * reported rather than joined with the next line, which keeps line numbers in
 * messages exact. The text is strict UTF-8 (see {@link Utf8Lines}).
 */
final class CsvScanner {
    private final Utf8Lines reader;
    private final String source;
    private final char delimiter;
    private final List<String> cells = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    private int lineNumber;

    CsvScanner(Utf8Lines reader, String source, char delimiter) {
        this.reader = reader;
        this.source = source;
        this.delimiter = delimiter;
    }

    /** The 1-based number of the line last returned by {@link #next}. */
    int line() {
        return lineNumber;
    }

    /** The cells of the next non-blank line, or {@code null} at the end; the list is reused. */
    List<String> next() throws IOException {
        String line;
        do {
            line = reader.readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1); // a UTF-8 byte order mark, as spreadsheet programs write
            }
        } while (line.isBlank());
        split(line);
        return cells;
    }

    private void split(String line) {
        cells.clear();
        int n = line.length();
        int i = 0;
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                i = quoted(line, i + 1);
                cells.add(field.toString());
            } else {
                int end = line.indexOf(delimiter, i);
                if (end < 0) {
                    end = n;
                }
                cells.add(line.substring(i, end));
                i = end;
            }
            if (i >= n) {
                return;
            }
            if (line.charAt(i) != delimiter) {
                throw new DataException(source + " line " + lineNumber + " column " + cells.size()
                        + ": unexpected text after a closing quote, expected " + CsvOptions.printable(delimiter));
            }
            i++;
            if (i == n) {
                cells.add(""); // a trailing delimiter ends with an empty cell
                return;
            }
        }
    }

    /** Reads a quoted field starting after its opening quote; returns the index after the closing quote. */
    private int quoted(String line, int i) {
        field.setLength(0);
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '"') {
                if (i + 1 < n && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            field.append(c);
            i++;
        }
        throw new DataException(source + " line " + lineNumber + " column " + (cells.size() + 1)
                + ": quoted field is not closed on this line (fields spanning lines are not supported)");
    }
}
