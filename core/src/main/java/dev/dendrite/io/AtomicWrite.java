package dev.dendrite.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file so that readers see either the old or the new content, never a
 * mix: write a temporary file beside the target, force it to disk, rename it over
 * the target, then force the directory so the rename itself survives a power cut.
 * Model files, checkpoints and the command line's predictions, histories and
 * charts are all written this way, so a full disk leaves the old file (or none).
 */
public final class AtomicWrite {

    /** Produces the file's bytes; may throw anything, which aborts the write. */
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicWrite() {
    }

    static void replace(Path target, Body body) {
        try {
            write(target, body);
        } catch (IOException e) {
            throw new ModelFileException(target.toString(), "cannot write (" + describe(e) + ")", e);
        }
    }

    /**
     * Writes {@code target} atomically; on any failure (a full disk included) the
     * temporary file is removed, the target is left as it was, and the
     * {@link IOException} is thrown.
     */
    public static void write(Path target, Body body) throws IOException {
        String name = target.toString();
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path fileName = absolute.getFileName();
        if (dir == null || fileName == null) {
            throw new IllegalArgumentException(name + ": not a file path");
        }
        Path temp = null;
        try {
            temp = createTemp(dir, fileName.toString());
            // The stream is flushed, never closed: closing it would close the channel
            // before force() has made the bytes durable.
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                body.writeTo(out);
                out.flush();
                channel.force(true);
            }
            move(temp, absolute);
            temp = null;
            syncDirectory(dir);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The original failure matters more; a stray temp file is harmless.
                }
            }
        }
    }

    /**
     * A fresh {@code name.tmp-<random>} file. Files.createTempFile would make it
     * owner-only on POSIX, and the renamed model would surprise users with those
     * permissions, so create it ourselves with the default ones.
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
            Path temp = dir.resolve(name + ".tmp-" + suffix);
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Some file systems (certain network mounts) cannot rename atomically.
            // Saving non-atomically beats refusing to save; the data is already on disk.
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename durable on Linux and macOS; Windows cannot open directories, so ignore failure. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException ignored) {
            // Best effort by design: the file itself is already durable.
        }
    }

    /** A short, human description of an I/O failure for one-line messages. */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
