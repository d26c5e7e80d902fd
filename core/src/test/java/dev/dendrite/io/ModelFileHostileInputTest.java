package dev.dendrite.io;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.dendrite.io.ModelFileTest.bytesOf;
import static dev.dendrite.io.ModelFileTest.readBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

/**
 * Malformed, truncated, corrupted and forged files: each must fail with a
 * {@link ModelFileException} whose message names the file and the problem, and
 * never with another exception type, an allocation the file cannot back, or a
 * partial result.
 */
class ModelFileHostileInputTest {

    @TempDir
    Path dir;

    private static byte[] small() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("0.weight", Tensor.of(new float[] {1, -2, 3.5f, -0.0f, 5, 6}, 2, 3));
        tensors.put("0.bias", Tensor.vector(0.25f, -0.5f));
        tensors.put("s", Tensor.scalar(7));
        return bytesOf(Map.of("layers", java.util.List.of("dense")), tensors);
    }

    private static void assertRejected(byte[] bytes, String message) {
        assertThatThrownBy(() -> readBytes(bytes)).isInstanceOf(ModelFileException.class).hasMessage(message);
    }

    @Test
    void truncationAtEveryOffsetIsACleanError() {
        byte[] full = small();
        assertThat(readBytes(full).tensors()).hasSize(3);
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            assertThatThrownBy(() -> readBytes(cut)).as("cut at %d", n)
                    .isExactlyInstanceOf(ModelFileException.class).hasMessageStartingWith("model.dnd: ")
                    .hasNoSuppressedExceptions();
            // A stream that ends before the size it promised is truncation too.
            assertThatThrownBy(() -> ModelFile.readFrom(new ByteArrayInputStream(cut), "s.dnd", full.length))
                    .as("stream cut at %d", n).isExactlyInstanceOf(ModelFileException.class);
        }
    }

    @Test
    void flippingAnyByteIsRejected() {
        byte[] full = small();
        for (int i = 0; i < full.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] bad = full.clone();
                bad[i] ^= (byte) mask;
                assertThatThrownBy(() -> readBytes(bad)).as("byte %d ^ 0x%02x", i, mask)
                        .isExactlyInstanceOf(ModelFileException.class);
            }
        }
    }

    @Test
    void randomMutationsAreAlwaysACleanError() {
        // Seeded fuzzing: overwrite, insert and delete runs of random bytes.
        byte[] full = small();
        dev.dendrite.tensor.Rng rng = new dev.dendrite.tensor.Rng(2024);
        for (int round = 0; round < 5_000; round++) {
            byte[] b = full.clone();
            int edits = 1 + rng.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = rng.nextInt(b.length);
                switch (rng.nextInt(3)) {
                    case 0 -> b[at] = (byte) rng.nextLong();
                    case 1 -> {
                        byte[] longer = new byte[b.length + 1 + rng.nextInt(8)];
                        System.arraycopy(b, 0, longer, 0, at);
                        System.arraycopy(b, at, longer, longer.length - (b.length - at), b.length - at);
                        for (int i = at; i < longer.length - (b.length - at); i++) {
                            longer[i] = (byte) rng.nextLong();
                        }
                        b = longer;
                    }
                    default -> {
                        int n = Math.min(1 + rng.nextInt(8), b.length - at);
                        byte[] shorter = new byte[b.length - n];
                        System.arraycopy(b, 0, shorter, 0, at);
                        System.arraycopy(b, at + n, shorter, at, b.length - at - n);
                        b = shorter;
                    }
                }
            }
            if (Arrays.equals(b, full)) {
                continue;
            }
            byte[] mutated = b;
            assertThatThrownBy(() -> readBytes(mutated)).as("round %d", round)
                    .isExactlyInstanceOf(ModelFileException.class);
        }
    }

    @Test
    void corruptedDataFailsTheChecksum() {
        byte[] bad = small();
        bad[bad.length - 12] ^= 0x10; // inside the last tensor's float
        assertRejected(bad, "model.dnd: checksum mismatch (file is corrupted)");
    }

    @Test
    void truncatedTensorNamesBytesNeededAndLeft() {
        byte[] forged = RawFile.header().u32(1).name("0.weight").u8(2).u32(784).u32(128).floats(1, 2, 3).finish();
        assertRejected(forged, "model.dnd: truncated (tensor '0.weight' needs 401408 bytes, 12 left)");
    }

    @Test
    void hugeClaimsFailFastWithoutAllocating() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        assertTimeout(Duration.ofSeconds(2), () -> {
            // 65536 x 32768 = 2^31 elements: more than any float[] holds.
            assertRejected(RawFile.header().u32(1).name("w").u8(2).u32(65536).u32(32768).finish(),
                    "model.dnd: tensor 'w' has more than 2147483639 elements (dimension 32768 at axis 1)");
            // 2^29 elements (2 GiB) fits in an array but not in this file.
            assertRejected(RawFile.header().u32(1).name("w").u8(2).u32(1 << 15).u32(1 << 14).finish(),
                    "model.dnd: truncated (tensor 'w' needs 2147483648 bytes, 0 left)");
            // Dimensions of 2^31-1 each, rank 8: the element count check must not overflow.
            RawFile r = RawFile.header().u32(1).name("w").u8(8);
            for (int i = 0; i < 8; i++) {
                r.u32(Integer.MAX_VALUE);
            }
            assertRejected(r.finish(),
                    "model.dnd: tensor 'w' has more than 2147483639 elements (dimension 2147483647 at axis 0)");
            assertRejected(RawFile.header().u32(0xFFFF_FFFFL).finish(),
                    "model.dnd: tensor count 4294967295 exceeds the limit 10000");
            assertRejected(RawFile.header().u32(10_000).finish(),
                    "model.dnd: truncated (10000 tensors need at least 80000 bytes, 0 left)");
            byte[] specTooBig = new RawFile().bytes(ModelFile.MAGIC).u32(1).u32(0).u32(0xFFFF_FFFFL)
                    .bytes(new byte[30]).finish();
            assertRejected(specTooBig, "model.dnd: spec length 4294967295 exceeds the limit 16777216");
            byte[] specTruncated = new RawFile().bytes(ModelFile.MAGIC).u32(1).u32(0).u32(1 << 24)
                    .bytes(new byte[30]).finish();
            assertRejected(specTruncated, "model.dnd: truncated (spec needs 16777216 bytes, 30 left)");
        });
        // Every claim above is at least 80 KB and most are gigabytes; the reader's own
        // buffers and the messages come to well under a megabyte.
        assertThat(threads.getCurrentThreadAllocatedBytes() - allocatedBefore).isLessThan(4 << 20);
    }

    @Test
    void structuralErrorsHaveTheDocumentedMessages() {
        assertRejected(RawFile.header().u32(1).name("w").u8(9).bytes(new byte[40]).finish(),
                "model.dnd: tensor 'w' has rank 9, more than the limit 8");
        assertRejected(RawFile.header().u32(1).name("w").u8(2).u32(3).u32(0).finish(),
                "model.dnd: tensor 'w' has dimension 0 at axis 1 (each must be 1 to 2147483647)");
        assertRejected(RawFile.header().u32(1).name("w").u8(1).u32(0x8000_0000L).finish(),
                "model.dnd: tensor 'w' has dimension 2147483648 at axis 0 (each must be 1 to 2147483647)");
        assertRejected(RawFile.header().u32(2).name("w").u8(0).floats(1).name("w").u8(0).floats(2).finish(),
                "model.dnd: duplicate tensor name 'w'");
        assertRejected(RawFile.header().u32(1).u16(0).u8(0).floats(1, 2).finish(),
                "model.dnd: tensor 0 has an empty name");
        assertRejected(RawFile.header().u32(1).u16(2).bytes(new byte[] {(byte) 0xC3, 0x28}).u8(0).floats(1).finish(),
                "model.dnd: name of tensor 0 is not valid UTF-8");
        assertRejected(RawFile.header(1, "[1, 2]").u32(0).finish(),
                "model.dnd: spec must be a JSON object, found an array");
        assertRejected(RawFile.header(1, "{\"a\": }").u32(0).finish(),
                "model.dnd: spec is not valid JSON (invalid JSON at offset 6: unexpected '}', expected a value)");
        assertRejected(new RawFile().bytes(ModelFile.MAGIC).u32(1).u32(4).u32(2).bytes("{}".getBytes()).u32(0).finish(),
                "model.dnd: unknown flags 0x00000004 for format version 1");
    }

    @Test
    void newerAndInvalidVersionsAreRejected() {
        assertRejected(RawFile.header(7, "{}").u32(0).finish(),
                "model.dnd: format version 7 is newer than this Dendrite supports (1)");
        assertRejected(RawFile.header(0, "{}").u32(0).finish(), "model.dnd: format version 0 is not valid");
    }

    @Test
    void foreignFilesAreNotModelFiles() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertRejected(png, "model.dnd: not a Dendrite model file (bad magic)");
        assertRejected("{\"layers\": []}\n".getBytes(StandardCharsets.UTF_8),
                "model.dnd: not a Dendrite model file (bad magic)");
        assertRejected("hi".getBytes(StandardCharsets.UTF_8), "model.dnd: not a Dendrite model file (bad magic)");
        assertRejected(new byte[0], "model.dnd: not a Dendrite model file (empty)");
        // The classic text-mode corruption: CR LF turned into LF shifts everything after byte 4.
        byte[] full = small();
        byte[] textMode = new byte[full.length - 1];
        System.arraycopy(full, 0, textMode, 0, 4);
        System.arraycopy(full, 5, textMode, 4, full.length - 5);
        assertRejected(textMode, "model.dnd: not a Dendrite model file (bad magic)");
    }

    @Test
    void trailingDataIsRejected() {
        byte[] full = small();
        byte[] longer = Arrays.copyOf(full, full.length + 3);
        assertRejected(longer, "model.dnd: trailing data after the end marker (3 bytes)");
        ByteArrayInputStream stream = new ByteArrayInputStream(longer);
        assertThatThrownBy(() -> ModelFile.readFrom(stream, "s.dnd", full.length))
                .isInstanceOf(ModelFileException.class)
                .hasMessage("s.dnd: trailing data after the end marker (the stream is longer than "
                        + full.length + " bytes)");
        byte[] badEnd = full.clone();
        badEnd[badEnd.length - 1] = 'X';
        assertRejected(badEnd, "model.dnd: bad end marker (file is corrupted)");
    }

    @Test
    void readingAPathNamesThePathInTheMessage() throws IOException {
        Path file = dir.resolve("model.dnd");
        byte[] bad = small();
        bad[30] ^= 1;
        Files.write(file, bad);
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(file + ": ")
                .satisfies(e -> assertThat(((ModelFileException) e).source()).isEqualTo(file.toString()));
    }
}
