package dev.dendrite.io;

import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Dendrite model file: a JSON spec plus named float32 tensors in one
 * versioned, checksummed, little-endian binary container (layout in
 * {@code docs/model-format.md}). {@link #write} replaces the target atomically, so a
 * crash mid-write leaves the previous file intact. {@link #read} treats its input
 * as hostile: every count and length is checked against the limits below and
 * against the bytes actually left before anything is allocated, the CRC32C is
 * verified before anything is returned, and every failure is a
 * {@link ModelFileException} with a one-line message naming the file. Readers
 * accept every format version up to {@link #VERSION}.
 */
public final class ModelFile {

    /** The format version this code writes, and the newest it reads. */
    public static final int VERSION = 1;

    /** Largest spec, in bytes of UTF-8 JSON (16 MiB). */
    public static final int MAX_SPEC_BYTES = 16 * 1024 * 1024;

    /** Most tensors in one file. */
    public static final int MAX_TENSORS = 10_000;

    /** Highest tensor rank; rank 0 (a scalar) is allowed. */
    public static final int MAX_RANK = 8;

    /** Longest tensor name in bytes of UTF-8 (the length field is a u16). */
    public static final int MAX_NAME_BYTES = 0xFFFF;

    /** Most elements in one tensor: what a Java {@code float[]} can safely hold. */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /**
     * PNG-style signature: the high byte catches 7-bit transfers, CR LF and LF catch
     * newline conversion, and 0x1A stops {@code type} on Windows.
     */
    static final byte[] MAGIC = {(byte) 0x89, 'D', 'N', 'D', '\r', '\n', 0x1A, '\n'};

    /** Written after the checksum so a file cut exactly before it is still seen as truncated. */
    static final byte[] END_MARKER = {'D', 'E', 'N', 'D'};

    /** Bytes after the last tensor: CRC32C (4) and end marker (4). */
    static final int TRAILER_BYTES = 8;

    /** Magic, version, flags, spec length, the spec {@code {}}, tensor count, trailer. */
    static final int MIN_FILE_BYTES = 8 + 4 + 4 + 4 + 2 + 4 + TRAILER_BYTES;

    private ModelFile() {
    }

    /**
     * What a model file holds. The maps keep file order and are unmodifiable at
     * the top level; the spec's nested values are as {@link Json} returns them.
     *
     * @param version the format version the file was written with (1 to {@link #VERSION})
     * @param spec    the JSON spec, an object
     * @param tensors the tensors by name, in file order
     */
    public record Contents(int version, Map<String, Object> spec, Map<String, Tensor> tensors) {
        public Contents {
            spec = Collections.unmodifiableMap(new LinkedHashMap<>(spec));
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        }
    }

    /**
     * Writes {@code spec} and {@code tensors} (in iteration order) to {@code path},
     * atomically replacing any existing file. Arguments the format cannot hold
     * (a spec value JSON cannot express, an empty name, a dimension of 0, rank above
     * {@link #MAX_RANK}, more than {@link #MAX_TENSORS} tensors) raise
     * {@link IllegalArgumentException}; I/O failures raise {@link ModelFileException}.
     * Either way the previous file is untouched and no temporary file remains.
     */
    public static void write(Path path, Map<String, ?> spec, Map<String, Tensor> tensors) {
        AtomicWrite.replace(path, out -> ModelFileWriter.write(out, spec, tensors));
    }

    /**
     * Writes the same bytes as {@link #write(Path, Map, Map)} to {@code out}, for
     * destinations that are not files (a database blob, a network stream). The
     * stream is flushed, not closed; a failed write may leave part of a file in it,
     * so a caller writing to storage should keep the previous copy until this returns.
     */
    public static void writeTo(OutputStream out, Map<String, ?> spec, Map<String, Tensor> tensors) {
        try {
            ModelFileWriter.write(out, spec, tensors);
            out.flush();
        } catch (IOException e) {
            throw new ModelFileException("stream", "cannot write (" + AtomicWrite.describe(e) + ")", e);
        }
    }

    /**
     * Reads a whole model file from {@code in} (to its end), for sources whose size
     * is not known in advance; the bytes are held in memory while reading, so the
     * file must be below 2 GiB. The stream is not closed.
     */
    public static Contents readFrom(InputStream in, String sourceName) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ModelFileException(sourceName, "cannot read (" + AtomicWrite.describe(e) + ")", e);
        } catch (OutOfMemoryError e) {
            throw new ModelFileException(sourceName, "is too large to read from a stream (2 GiB at most); save it to a file");
        }
        return readFrom(new java.io.ByteArrayInputStream(bytes), sourceName, bytes.length);
    }

    /** Reads and verifies the model file at {@code path}. */
    public static Contents read(Path path) {
        String name = path.toString();
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            // a FIFO would block and /dev/null would read as an empty file: say what the path is
            throw new ModelFileException(name, "is " + FileKind.of(path) + ", not a model file");
        }
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new ModelFileException(name, "cannot read (" + AtomicWrite.describe(e) + ")", e);
        }
        checksumFirst(path, name, size);
        try (InputStream in = Files.newInputStream(path)) {
            return readFrom(in, name, size);
        } catch (IOException e) {
            throw new ModelFileException(name, "cannot read (" + AtomicWrite.describe(e) + ")", e);
        }
    }

    /**
     * For a file that starts like a model file this Dendrite can read and ends with
     * the end marker, verifies the checksum before parsing anything, so damage
     * anywhere is reported as corruption rather than as whatever structural error
     * it happens to cause. Anything else is left to the parser's messages.
     */
    private static void checksumFirst(Path path, String name, long size) {
        int head = MAGIC.length + 4;
        if (size < head + 8) {
            return;
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path)) {
            java.nio.ByteBuffer start = java.nio.ByteBuffer.allocate(head).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(start, 0);
            ch.read(tail, size - 8);
            byte[] magic = java.util.Arrays.copyOf(start.array(), MAGIC.length);
            int version = start.getInt(MAGIC.length);
            byte[] end = java.util.Arrays.copyOfRange(tail.array(), 4, 8);
            if (!java.util.Arrays.equals(magic, MAGIC) || version < 1 || version > VERSION
                    || !java.util.Arrays.equals(end, END_MARKER)) {
                return;
            }
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
            long pos = 0;
            long limit = size - 8;
            while (pos < limit) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), limit - pos));
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    return;
                }
                buf.flip();
                crc.update(buf);
                pos += n;
            }
            if ((int) crc.getValue() != tail.getInt(0)) {
                throw new ModelFileException(name, "checksum mismatch (file is corrupted)");
            }
        } catch (IOException e) {
            throw new ModelFileException(name, "cannot read (" + AtomicWrite.describe(e) + ")", e);
        }
    }

    /**
     * Reads a model file of exactly {@code size} bytes from {@code in}, for files
     * that are not on a file system (class-path resources, network streams).
     * {@code size} bounds every allocation; a stream that ends early or runs past it
     * is rejected. The stream is read up to one byte past {@code size} and not closed.
     *
     * @param sourceName the name used in error messages, e.g. the resource name
     */
    public static Contents readFrom(InputStream in, String sourceName, long size) {
        return new ModelFileReader(in, sourceName, size).read();
    }
}
