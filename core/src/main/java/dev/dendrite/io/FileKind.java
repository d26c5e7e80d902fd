package dev.dendrite.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names what a path is when it is not the regular file a reader or writer
 * needs: "a folder", "a named pipe (FIFO)", "a character device" such as
 * {@code /dev/null}. Reading a FIFO blocks until someone writes to it and
 * {@code /dev/null} reads as an empty file, so both are refused with their name
 * rather than hanging or reporting "empty file".
 */
public final class FileKind {
    private FileKind() {
    }

    /** A short description of what {@code p} is, e.g. "a named pipe (FIFO)"; "a regular file" for one. */
    public static String of(Path p) {
        if (!Files.exists(p)) {
            return "missing";
        }
        if (Files.isDirectory(p)) {
            return "a folder";
        }
        if (Files.isRegularFile(p)) {
            return "a regular file";
        }
        try {
            int type = ((Integer) Files.getAttribute(p, "unix:mode")) & 0170000;
            switch (type) {
                case 0010000: return "a named pipe (FIFO)";
                case 0020000: return "a character device";
                case 0060000: return "a block device";
                case 0140000: return "a socket";
                default: break;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // not a Unix file system: fall through to the general name
        }
        return "a special file";
    }
}
