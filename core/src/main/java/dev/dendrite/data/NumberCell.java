package dev.dendrite.data;

/**
 * Parses one CSV cell as a number without throwing for the common case of a
 * cell that is text (string labels, header names): exceptions per row would
 * dominate the cost of reading a large file. Plain integers take a fast path;
 * everything else that looks numeric goes to {@link Double#parseDouble}.
 * The words NaN and Inf(inity) parse, so that callers can reject them with a
 * precise message rather than "not a number".
 */
final class NumberCell {
    /** The value of the last successful {@link #parse}. */
    double value;

    /** Whether {@code cell} (surrounding spaces allowed) is a number; if so, stores it in {@link #value}. */
    boolean parse(String cell) {
        int start = 0;
        int end = cell.length();
        while (start < end && cell.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && cell.charAt(end - 1) <= ' ') {
            end--;
        }
        if (start == end) {
            return false;
        }
        if (fastInteger(cell, start, end)) {
            return true;
        }
        boolean plain = true;
        for (int i = start; i < end && plain; i++) {
            char c = cell.charAt(i);
            plain = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
        }
        String s = cell.substring(start, end);
        if (plain) {
            try {
                value = Double.parseDouble(s);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        String word = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        if (word.equalsIgnoreCase("nan")) {
            value = Double.NaN;
            return true;
        }
        if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
            value = s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return true;
        }
        return false;
    }

    private boolean fastInteger(String s, int start, int end) {
        int i = start;
        boolean negative = false;
        char first = s.charAt(i);
        if (first == '-' || first == '+') {
            negative = first == '-';
            i++;
        }
        // up to 15 digits fit a long and convert to double exactly
        if (i == end || end - i > 15) {
            return false;
        }
        long v = 0;
        for (; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            v = v * 10 + (c - '0');
        }
        value = negative ? -v : v;
        return true;
    }
}
