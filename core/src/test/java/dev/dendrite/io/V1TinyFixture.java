package dev.dendrite.io;

import dev.dendrite.tensor.Tensor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contents of {@code src/test/resources/io/v1-tiny.dnd} and the program that
 * wrote it. The file is committed and must never be regenerated once released:
 * {@link V1FixtureTest} checks that today's reader still loads it with exactly
 * these contents. Run from the repository root after {@code mvn -pl core test-compile}:
 * {@code java -cp core/target/classes:core/target/test-classes dev.dendrite.io.V1TinyFixture core/src/test/resources/io/v1-tiny.dnd}
 */
final class V1TinyFixture {

    private V1TinyFixture() {
    }

    static Map<String, Object> spec() {
        Map<String, Object> dense = new LinkedHashMap<>();
        dense.put("type", "dense");
        dense.put("in", 2L);
        dense.put("out", 3L);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("format", "dendrite-test");
        spec.put("layers", List.of(dense));
        spec.put("mean", List.of(0.5, -0.0, 1.0E-7));
        spec.put("classes", List.of("a", "ünïcode ✓"));
        return spec;
    }

    static Map<String, Tensor> tensors() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("0.weight", Tensor.of(new float[] {0.5f, -1.25f, 3f, -0.0f, Float.MIN_VALUE, 1e30f}, 3, 2));
        t.put("0.bias", Tensor.vector(0.1f, -0.2f, 0.3f));
        t.put("step", Tensor.scalar(42f));
        return t;
    }

    public static void main(String[] args) {
        ModelFile.write(Path.of(args[0]), spec(), tensors());
    }
}
