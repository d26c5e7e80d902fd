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
        super(source + ": " + problem);
        this.source = source;
    }

    /** An error about {@code source} caused by {@code cause}, typically an {@link java.io.IOException}. */
    public ModelFileException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
    }

    /** The file (or stream name) the error is about. */
    public String source() {
        return source;
    }
}
