package dev.dendrite.data;

import java.util.List;

/**
 * Keeps user text short when a message quotes it: a cell, a label or a column
 * name is cut to {@value #LIMIT} characters with "..." appended, and a long
 * list of column names becomes "784 columns (pixel0 ... pixel783)". A file
 * with a 10 MB cell or 50,000 columns must still get a one-line message.
 */
public final class Excerpt {
    /** The most characters of one piece of user text that a message repeats. */
    public static final int LIMIT = 60;
    /** Lists up to this many names in full. */
    private static final int FULL_LIST = 8;

    private Excerpt() {
    }

    /** {@code text} itself when short, else its first {@value #LIMIT} characters and "...". */
    public static String of(String text) {
        if (text == null || text.length() <= LIMIT) {
            return text;
        }
        int end = LIMIT;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a character in two
        }
        return text.substring(0, end) + "...";
    }

    /** The names joined by ", " when there are few, else "N columns (first ... last)"; each name shortened. */
    public static String columns(List<String> names) {
        if (names.size() > FULL_LIST) {
            return names.size() + " columns (" + of(names.get(0)) + " ... " + of(names.get(names.size() - 1)) + ")";
        }
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(of(n));
        }
        return sb.toString();
    }
}
