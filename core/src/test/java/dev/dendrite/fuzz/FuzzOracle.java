package dev.dendrite.fuzz;

/**
 * The shared rule of every fuzz test: a parser given arbitrary bytes either
 * returns a valid result or throws its documented exception type with a
 * message that is non-null, one line, and names the source. Anything else,
 * including a documented exception whose message breaks that rule or whose
 * cause is a programming error, is turned into an {@link AssertionError}, which
 * Jazzer reports as a finding (and which fails the regression run).
 */
public final class FuzzOracle {
    private FuzzOracle() {
    }

    /** Checks {@code e}, an instance of the documented type, raised while reading {@code source}. */
    public static void documented(RuntimeException e, String source) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            throw new AssertionError("documented exception without a message", e);
        }
        if (m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) {
            throw new AssertionError("message spans several lines: " + m.replace("\n", "\\n").replace("\r", "\\r"), e);
        }
        if (source != null && !m.contains(source)) {
            throw new AssertionError("message does not name the source '" + source + "': " + m, e);
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (isProgrammingError(c)) {
                throw new AssertionError("documented exception wraps a programming error: " + c, e);
            }
        }
    }

    /** Exceptions that mean a bug in the reader, never a property of the input, even when wrapped. */
    public static boolean isProgrammingError(Throwable t) {
        return t instanceof NullPointerException
                || t instanceof IndexOutOfBoundsException
                || t instanceof ClassCastException
                || t instanceof ArithmeticException
                || t instanceof NegativeArraySizeException
                || t instanceof ArrayStoreException
                || t instanceof IllegalStateException
                || t instanceof UnsupportedOperationException
                || t instanceof Error;
    }

    /** Fails the current input with {@code what} unless {@code condition} holds: for checks on valid results. */
    public static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("invalid result: " + what);
        }
    }
}
