package dev.dendrite.io;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Parses a model file from a stream of known size, treating it as hostile. The
 * rule that keeps it safe: before reading or allocating n bytes, check n against
 * both a fixed limit and {@link #left()}, the bytes the file still holds before
 * its trailer; so a forged count fails with a message instead of an
 * {@link OutOfMemoryError}. A running CRC32C covers every byte read, and nothing
 * is returned until it matches the stored checksum.
 */
final class ModelFileReader {
    /** Smallest encoding of one tensor: u16 name length, a 1-byte name, rank 0, one float. */
    private static final int MIN_TENSOR_BYTES = 2 + 1 + 1 + 4;

    private final InputStream in;
    private final String source;
    private final long size;
    private final CRC32C crc = new CRC32C();
    private final byte[] buf = new byte[1 << 16];
    private long pos;

    ModelFileReader(InputStream in, String source, long size) {
        this.in = in;
        this.source = source;
        this.size = size;
    }

    ModelFile.Contents read() {
        try {
            return parse();
        } catch (IOException e) {
            throw fail("cannot read (" + AtomicWrite.describe(e) + ")", e);
        }
    }

    private ModelFile.Contents parse() throws IOException {
        checkMagic();
        if (size < ModelFile.MIN_FILE_BYTES) {
            throw fail("truncated (" + size + " bytes; the smallest model file has " + ModelFile.MIN_FILE_BYTES + ")");
        }
        long version = u32();
        if (version > ModelFile.VERSION) {
            throw fail("format version " + version + " is newer than this Dendrite supports (" + ModelFile.VERSION + ")");
        }
        if (version == 0) {
            throw fail("format version 0 is not valid");
        }
        long flags = u32();
        if (flags != 0) {
            throw fail(String.format("unknown flags 0x%08x for format version %d", flags, version));
        }
        Map<String, Object> spec = spec();
        long count = u32();
        if (count > ModelFile.MAX_TENSORS) {
            throw fail("tensor count " + count + " exceeds the limit " + ModelFile.MAX_TENSORS);
        }
        if (count * MIN_TENSOR_BYTES > left()) {
            throw fail("truncated (" + count + (count == 1 ? " tensor needs" : " tensors need") + " at least " + count * MIN_TENSOR_BYTES + " bytes, "
                    + left() + " left)");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = name(i);
            if (tensors.containsKey(name)) {
                throw fail("duplicate tensor name '" + name + "'");
            }
            tensors.put(name, tensor(name));
        }
        trailer();
        return new ModelFile.Contents((int) version, spec, tensors);
    }

    private void checkMagic() throws IOException {
        byte[] magic = ModelFile.MAGIC;
        if (size <= 0) {
            throw fail("not a Dendrite model file (empty)");
        }
        int n = (int) Math.min(magic.length, size);
        byte[] head = new byte[n];
        readFully(head, n);
        if (!Arrays.equals(head, Arrays.copyOf(magic, n))) {
            throw fail("not a Dendrite model file (bad magic)");
        }
        if (n < magic.length) {
            throw fail("truncated (" + size + " bytes; the smallest model file has " + ModelFile.MIN_FILE_BYTES + ")");
        }
    }

    private Map<String, Object> spec() throws IOException {
        long length = u32();
        if (length > ModelFile.MAX_SPEC_BYTES) {
            throw fail("spec length " + length + " exceeds the limit " + ModelFile.MAX_SPEC_BYTES);
        }
        need(length, "spec");
        byte[] bytes = new byte[(int) length];
        readFully(bytes, bytes.length);
        String text = utf8(bytes, "spec");
        Object value;
        try {
            value = Json.parse(text, Json.MAX_DEPTH, ModelFile.MAX_SPEC_BYTES);
        } catch (IllegalArgumentException e) {
            throw fail("spec is not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!(value instanceof Map)) {
            throw fail("spec must be a JSON object, found " + Json.describe(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) value;
        return spec;
    }

    private String name(int index) throws IOException {
        need(2, "name length of tensor " + index);
        int length = u16();
        if (length == 0) {
            throw fail("tensor " + index + " has an empty name");
        }
        need(length, "name of tensor " + index);
        byte[] bytes = new byte[length];
        readFully(bytes, length);
        return utf8(bytes, "name of tensor " + index);
    }

    private Tensor tensor(String name) throws IOException {
        String what = "tensor '" + name + "'";
        need(1, "rank of " + what);
        int rank = u8();
        if (rank > ModelFile.MAX_RANK) {
            throw fail(what + " has rank " + rank + ", more than the limit " + ModelFile.MAX_RANK);
        }
        need(4L * rank, "shape of " + what);
        int[] dims = new int[rank];
        long elements = 1;
        for (int axis = 0; axis < rank; axis++) {
            long d = u32();
            if (d < 1 || d > Integer.MAX_VALUE) {
                throw fail(what + " has dimension " + d + " at axis " + axis + " (each must be 1 to "
                        + Integer.MAX_VALUE + ")");
            }
            // Divide instead of multiplying so the check itself cannot overflow.
            if (elements > ModelFile.MAX_ELEMENTS / d) {
                throw fail(what + " has more than " + ModelFile.MAX_ELEMENTS + " elements (dimension " + d
                        + " at axis " + axis + ")");
            }
            dims[axis] = (int) d;
            elements *= d;
        }
        need(elements * Float.BYTES, what);
        float[] values = new float[(int) elements];
        readFloats(values);
        return Tensor.wrap(values, Shape.of(dims));
    }

    private void trailer() throws IOException {
        if (size - pos < ModelFile.TRAILER_BYTES) {
            throw fail("truncated (the checksum and end marker need " + ModelFile.TRAILER_BYTES + " bytes, "
                    + (size - pos) + " left)");
        }
        long expected = crc.getValue();
        if (u32() != expected) {
            throw fail("checksum mismatch (file is corrupted)");
        }
        byte[] end = new byte[ModelFile.END_MARKER.length];
        readFully(end, end.length);
        if (!Arrays.equals(end, ModelFile.END_MARKER)) {
            throw fail("bad end marker (file is corrupted)");
        }
        if (pos < size) {
            throw fail("trailing data after the end marker (" + (size - pos) + " bytes)");
        }
        if (in.read() >= 0) {
            throw fail("trailing data after the end marker (the stream is longer than " + size + " bytes)");
        }
    }

    /** Bytes left before the 8-byte trailer; what the next field may use. */
    private long left() {
        return Math.max(0, size - pos - ModelFile.TRAILER_BYTES);
    }

    private void need(long bytes, String what) {
        long left = left();
        if (bytes > left) {
            throw fail("truncated (" + what + " needs " + bytes + " bytes, " + left + " left)");
        }
    }

    private String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail(what + " is not valid UTF-8", e);
        }
    }

    private int u8() throws IOException {
        readFully(buf, 1);
        return buf[0] & 0xFF;
    }

    private int u16() throws IOException {
        readFully(buf, 2);
        return (buf[0] & 0xFF) | (buf[1] & 0xFF) << 8;
    }

    private long u32() throws IOException {
        readFully(buf, 4);
        return ByteBuffer.wrap(buf, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL;
    }

    private void readFloats(float[] values) throws IOException {
        int perChunk = buf.length / Float.BYTES;
        for (int from = 0; from < values.length; from += perChunk) {
            int n = Math.min(perChunk, values.length - from);
            readFully(buf, n * Float.BYTES);
            ByteBuffer.wrap(buf, 0, n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                    .get(values, from, n);
        }
    }

    /** Reads exactly n bytes into b, feeding the running checksum; a short stream is truncation. */
    private void readFully(byte[] b, int n) throws IOException {
        if (pos + n > size) {
            // need() reserves the trailer, so only a forged size can get here.
            throw fail("truncated (" + (size - pos) + " bytes left, " + n + " needed)");
        }
        int done = 0;
        while (done < n) {
            int r = in.read(b, done, n - done);
            if (r < 0) {
                throw fail("truncated (the stream ended after " + (pos + done) + " of " + size + " bytes)");
            }
            done += r;
        }
        crc.update(b, 0, n);
        pos += n;
    }

    private ModelFileException fail(String problem) {
        return new ModelFileException(source, problem);
    }

    private ModelFileException fail(String problem, Throwable cause) {
        return new ModelFileException(source, problem, cause);
    }
}
