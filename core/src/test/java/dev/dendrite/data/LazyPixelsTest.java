package dev.dendrite.data;

import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * IDX pixels kept as bytes and row views ({@link Dataset#rows}): whatever is
 * asked of them (the matrix, one row, a subset, the normalised split) gives
 * exactly the floats of the old path, which converted every pixel to a float
 * matrix, copied the split's rows out of it and then scaled the copy.
 */
class LazyPixelsTest {
    @TempDir
    Path dir;

    private static final int COUNT = 41;
    private static final int ROWS = 5;
    private static final int COLUMNS = 3;
    private static final int WIDTH = ROWS * COLUMNS;

    /** Pixels covering every byte value (0, 127, 128 and 255 included), from a seeded generator. */
    private static byte[] body() {
        byte[] b = new byte[COUNT * WIDTH];
        Rng rng = new Rng(7);
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i < 256 ? i : rng.nextInt(256));
        }
        return b;
    }

    private static int[] labels() {
        int[] y = new int[COUNT];
        for (int i = 0; i < COUNT; i++) {
            y[i] = (i * 7) % 10;
        }
        return y;
    }

    private Dataset read(boolean gzip) throws IOException {
        byte[] y = new byte[COUNT];
        int[] l = labels();
        for (int i = 0; i < COUNT; i++) {
            y[i] = (byte) l[i];
        }
        Path x = IdxReaderTest.write(dir.resolve("x" + (gzip ? ".gz" : "")),
                IdxReaderTest.idx(IdxReader.IMAGES_MAGIC, new int[] {COUNT, ROWS, COLUMNS}, body()), gzip);
        Path labels = IdxReaderTest.write(dir.resolve("y"),
                IdxReaderTest.idx(IdxReader.LABELS_MAGIC, new int[] {COUNT}, y), false);
        return IdxReader.read(x, labels, Datasets.DIGIT_CLASSES);
    }

    /** The old path's raw matrix, built here from the bytes: each unsigned byte as a float. */
    private static float[] rawFloats() {
        byte[] b = body();
        float[] x = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            x[i] = (float) Byte.toUnsignedInt(b[i]);
        }
        return x;
    }

    private static Dataset eager() {
        return Dataset.classification(Tensor.of(rawFloats(), COUNT, WIDTH), Dataset.numberedNames("pixel", WIDTH),
                labels(), Datasets.DIGIT_CLASSES);
    }

    private static int[] bits(Tensor t) {
        float[] v = t.toArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }

    @Test
    void pixelsReadAsBytesGiveTheOldFloatsInEveryForm() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Dataset d = read(gzip);
            assertThat(d.size()).isEqualTo(COUNT);
            assertThat(d.featureCount()).isEqualTo(WIDTH);
            float[] row = new float[WIDTH + 2];
            d.featureRow(40, row, 2); // before anything made the matrix
            assertThat(Arrays.copyOfRange(row, 2, row.length)).containsExactly(
                    Arrays.copyOfRange(rawFloats(), 40 * WIDTH, 41 * WIDTH));
            assertThat(d.features().toArray()).containsExactly(rawFloats());
            assertThat(d).isEqualTo(eager());
            int[] some = {40, 0, 3, 3, 17};
            assertThat(read(gzip).subset(some)).isEqualTo(eager().subset(some));
        }
    }

    @Test
    void theNormalisedSplitIsBitForBitTheOldOne() throws IOException {
        Split split = new Split(0.25, 0, 42);
        Dataset old = eager();
        Splits before = split.apply(old);
        for (Normalizer normalizer : List.of(Normalizer.scale(255f), Normalizer.none(),
                Normalizer.of(Normalizer.Kind.STANDARDIZE), Normalizer.of(Normalizer.Kind.MIN_MAX),
                Normalizer.of(Normalizer.Kind.SCALE))) {
            Dataset lazy = read(false);
            int[][] rows = split.rows(lazy);
            Dataset train = lazy.rows(rows[0]);
            Dataset validation = lazy.rows(rows[1]);
            assertThat(train.labels()).containsExactly(before.train().labels());
            Normalizer fitted = normalizer.fit(train);
            Normalizer oldFitted = normalizer.fit(before.train());
            assertThat(fitted).isEqualTo(oldFitted);
            // fitting may have read the view; fresh views are scaled straight from the bytes
            Dataset fresh = read(false);
            assertThat(bits(fitted.apply(fresh.rows(rows[0])).features())).as("%s", normalizer)
                    .containsExactly(bits(oldFitted.apply(before.train()).features()));
            assertThat(bits(fitted.apply(fresh.rows(rows[1])).features()))
                    .containsExactly(bits(oldFitted.apply(before.validation()).features()));
            assertThat(bits(fitted.apply(validation).features()))
                    .containsExactly(bits(oldFitted.apply(before.validation()).features()));
            // a view of floats (not bytes) too
            assertThat(bits(fitted.apply(old.rows(rows[0])).features()))
                    .containsExactly(bits(oldFitted.apply(before.train()).features()));
        }
        // 51 / 255 is exactly 0.2f (division, not a reciprocal), as before
        Dataset one = Dataset.classification(Tensor.of(new float[] {51f}, 1, 1), List.of("p"), new int[] {0},
                List.of("a")).rows(new int[] {0});
        assertThat(Normalizer.scale(255f).apply(one).features().toArray()).containsExactly(0.2f);
    }

    @Test
    void batchesDrawnFromScaledBytesAreTheOldBatches() throws IOException {
        // the old path: a float matrix, the split's copy, scaled whole, then batches gathered from it
        Split split = new Split(0.2, 0, 3);
        Dataset old = Normalizer.scale(255f).apply(split.apply(eager()).train());
        Dataset lazy = read(true);
        Dataset train = Normalizer.scale(255f).apply(lazy.rows(split.rows(lazy)[0]));
        DataLoader before = new DataLoader(old, 8, 11);
        DataLoader after = new DataLoader(train, 8, 11);
        assertThat(after.batchesPerEpoch()).isEqualTo(before.batchesPerEpoch());
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int b = 0; b < before.batchesPerEpoch(); b++) {
                Batch x = before.batch(epoch, b);
                Batch y = after.batch(epoch, b);
                assertThat(bits(y.x())).as("epoch %d batch %d", epoch, b).containsExactly(bits(x.x()));
                assertThat(y.labels()).containsExactly(x.labels());
            }
        }
        // one row, a chunk as validation reads it, and the whole matrix, all without a difference
        float[] row = new float[WIDTH];
        train.featureRow(5, row, 0);
        assertThat(row).containsExactly(old.features().slice(0, 5, 6).toArray());
        assertThat(bits(train.subset(new int[] {4, 2, 0}).features()))
                .containsExactly(bits(old.subset(new int[] {4, 2, 0}).features()));
        assertThat(bits(train.features())).containsExactly(bits(old.features()));
        // scaling twice works from the first scaling's floats, as before
        Normalizer halve = Normalizer.scale(2f);
        assertThat(bits(halve.apply(Normalizer.scale(255f).apply(read(false))).features()))
                .containsExactly(bits(halve.apply(Normalizer.scale(255f).apply(eager())).features()));
    }

    @Test
    void largeDataSetsGiveTheSameBitsWithSeveralKernelThreads() {
        // batches of 100 rows of 784 are gathered across the kernel threads
        int n = 150;
        int w = 784;
        byte[] px = new byte[n * w];
        float[] fx = new float[n * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 13 + 7);
            fx[i] = (float) Byte.toUnsignedInt(px[i]);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
        }
        List<String> names = Dataset.numberedNames("pixel", w);
        Dataset lazy = Normalizer.scale(255f).apply(Dataset.ownedPixels(px, w, names, y, Datasets.DIGIT_CLASSES));
        Dataset old = Normalizer.scale(255f).apply(Dataset.classification(Tensor.of(fx, n, w), names, y,
                Datasets.DIGIT_CLASSES));
        int threads = dev.dendrite.tensor.kernel.Kernels.threads();
        dev.dendrite.tensor.kernel.Kernels.threads(3);
        try {
            DataLoader before = new DataLoader(old, 100, 5);
            DataLoader after = new DataLoader(lazy, 100, 5);
            for (int b = 0; b < before.batchesPerEpoch(); b++) {
                assertThat(bits(after.batch(1, b).x())).containsExactly(bits(before.batch(1, b).x()));
            }
            assertThat(bits(lazy.features())).containsExactly(bits(old.features()));
        } finally {
            dev.dendrite.tensor.kernel.Kernels.threads(threads);
        }
    }

    @Test
    void rowViewsOfViewsRenamingAndRegression() throws IOException {
        Dataset lazy = read(true);
        Dataset view = lazy.rows(new int[] {9, 8, 7, 6}).rows(new int[] {3, 0});
        assertThat(view.labels()).containsExactly(labels()[6], labels()[9]);
        assertThat(view.features()).isEqualTo(eager().subset(new int[] {6, 9}).features());
        Dataset renamed = read(false).withClassNames(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
        assertThat(renamed.classNames().get(9)).isEqualTo("j");
        assertThat(renamed.features()).isEqualTo(eager().features());

        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Dataset reg = Dataset.regression(x, List.of("a", "b"), Tensor.of(new float[] {10, 11, 20, 21, 30, 31}, 3, 2));
        Dataset rv = reg.rows(new int[] {2, 0});
        assertThat(rv.targets().toArray()).containsExactly(30, 31, 10, 11);
        assertThat(rv.features().toArray()).containsExactly(5, 6, 1, 2);
        assertThatThrownBy(() -> reg.rows(new int[] {3})).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("rows: index 3 out of range for 3 rows");
    }

    @Test
    void badBodiesReadThroughThePairGiveTheSameOneLineErrors() throws IOException {
        byte[] img = IdxReaderTest.images();
        Path labels = IdxReaderTest.write(dir.resolve("labels"), IdxReaderTest.labels(), false);
        for (boolean gzip : new boolean[] {false, true}) {
            String suffix = gzip ? ".gz" : "";
            Path cut = IdxReaderTest.write(dir.resolve("cut" + suffix), Arrays.copyOf(img, img.length - 4), gzip);
            assertThatThrownBy(() -> IdxReader.read(cut, labels, Datasets.DIGIT_CLASSES))
                    .isInstanceOf(DataException.class)
                    .hasMessage(cut + ": truncated: header promises 3 images of 2x3 (18 pixel bytes), found 14");
            Path longer = IdxReaderTest.write(dir.resolve("long" + suffix), Arrays.copyOf(img, img.length + 1), gzip);
            assertThatThrownBy(() -> IdxReader.read(longer, labels, Datasets.DIGIT_CLASSES))
                    .isInstanceOf(DataException.class)
                    .hasMessage(longer + ": unexpected bytes after the last image (the header's count is too small)");
        }
    }
}
