package dev.dendrite.io;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file written by format version 1 keeps loading with the same contents. If
 * this fails after a change, the change broke old model files: fix the reader,
 * never the fixture.
 */
class V1FixtureTest {
    private static final String RESOURCE = "/io/v1-tiny.dnd";

    private static byte[] fixtureBytes() throws IOException {
        try (InputStream in = V1FixtureTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void v1TinyLoadsWithKnownContents() throws IOException {
        byte[] bytes = fixtureBytes();
        ModelFile.Contents c;
        try (InputStream in = V1FixtureTest.class.getResourceAsStream(RESOURCE)) {
            c = ModelFile.readFrom(in, "v1-tiny.dnd", bytes.length);
        }
        assertThat(c.version()).isEqualTo(1);
        assertThat(c.spec()).containsExactlyEntriesOf(V1TinyFixture.spec());
        Map<String, Tensor> expected = V1TinyFixture.tensors();
        assertThat(c.tensors().keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, t) -> ModelFileTest.assertBitExact(c.tensors().get(name), t));
        assertThat(c.tensors().get("0.weight").get(2, 1)).isEqualTo(1e30f);
    }

    @Test
    void theWriterStillProducesTheSameBytes() throws IOException {
        // Not a compatibility requirement, but an unintended change to the writer's
        // output shows up here first.
        assertThat(ModelFileTest.bytesOf(V1TinyFixture.spec(), V1TinyFixture.tensors())).isEqualTo(fixtureBytes());
    }
}
