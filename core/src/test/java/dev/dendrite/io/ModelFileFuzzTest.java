package dev.dendrite.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dendrite.fuzz.FuzzOracle;
import dev.dendrite.tensor.Tensor;

import java.io.ByteArrayInputStream;
import java.util.Map;

/**
 * Fuzzes the model-file container, {@link ModelFile#readFrom}: any bytes must
 * give {@link ModelFile.Contents} that hold together, or a
 * {@link ModelFileException} with a one-line message naming the source. The
 * input is the file itself, checksum included, so most mutants fail the
 * checksum; the parsing before it is what this target exercises (the model
 * target, {@code dev.dendrite.model.ModelLoadFuzzTest}, repairs the checksum).
 * Seeds: {@code ModelFileFuzzTestInputs/readFrom/}, real files.
 */
class ModelFileFuzzTest {
    static final String SOURCE = "fuzz.dnd";

    @FuzzTest(maxDuration = "10s")
    void readFrom(byte[] data) {
        ModelFile.Contents c;
        try {
            c = ModelFile.readFrom(new ByteArrayInputStream(data), SOURCE, data.length);
        } catch (ModelFileException e) {
            FuzzOracle.documented(e, SOURCE);
            FuzzOracle.check(e.source().equals(SOURCE), "source() is " + e.source());
            return;
        }
        checkContents(c);
    }

    /** What every successfully read container must satisfy. */
    static void checkContents(ModelFile.Contents c) {
        FuzzOracle.check(c.version() >= 1 && c.version() <= ModelFile.VERSION, "version " + c.version());
        FuzzOracle.check(c.spec() != null, "null spec");
        FuzzOracle.check(c.tensors().size() <= ModelFile.MAX_TENSORS, "too many tensors");
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            FuzzOracle.check(!e.getKey().isEmpty(), "empty tensor name");
            Tensor t = e.getValue();
            FuzzOracle.check(t.rank() <= ModelFile.MAX_RANK, "rank " + t.rank());
            FuzzOracle.check(t.toArray().length == t.size(), "size does not match the shape");
        }
        // What was read must be writable again (the spec is JSON, the names and shapes legal).
        Json.write(c.spec());
    }
}
