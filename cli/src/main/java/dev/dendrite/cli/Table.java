package dev.dendrite.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table: a header row, a rule, then rows. Numeric-looking cells
 * are right-aligned, others left-aligned.
 */
final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(String.valueOf(c));
        }
        rows.add(r);
        return this;
    }

    void print(PrintWriter out, String indent) {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
        }
        for (List<String> r : rows) {
            for (int i = 0; i < r.size() && i < w.length; i++) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        line(out, indent, header, w);
        StringBuilder rule = new StringBuilder(indent);
        for (int i = 0; i < w.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
        }
        out.println(rule);
        for (List<String> r : rows) {
            line(out, indent, r, w);
        }
    }

    private static void line(PrintWriter out, String indent, List<String> cells, int[] w) {
        StringBuilder sb = new StringBuilder(indent);
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            String pad = " ".repeat(Math.max(0, w[i] - c.length()));
            sb.append(i == 0 ? "" : "  ").append(numeric(c) ? pad + c : c + pad);
        }
        out.println(sb.toString().stripTrailing());
    }

    private static boolean numeric(String s) {
        return s.matches("[-+]?[0-9.,eE%+-]+") && !s.isEmpty();
    }
}
