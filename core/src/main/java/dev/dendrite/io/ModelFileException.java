package dev.dendrite.io;

/**
 * The one error {@link ModelFile} raises for a file it cannot read or write: a
 * foreign or corrupted file, a newer format version, a limit exceeded, or an
 * underlying I/O failure (kept as the cause). The message is a single line that
 * starts with the file name, e.g. {@code model.dnd: checksum mismatch (file is corrupted)}.
 * It is unchecked on purpose: loading a model usually happens once at start-up,
 * where the only sensible reaction is to report the message, and a checked
 * exception would leak into every {@code predict}-style API built on top.
 */
public final class ModelFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;

    /** An error about {@code source} (a file name) described by {@code problem}. */
    public ModelFileException(String source, String problem) {
        super(oneLine(source + ": " + problem));
        this.source = source;
    }

    /** An error about {@code source} caused by {@code cause}, typically an {@link java.io.IOException}. */
    public ModelFileException(String source, String problem, Throwable cause) {
        super(oneLine(source + ": " + problem), cause);
        this.source = source;
    }

    /**
     * Escapes line breaks and other control characters, which tensor names, layer types and
     * other strings quoted from a hostile file may hold, so the message stays one line.
     */
    static String oneLine(String message) {
        StringBuilder out = null;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
            if (control && out == null) {
                out = new StringBuilder(message.length() + 8).append(message, 0, i);
            }
            if (out == null) {
                continue;
            }
            if (!control) {
                out.append(c);
            } else {
                switch (c) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return out == null ? message : out.toString();
    }

    /**
     * What went wrong, in words for a user, when decoding a forged or damaged spec
     * raised a Java runtime exception: the JDK's own texts ("No enum constant
     * dev.dendrite.data.Task.FROBNICATE", "class java.lang.String cannot be cast to
     * class java.lang.Number ...") name Java classes, not the file's fields.
     */
    public static String reason(RuntimeException e) {
        String m = e.getMessage();
        if (m != null && m.startsWith("No enum constant ")) {
            String full = m.substring("No enum constant ".length());
            int dot = full.lastIndexOf('.');
            String type = dot < 0 ? "" : full.substring(0, dot);
            int start = 0;
            for (String part : type.split("\\.")) {
                if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
                    break;
                }
                start += part.length() + 1;
            }
            String shortType = start < type.length() ? type.substring(start) : type;
            return "unknown " + shortType + " value '" + dev.dendrite.data.Excerpt.of(full.substring(dot + 1)) + "'";
        }
        if (e instanceof ClassCastException) {
            return "a value has the wrong type";
        }
        if (e instanceof NullPointerException) {
            return "a required entry is missing";
        }
        if (e instanceof IndexOutOfBoundsException) {
            return "a list is too short";
        }
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    /** The file (or stream name) the error is about. */
    public String source() {
        return source;
    }
}
