package dev.dendrite.io;

import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Save-then-load is bit-exact, and writes are atomic. Hostile input is in {@link ModelFileHostileInputTest}. */
class ModelFileTest {

    @TempDir
    Path dir;

    static byte[] bytesOf(Map<String, ?> spec, Map<String, Tensor> tensors) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelFileWriter.write(out, spec, tensors);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    static ModelFile.Contents readBytes(byte[] bytes) {
        return ModelFile.readFrom(new ByteArrayInputStream(bytes), "model.dnd", bytes.length);
    }

    static void assertBitExact(Tensor actual, Tensor expected) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        float[] a = actual.toArray();
        float[] e = expected.toArray();
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(e[i])) {
                throw new AssertionError("element " + i + ": " + a[i] + " != " + e[i]);
            }
        }
    }

    @Test
    void roundTripIsBitExactForSpecialValuesAndShapes() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("special", Tensor.vector(-0.0f, 0.0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
                Float.MAX_VALUE, -Float.MAX_VALUE, 1e-40f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f / 3));
        tensors.put("scalar", Tensor.scalar(42.5f));
        tensors.put("rank8", Tensor.arange(2 * 1 * 3 * 1 * 2 * 1 * 1 * 2).reshape(2, 1, 3, 1, 2, 1, 1, 2));
        tensors.put("ünïcode.名前", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        // A transposed view is not contiguous: the writer must store it in row-major order.
        tensors.put("view", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).transpose());
        Map<String, Object> spec = Map.of("kind", "test");
        Path file = dir.resolve("model.dnd");
        ModelFile.write(file, spec, tensors);
        ModelFile.Contents back = ModelFile.read(file);
        assertThat(back.version()).isEqualTo(ModelFile.VERSION);
        assertThat(back.tensors().keySet()).containsExactlyElementsOf(tensors.keySet());
        tensors.forEach((name, t) -> assertBitExact(back.tensors().get(name), t));
        assertThat(back.tensors().get("view").toArray()).containsExactly(1, 4, 2, 5, 3, 6);
    }

    @Test
    void roundTripOfALargeRandomTensorIsBitExact() {
        // Random bit patterns (NaNs excluded) over more than one 64 KiB I/O chunk.
        Rng rng = new Rng(11);
        float[] values = new float[1_000_003];
        for (int i = 0; i < values.length; i++) {
            float f;
            do {
                f = Float.intBitsToFloat((int) rng.nextLong());
            } while (Float.isNaN(f));
            values[i] = f;
        }
        Tensor big = Tensor.wrap(values, Shape.of(1_000_003));
        Path file = dir.resolve("big.dnd");
        ModelFile.write(file, Map.of(), Map.of("big", big));
        assertBitExact(ModelFile.read(file).tensors().get("big"), big);
    }

    @Test
    void specRoundTripKeepsTypesAndOrder() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("z", 1L);
        spec.put("a", List.of(Map.of("type", "dense", "units", 128L), Map.of("type", "relu")));
        spec.put("mean", List.of(0.1307, -0.0, 1e-300, 6.02214076e23));
        spec.put("classes", List.of("zero", "one", "tab\there", "quote\"", "√"));
        spec.put("none", null);
        spec.put("flag", true);
        ModelFile.Contents back = readBytes(bytesOf(spec, Map.of()));
        assertThat(back.spec()).containsExactlyEntriesOf(spec);
        assertThat(back.tensors()).isEmpty();
        assertThat(Double.doubleToRawLongBits((Double) ((List<?>) back.spec().get("mean")).get(1)))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void contentsAreUnmodifiable() {
        ModelFile.Contents back = readBytes(bytesOf(Map.of("a", 1), Map.of("w", Tensor.scalar(1))));
        assertThatThrownBy(() -> back.tensors().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> back.spec().put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void writeRefusesWhatTheFormatCannotHold() {
        Path file = dir.resolve("m.dnd");
        assertThatThrownBy(() -> ModelFile.write(file, Map.of(), Map.of("", Tensor.scalar(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ModelFile.write(file, Map.of(), Map.of("e", Tensor.zeros(0, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 3]");
        assertThatThrownBy(() -> ModelFile.write(file, Map.of(), Map.of("r", Tensor.zeros(1, 1, 1, 1, 1, 1, 1, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank 9");
        assertThatThrownBy(() -> ModelFile.write(file, Map.of("x", Double.NaN), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> ModelFile.write(file, Map.of(), Map.of("bad\uD800", Tensor.scalar(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
        assertThat(file).doesNotExist();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void successfulWriteReplacesTheOldFileAndLeavesNoTempFile() throws IOException {
        Path file = dir.resolve("model.dnd");
        ModelFile.write(file, Map.of("n", 1), Map.of("w", Tensor.scalar(1)));
        ModelFile.write(file, Map.of("n", 2), Map.of("w", Tensor.scalar(2)));
        assertThat(ModelFile.read(file).spec()).containsEntry("n", 2L);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.dnd");
        }
    }

    @Test
    void failureMidwayLeavesTheOldFileIntactAndNoTempFile() throws IOException {
        Path file = dir.resolve("model.dnd");
        ModelFile.write(file, Map.of("n", 1), Map.of("w", Tensor.vector(1, 2, 3)));
        byte[] before = Files.readAllBytes(file);
        // A large first tensor so the temp file has real content when the failure strikes.
        Map<String, Tensor> failing = new ThrowingMap(Tensor.zeros(300_000), 2);
        assertThatThrownBy(() -> ModelFile.write(file, Map.of("n", 2), failing))
                .isInstanceOf(IllegalStateException.class).hasMessage("simulated crash");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.dnd");
        }
    }

    @Test
    void ioFailuresAreModelFileExceptionsNamingTheFile() {
        Path missing = dir.resolve("no/such/dir/model.dnd");
        assertThatThrownBy(() -> ModelFile.write(missing, Map.of(), Map.of()))
                .isInstanceOf(ModelFileException.class).hasMessageStartingWith(missing + ": cannot write (");
        assertThatThrownBy(() -> ModelFile.read(missing))
                .isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(missing + ": cannot read (no such file");
        assertThatThrownBy(() -> ModelFile.read(dir))
                .isInstanceOf(ModelFileException.class).hasMessageStartingWith(dir + ": ");
    }

    /** A map that yields {@code okEntries} copies of a tensor, then throws, as a crash mid-write would. */
    private static final class ThrowingMap extends AbstractMap<String, Tensor> {
        private final Tensor tensor;
        private final int okEntries;

        ThrowingMap(Tensor tensor, int okEntries) {
            this.tensor = tensor;
            this.okEntries = okEntries;
        }

        @Override
        public int size() {
            return okEntries + 1;
        }

        @Override
        public Set<Entry<String, Tensor>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public int size() {
                    return okEntries + 1;
                }

                @Override
                public Iterator<Entry<String, Tensor>> iterator() {
                    return new Iterator<>() {
                        int i;

                        @Override
                        public boolean hasNext() {
                            return true;
                        }

                        @Override
                        public Entry<String, Tensor> next() {
                            if (i == okEntries) {
                                throw new IllegalStateException("simulated crash");
                            }
                            return Map.entry("t" + i++, tensor);
                        }
                    };
                }
            };
        }
    }
}
