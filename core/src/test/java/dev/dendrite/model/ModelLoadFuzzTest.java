package dev.dendrite.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dendrite.fuzz.FuzzOracle;
import dev.dendrite.io.ModelFile;
import dev.dendrite.io.ModelFileException;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Fuzzes a full model load, {@link ModelFile#readFrom} then
 * {@link ModelCodec#fromContents} (what {@link Model#load} does): any bytes
 * must give a model that predicts, or a {@link ModelFileException} with a
 * one-line message naming the source that does not wrap a programming error.
 * The fuzzed bytes are a model file without its 8-byte trailer; the test
 * appends a correct CRC32C and the end marker, so that mutants get past the
 * checksum and reach the spec and tensor checks. Seeds:
 * {@code ModelLoadFuzzTestInputs/load/}, real saved models minus their trailer
 * (made by {@link FuzzSeedWriter}).
 */
class ModelLoadFuzzTest {
    static final String SOURCE = "fuzz-model.dnd";
    private static final byte[] END = {'D', 'E', 'N', 'D'};

    @FuzzTest(maxDuration = "10s")
    void load(byte[] body) {
        byte[] file = withTrailer(body);
        Model m;
        try {
            m = ModelCodec.fromContents(ModelFile.readFrom(new ByteArrayInputStream(file), SOURCE, file.length),
                    SOURCE);
        } catch (ModelFileException e) {
            FuzzOracle.documented(e, SOURCE);
            return;
        }
        // A model that loads must be usable: predict one row of zeros.
        float[] out = m.predict(new float[m.featureCount()]);
        FuzzOracle.check(out.length > 0, "empty prediction");
        if (m.isClassification()) {
            FuzzOracle.check(out.length == m.classNames().size(), "prediction has " + out.length
                    + " values for " + m.classNames().size() + " classes");
        }
    }

    /** {@code body} followed by its CRC32C (little-endian) and the end marker: a file whose checksum holds. */
    static byte[] withTrailer(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        int v = (int) crc.getValue();
        byte[] file = Arrays.copyOf(body, body.length + 8);
        for (int i = 0; i < 4; i++) {
            file[body.length + i] = (byte) (v >>> (8 * i));
        }
        System.arraycopy(END, 0, file, body.length + 4, 4);
        return file;
    }
}
