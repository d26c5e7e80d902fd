package dev.dendrite.io;

import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Serialises a spec and tensors in format version 1, in one pass so a large model
 * is never copied into a byte array. It validates as it goes against the same
 * limits {@link ModelFileReader} enforces, so every file written can be read back.
 */
final class ModelFileWriter {
    private final OutputStream out;
    private final CRC32C crc = new CRC32C();
    private final byte[] buf = new byte[1 << 16];

    private ModelFileWriter(OutputStream out) {
        this.out = out;
    }

    static void write(OutputStream out, Map<String, ?> spec, Map<String, Tensor> tensors) throws IOException {
        if (spec == null || tensors == null) {
            throw new IllegalArgumentException("ModelFile.write: spec and tensors must not be null");
        }
        // Json.write refuses unpaired surrogates, so plain getBytes is a faithful encoding.
        byte[] specBytes = Json.write(spec).getBytes(StandardCharsets.UTF_8);
        if (specBytes.length > ModelFile.MAX_SPEC_BYTES) {
            throw new IllegalArgumentException("ModelFile.write: spec is " + specBytes.length
                    + " bytes, more than the limit " + ModelFile.MAX_SPEC_BYTES);
        }
        int count = tensors.size();
        if (count > ModelFile.MAX_TENSORS) {
            throw new IllegalArgumentException("ModelFile.write: " + count + " tensors, more than the limit "
                    + ModelFile.MAX_TENSORS);
        }
        ModelFileWriter w = new ModelFileWriter(out);
        w.bytes(ModelFile.MAGIC);
        w.u32(ModelFile.VERSION);
        w.u32(0); // flags: none defined in version 1
        w.u32(specBytes.length);
        w.bytes(specBytes);
        w.u32(count);
        int written = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            w.tensor(e.getKey(), e.getValue());
            written++;
        }
        if (written != count) {
            throw new IllegalArgumentException("ModelFile.write: the tensor map reported " + count
                    + " entries but iterated " + written + " (was it changed while writing?)");
        }
        int checksum = (int) w.crc.getValue();
        w.u32(checksum);
        out.write(ModelFile.END_MARKER);
    }

    private void tensor(String name, Tensor t) throws IOException {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("ModelFile.write: tensor names must not be empty");
        }
        if (t == null) {
            throw new IllegalArgumentException("ModelFile.write: tensor '" + name + "' is null");
        }
        byte[] nameBytes = utf8(name);
        if (nameBytes.length > ModelFile.MAX_NAME_BYTES) {
            throw new IllegalArgumentException("ModelFile.write: tensor name of " + nameBytes.length
                    + " bytes is longer than the limit " + ModelFile.MAX_NAME_BYTES);
        }
        int[] dims = t.shape().dims();
        if (dims.length > ModelFile.MAX_RANK) {
            throw new IllegalArgumentException("ModelFile.write: tensor '" + name + "' has rank " + dims.length
                    + ", more than the limit " + ModelFile.MAX_RANK);
        }
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("ModelFile.write: tensor '" + name + "' has shape " + t.shape()
                        + "; every dimension must be at least 1");
            }
        }
        if (t.size() > ModelFile.MAX_ELEMENTS) {
            throw new IllegalArgumentException("ModelFile.write: tensor '" + name + "' has " + t.size()
                    + " elements, more than the limit " + ModelFile.MAX_ELEMENTS);
        }
        u16(nameBytes.length);
        bytes(nameBytes);
        u8(dims.length);
        for (int d : dims) {
            u32(d);
        }
        floats(t.buffer());
    }

    /** Strict UTF-8: an unpaired surrogate would otherwise become '?' silently. */
    private static byte[] utf8(String s) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("ModelFile.write: tensor name '" + s
                    + "' is not valid Unicode (unpaired surrogate)", e);
        }
    }

    private void floats(float[] values) throws IOException {
        int perChunk = buf.length / Float.BYTES;
        ByteBuffer bytes = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < values.length; from += perChunk) {
            int n = Math.min(perChunk, values.length - from);
            bytes.clear();
            bytes.asFloatBuffer().put(values, from, n);
            write(buf, n * Float.BYTES);
        }
    }

    private void u8(int v) throws IOException {
        buf[0] = (byte) v;
        write(buf, 1);
    }

    private void u16(int v) throws IOException {
        buf[0] = (byte) v;
        buf[1] = (byte) (v >>> 8);
        write(buf, 2);
    }

    private void u32(int v) throws IOException {
        buf[0] = (byte) v;
        buf[1] = (byte) (v >>> 8);
        buf[2] = (byte) (v >>> 16);
        buf[3] = (byte) (v >>> 24);
        write(buf, 4);
    }

    private void bytes(byte[] b) throws IOException {
        write(b, b.length);
    }

    private void write(byte[] b, int n) throws IOException {
        crc.update(b, 0, n);
        out.write(b, 0, n);
    }
}
