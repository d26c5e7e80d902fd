package dev.dendrite.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxCacheTest {
    @TempDir
    Path tmp;

    private Path folder() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        IdxReaderTest.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxReaderTest.images(), true);
        IdxReaderTest.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxReaderTest.labels(), true);
        IdxReaderTest.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxReaderTest.images(), true);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxReaderTest.labels());
        return dir;
    }

    private static List<Path> copies(Path cache) throws IOException {
        try (Stream<Path> s = Files.list(cache.resolve("idx"))) {
            return s.sorted().toList();
        }
    }

    private static Path copyOf(Path cache, String name) throws IOException {
        return copies(cache).stream().filter(p -> p.getFileName().toString().startsWith(name + "-")).findFirst()
                .orElseThrow();
    }

    @Test
    void theSecondReadComesFromTheDecompressedCopyUntilTheSourceChanges() throws IOException {
        Path dir = folder();
        Path cache = tmp.resolve("cache");
        Datasets.TrainTest plain = Datasets.fashionMnist(dir);
        Datasets.TrainTest first = Datasets.fashionMnist(dir, IdxCache.in(cache));
        assertThat(first.train().features().toArray()).containsExactly(plain.train().features().toArray());
        assertThat(first.test().labels()).containsExactly(plain.test().labels());
        // the three gzip files have copies; the plain labels file needs none
        assertThat(copies(cache)).hasSize(3);
        Path copy = copyOf(cache, "train-images-idx3-ubyte.gz");
        assertThat(Files.readAllBytes(copy)).isEqualTo(IdxReaderTest.images());

        // mark the copy: a read that returns the mark read the copy, not the source
        byte[] marked = IdxReaderTest.images();
        marked[16] = 99;
        Files.write(copy, marked);
        assertThat(Datasets.fashionMnist(dir, IdxCache.in(cache)).train().features().get(0, 0)).isEqualTo(99f);

        // a source with a new modification time is decompressed again, and the old copy goes
        Path source = dir.resolve("train-images-idx3-ubyte.gz");
        Files.setLastModifiedTime(source, FileTime.fromMillis(Files.getLastModifiedTime(source).toMillis() + 5000));
        assertThat(Datasets.fashionMnist(dir, IdxCache.in(cache)).train().features().get(0, 0)).isEqualTo(0f);
        assertThat(copies(cache)).hasSize(3).doesNotContain(copy);
    }

    @Test
    void aDamagedCopyIsDroppedAndTheSourceRead() throws IOException {
        Path dir = folder();
        Path cache = tmp.resolve("cache");
        Datasets.fashionMnist(dir, IdxCache.in(cache));
        Path copy = copyOf(cache, "train-images-idx3-ubyte.gz");
        Files.write(copy, new byte[] {0, 0, 8, 3, 0}); // cut inside the header
        Datasets.TrainTest again = Datasets.fashionMnist(dir, IdxCache.in(cache));
        assertThat(again.train().features().toArray()).containsExactly(Datasets.fashionMnist(dir).train().features()
                .toArray());
        assertThat(copy).doesNotExist();
    }

    @Test
    void anUnwritableCacheCostsNothingButTheSpeedUp() throws IOException {
        Path dir = folder();
        Path notAFolder = Files.writeString(tmp.resolve("file"), "x");
        Datasets.TrainTest tt = Datasets.fashionMnist(dir, IdxCache.in(notAFolder));
        assertThat(tt.train().size()).isEqualTo(3);
    }

    @Test
    void errorsNameTheSourceFileNeverTheCopy() throws IOException {
        Path dir = folder();
        Path cache = tmp.resolve("cache");
        // a valid gzip stream of a bad IDX file: three labels for the images' three, but label 12 of 10 classes
        IdxReaderTest.write(dir.resolve("train-labels-idx1-ubyte.gz"),
                IdxReaderTest.idx(IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {7, 12, 9}), true);
        assertThatThrownBy(() -> Datasets.fashionMnist(dir, IdxCache.in(cache)))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith(dir.resolve("train-labels-idx1-ubyte.gz") + ": label 12 at item 1");
        // a corrupt gzip source
        byte[] gz = Files.readAllBytes(dir.resolve("t10k-images-idx3-ubyte.gz"));
        gz[gz.length / 2] ^= 0x55;
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gz);
        IdxReaderTest.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxReaderTest.labels(), true);
        assertThatThrownBy(() -> Datasets.fashionMnist(dir, IdxCache.in(cache)))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith(dir.resolve("t10k-images-idx3-ubyte.gz").toString());
    }

    @Test
    void offReadsTheSourcesAndWritesNothing() throws IOException {
        Path dir = folder();
        Datasets.fashionMnist(dir, IdxCache.off());
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.toList()).containsExactly(dir);
        }
    }
}
