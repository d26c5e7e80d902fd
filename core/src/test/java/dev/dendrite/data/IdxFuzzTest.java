package dev.dendrite.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dendrite.fuzz.FuzzOracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzzes {@link IdxReader}: images, labels, and an images-plus-labels pair read
 * as a dataset. The readers take paths only, so each input is written to a
 * temporary file (rewritten per input). Any bytes must give images, labels or
 * a dataset that hold together, or a {@link DataException} with a one-line
 * message naming the file. Input layout: byte 0 picks the entry point (low 2
 * bits) and the class count (high nibble + 1); for a pair, byte 1 is where the
 * rest splits into the images file and the labels file, in steps of 4 bytes.
 * Seeds: {@code IdxFuzzTestInputs/read/}.
 */
class IdxFuzzTest {
    private static final Path DIR;
    private static final Path IMAGES;
    private static final Path LABELS;

    static {
        try {
            DIR = Files.createTempDirectory("dendrite-idx-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DIR.toFile().deleteOnExit();
        IMAGES = DIR.resolve("images-idx3-ubyte");
        LABELS = DIR.resolve("labels-idx1-ubyte");
        IMAGES.toFile().deleteOnExit();
        LABELS.toFile().deleteOnExit();
    }

    @FuzzTest(maxDuration = "10s")
    void read(byte[] data) throws IOException {
        if (data.length < 2) {
            return;
        }
        int mode = data[0] & 3;
        int classes = ((data[0] & 0xff) >> 4) + 1;
        byte[] rest = Arrays.copyOfRange(data, 2, data.length);
        try {
            switch (mode) {
                case 0, 3 -> {
                    Files.write(IMAGES, rest);
                    checkImages(IdxReader.readImages(IMAGES));
                }
                case 1 -> {
                    Files.write(LABELS, rest);
                    for (int y : IdxReader.readLabels(LABELS)) {
                        FuzzOracle.check(y >= 0 && y <= 255, "label " + y);
                    }
                }
                default -> {
                    int split = Math.min(rest.length, (data[1] & 0xff) * 4);
                    Files.write(IMAGES, Arrays.copyOf(rest, split));
                    Files.write(LABELS, Arrays.copyOfRange(rest, split, rest.length));
                    checkDataset(IdxReader.read(IMAGES, LABELS, Dataset.numberedNames("c", classes)), classes);
                }
            }
        } catch (DataException e) {
            String m = e.getMessage();
            FuzzOracle.documented(e, m != null && m.contains(LABELS.getFileName().toString())
                    ? LABELS.getFileName().toString() : IMAGES.getFileName().toString());
        }
    }

    private static void checkImages(IdxReader.Images images) {
        FuzzOracle.check(images.pixels().rank() == 2 && images.pixels().dim(1) == images.rows() * images.columns(),
                "pixels " + images.pixels().shape() + " for " + images.rows() + "x" + images.columns());
        for (float v : images.pixels().toArray()) {
            FuzzOracle.check(v >= 0 && v <= 255, "pixel " + v);
        }
    }

    private static void checkDataset(Dataset d, int classes) {
        FuzzOracle.check(d.isClassification() && d.classCount() == classes, "classes");
        FuzzOracle.check(d.labels().length == d.size() && d.features().dim(0) == d.size(), "sizes");
        for (int y : d.labels()) {
            FuzzOracle.check(y >= 0 && y < classes, "label " + y);
        }
    }
}
