package dev.dendrite.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class IdxReaderTest {
    @TempDir
    Path dir;

    /** An IDX file: magic, dimensions, then the body bytes. */
    public static byte[] idx(int magic, int[] dims, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(body);
        return bytes.toByteArray();
    }

    /** Three 2x3 images whose pixels count up, including 255 to check unsigned conversion. */
    static byte[] images() throws IOException {
        byte[] body = new byte[3 * 2 * 3];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 15);
        }
        body[body.length - 1] = (byte) 255;
        return idx(IdxReader.IMAGES_MAGIC, new int[] {3, 2, 3}, body);
    }

    static byte[] labels() throws IOException {
        return idx(IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {7, 0, 9});
    }

    static Path write(Path file, byte[] bytes, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
        return file;
    }

    @Test
    void readsPlainAndGzippedPairs() throws IOException {
        for (boolean gz : new boolean[] {false, true}) {
            Path x = write(dir.resolve("img" + gz), images(), gz);
            Path y = write(dir.resolve("lab" + gz), labels(), gz);
            Dataset d = IdxReader.read(x, y, Datasets.DIGIT_CLASSES);
            assertThat(d.size()).isEqualTo(3);
            assertThat(d.featureCount()).isEqualTo(6);
            assertThat(d.featureNames()).startsWith("pixel0", "pixel1");
            assertThat(d.labels()).containsExactly(7, 0, 9);
            assertThat(d.classNames()).hasSize(10);
            assertThat(d.features().row(0)).containsExactly(0, 15, 30, 45, 60, 75);
            assertThat(d.features().get(2, 5)).isEqualTo(255f);

            IdxReader.Images images = IdxReader.readImages(x);
            assertThat(images.rows()).isEqualTo(2);
            assertThat(images.columns()).isEqualTo(3);
            assertThat(images.count()).isEqualTo(3);
            assertThat(IdxReader.readLabels(y)).containsExactly(7, 0, 9);
        }
    }

    @Test
    void wrongMagic() throws IOException {
        Path p = write(dir.resolve("train-images-idx3-ubyte"), idx(0x00000802, new int[] {1, 1, 1}, new byte[1]), false);
        assertThatThrownBy(() -> IdxReader.readImages(p)).isInstanceOf(DataException.class)
                .hasMessage(dir + "/train-images-idx3-ubyte: magic number 0x00000802, expected 0x00000803"
                        + " (unsigned-byte images with 3 dimensions)");
        Path swapped = write(dir.resolve("labels"), images(), false);
        assertThatThrownBy(() -> IdxReader.readLabels(swapped)).isInstanceOf(DataException.class)
                .hasMessageContaining("magic number 0x00000803 (an images file), expected 0x00000801");
    }

    @Test
    void shortHeaderAndBadDimensions() throws IOException {
        Path tiny = write(dir.resolve("tiny"), new byte[] {0, 0}, false);
        assertThatThrownBy(() -> IdxReader.readImages(tiny)).hasMessage(dir + "/tiny: 2 bytes, too short for an IDX header");
        Path cut = write(dir.resolve("cut"), Arrays.copyOf(images(), 10), false);
        assertThatThrownBy(() -> IdxReader.readImages(cut)).hasMessage(dir + "/cut: header ends inside dimension 1");
        Path zero = write(dir.resolve("zero"), idx(IdxReader.IMAGES_MAGIC, new int[] {3, 0, 3}, new byte[0]), false);
        assertThatThrownBy(() -> IdxReader.readImages(zero))
                .hasMessage(dir + "/zero: dimension 1 is 0, expected a positive size");
        Path negative = write(dir.resolve("neg"), idx(IdxReader.IMAGES_MAGIC, new int[] {-1, 2, 2}, new byte[0]), false);
        assertThatThrownBy(() -> IdxReader.readImages(negative))
                .hasMessage(dir + "/neg: dimension 0 is -1, expected a positive size");
    }

    @Test
    void hugeHeadersFailBeforeAllocating() throws IOException {
        Path wide = write(dir.resolve("wide"), idx(IdxReader.IMAGES_MAGIC, new int[] {1, 100_000, 2}, new byte[0]), false);
        assertThatThrownBy(() -> IdxReader.readImages(wide))
                .hasMessage(dir + "/wide: images of 100000x2, expected sides of at most 16384");
        // 2^31-1 images of 16x16 would need 2 TB; the check runs on the header alone
        Path many = write(dir.resolve("many"), idx(IdxReader.IMAGES_MAGIC, new int[] {Integer.MAX_VALUE, 16, 16},
                new byte[0]), false);
        assertThatThrownBy(() -> IdxReader.readImages(many))
                .hasMessage(dir + "/many: 2147483647 images of 16x16 exceed the largest array (2^31 - 8 values)");
        // a plausible header on a short body: fails on the body without allocating the promised size
        Path lies = write(dir.resolve("lies"), idx(IdxReader.IMAGES_MAGIC, new int[] {8_000_000, 16, 16},
                new byte[100]), false);
        assertThatThrownBy(() -> IdxReader.readImages(lies)).isInstanceOf(DataException.class)
                .hasMessage(dir + "/lies: truncated: header promises 8000000 images of 16x16 (2048000000 pixel bytes), found 100");
    }

    @Test
    void truncatedAndOverlongBodies() throws IOException {
        byte[] img = images();
        Path cut = write(dir.resolve("cut-images"), Arrays.copyOf(img, img.length - 4), false);
        assertThatThrownBy(() -> IdxReader.readImages(cut))
                .hasMessage(dir + "/cut-images: truncated: header promises 3 images of 2x3 (18 pixel bytes), found 14");
        Path labelsCut = write(dir.resolve("cut-labels"), Arrays.copyOf(labels(), 10), false);
        assertThatThrownBy(() -> IdxReader.readLabels(labelsCut))
                .hasMessage(dir + "/cut-labels: truncated: header promises 3 labels, found 2");
        Path longer = write(dir.resolve("long-labels"), Arrays.copyOf(labels(), 13), false);
        assertThatThrownBy(() -> IdxReader.readLabels(longer))
                .hasMessage(dir + "/long-labels: unexpected bytes after the last label (the header's count is too small)");
        // a plain file at least as long as its header says is read in chunks straight into floats
        Path longImages = write(dir.resolve("long-images"), Arrays.copyOf(img, img.length + 1), false);
        assertThatThrownBy(() -> IdxReader.readImages(longImages))
                .hasMessage(dir + "/long-images: unexpected bytes after the last image (the header's count is too small)");
        Path exact = write(dir.resolve("exact-images"), img, false);
        assertThat(IdxReader.readImages(exact).pixels().toArray())
                .containsExactly(IdxReader.readImages(write(dir.resolve("exact.gz"), img, true)).pixels().toArray());
    }

    @Test
    void truncatedGzip() throws IOException {
        Path full = write(dir.resolve("full.gz"), idx(IdxReader.IMAGES_MAGIC, new int[] {50, 28, 28},
                randomBytes(50 * 28 * 28)), true);
        byte[] bytes = Files.readAllBytes(full);
        Path cut = Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> IdxReader.readImages(cut))
                .isInstanceOf(DataException.class).hasMessage(dir + "/t10k-images-idx3-ubyte.gz: truncated gzip data");
    }

    @Test
    void countMismatchAndLabelRange() throws IOException {
        Path x = write(dir.resolve("x"), images(), false);
        Path y = write(dir.resolve("y"), idx(IdxReader.LABELS_MAGIC, new int[] {2}, new byte[] {1, 2}), false);
        assertThatThrownBy(() -> IdxReader.read(x, y, Datasets.DIGIT_CLASSES))
                .hasMessage(dir + "/x has 3 images but " + dir + "/y has 2 labels");
        Path big = write(dir.resolve("big"), idx(IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {1, 2, 12}), false);
        assertThatThrownBy(() -> IdxReader.read(x, big, Datasets.DIGIT_CLASSES))
                .hasMessage(dir + "/big: label 12 at item 2, expected 0..9 for 10 classes");
        assertThatThrownBy(() -> IdxReader.read(x, big, List.of("a", "b")))
                .hasMessage(dir + "/big: label 2 at item 1, expected 0..1 for 2 classes");
    }

    @Test
    void imagesLargerThanTheFirstBufferArriveWhole() throws IOException {
        // 18 images of 1024x1024: 18 MiB of pixels, more than the 16 MiB the reader
        // starts with, so the body crosses a growth of its byte buffer
        int count = 18;
        int side = 1024;
        byte[] body = new byte[count * side * side];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i % 251);
        }
        Path x = write(dir.resolve("big-images.gz"), idx(IdxReader.IMAGES_MAGIC, new int[] {count, side, side}, body),
                true);
        IdxReader.Images images = IdxReader.readImages(x);
        float[] pixels = images.pixels().buffer();
        assertThat(images.count()).isEqualTo(count);
        assertThat(pixels).hasSize(body.length);
        for (int i : new int[] {0, 250, 251, (1 << 24) - 1, 1 << 24, (1 << 24) + 1, body.length - 1}) {
            assertThat(pixels[i]).as("pixel %d", i).isEqualTo((float) (i % 251));
        }
    }

    @Test
    void fashionMnistLayoutReadsTestFilesAlongsideAndReportsTheirErrors() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("mnist"));
        write(folder.resolve("train-images-idx3-ubyte"), images(), false);
        write(folder.resolve("train-labels-idx1-ubyte"), labels(), false);
        write(folder.resolve("t10k-images-idx3-ubyte.gz"), images(), true);
        write(folder.resolve("t10k-labels-idx1-ubyte"), labels(), false);
        Datasets.TrainTest tt = Datasets.mnistLike(folder, Datasets.DIGIT_CLASSES);
        assertThat(tt.train().labels()).containsExactly(7, 0, 9);
        assertThat(tt.test().labels()).containsExactly(7, 0, 9);
        assertThat(tt.test().features().buffer()[17]).isEqualTo(255f);

        // an error in a file read on the second thread arrives as the same one-line DataException
        write(folder.resolve("t10k-labels-idx1-ubyte"), idx(IdxReader.LABELS_MAGIC, new int[] {2}, new byte[] {1, 2}),
                false);
        assertThatThrownBy(() -> Datasets.mnistLike(folder, Datasets.DIGIT_CLASSES))
                .isInstanceOf(DataException.class)
                .hasMessage(folder.resolve("t10k-images-idx3-ubyte.gz") + " has 3 images but "
                        + folder.resolve("t10k-labels-idx1-ubyte") + " has 2 labels");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new java.util.Random(1).nextBytes(b);
        return b;
    }
}
