package dev.dendrite.train.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lays out rows of cells as aligned plain text: the first column left-aligned
 * (names), the others right-aligned (numbers), each as wide as its widest cell,
 * separated by two spaces. Trailing spaces are trimmed so the output diffs cleanly.
 */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();

    TextTable row(String... cells) {
        String[] shown = new String[cells.length];
        for (int c = 0; c < cells.length; c++) {
            shown[c] = dev.dendrite.data.Excerpt.of(cells[c]); // a 10 MB class name must not widen every row
        }
        rows.add(shown);
        return this;
    }

    String format() {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = c < r.length ? r[c] : "";
                if (c > 0) {
                    line.append("  ");
                }
                String pad = " ".repeat(width[c] - cell.length());
                line.append(c == 0 ? cell + pad : pad + cell);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    static String fixed(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
