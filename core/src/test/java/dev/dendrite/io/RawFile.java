package dev.dendrite.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Builds model files byte by byte, for forging headers that {@link ModelFile#write}
 * would refuse to produce. {@link #finish()} appends a correct checksum and end
 * marker, so tests reach the structural check they aim at rather than the CRC.
 */
final class RawFile {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Magic, the given version, flags 0, and the spec. */
    static RawFile header(int version, String specJson) {
        RawFile f = new RawFile();
        f.bytes(ModelFile.MAGIC).u32(version).u32(0);
        byte[] spec = specJson.getBytes(StandardCharsets.UTF_8);
        return f.u32(spec.length).bytes(spec);
    }

    static RawFile header() {
        return header(1, "{}");
    }

    RawFile u8(int v) {
        out.write(v);
        return this;
    }

    RawFile u16(int v) {
        out.write(v);
        out.write(v >>> 8);
        return this;
    }

    RawFile u32(long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    RawFile bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    RawFile name(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return u16(b.length).bytes(b);
    }

    RawFile floats(float... values) {
        for (float v : values) {
            u32(Float.floatToRawIntBits(v) & 0xFFFF_FFFFL);
        }
        return this;
    }

    /** The bytes so far plus a valid CRC32C and the end marker. */
    byte[] finish() {
        CRC32C crc = new CRC32C();
        byte[] body = out.toByteArray();
        crc.update(body);
        RawFile done = new RawFile().bytes(body).u32(crc.getValue()).bytes(ModelFile.END_MARKER);
        return done.out.toByteArray();
    }

    /** The bytes so far, without a trailer. */
    byte[] raw() {
        return out.toByteArray();
    }
}
