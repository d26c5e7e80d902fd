package dev.dendrite.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens data files, plain or gzip-compressed, and turns I/O failures into
 * {@link DataException}s that name the file. Compression is detected by the
 * gzip magic bytes rather than the name, so a {@code .gz} file renamed without
 * the suffix (or the reverse) still reads.
 */
final class Sources {
    private static final int BUFFER = 1 << 16;

    private Sources() {
    }

    /** The name used in messages: the path as the caller gave it. */
    static String name(Path path) {
        return path.toString();
    }

    static InputStream open(Path path) {
        if (Files.isDirectory(path)) {
            throw new DataException(path + ": is a folder, expected a file");
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            // reading a FIFO blocks until someone writes to it; /dev/null would read as an empty file
            throw new DataException(path + ": is " + dev.dendrite.io.FileKind.of(path) + ", expected a regular file");
        }
        try {
            return decompressing(Files.newInputStream(path), name(path));
        } catch (NoSuchFileException e) {
            throw new DataException(path + ": no such file");
        } catch (IOException e) {
            throw failure(name(path), e);
        }
    }

    /** Whether the file starts with the gzip magic 1f 8b; false for a file that cannot be read. */
    static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Wraps {@code raw} in a gzip decoder when it starts with the gzip magic 1f 8b. */
    static InputStream decompressing(InputStream raw, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
            } catch (EOFException e) {
                in.close();
                throw new DataException(name + ": truncated gzip data");
            }
        }
        return in;
    }

    /** The exception to throw for an I/O failure while reading {@code name}. */
    static RuntimeException failure(String name, IOException e) {
        if (e instanceof EOFException) {
            // GZIPInputStream reports a cut-off stream as EOFException ("Unexpected end of ZLIB input stream")
            return new DataException(name + ": truncated gzip data", e);
        }
        if (e instanceof ZipException) {
            return new DataException(name + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
        return new UncheckedIOException(name + ": " + e.getMessage(), e);
    }
}
