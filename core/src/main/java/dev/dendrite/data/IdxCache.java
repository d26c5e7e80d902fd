package dev.dendrite.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.zip.CRC32C;

/**
 * Decompressed copies of gzip-compressed IDX files, so that only the first run
 * pays for inflating them (a quarter of a second of one core for
 * Fashion-MNIST's 26 MB of training images, every run). A copy is keyed by
 * the source's absolute path, size and modification time, so a changed source
 * is decompressed again; it is written to a temporary file and renamed into
 * place, so a reader never sees half a copy; and it is only a cache: a copy
 * that cannot be written, or that does not read back, is passed over and the
 * source is read as if there were no cache. {@link #standard()} is where the
 * command line keeps it ({@code $XDG_CACHE_HOME/dendrite} or
 * {@code ~/.cache/dendrite}; {@code -Ddendrite.cache=off} or
 * {@code DENDRITE_CACHE=off} turns it off, any other value names the folder).
 */
public final class IdxCache {
    private static final IdxCache OFF = new IdxCache(null);
    private final Path dir;

    private IdxCache(Path dir) {
        this.dir = dir;
    }

    /** A cache in this folder (created when first written). */
    public static IdxCache in(Path dir) {
        return new IdxCache(dir.resolve("idx"));
    }

    /** No cache: every read decompresses. */
    public static IdxCache off() {
        return OFF;
    }

    /** The command line's cache: see the class comment for where it lives and how to turn it off. */
    public static IdxCache standard() {
        String setting = System.getProperty("dendrite.cache", System.getenv("DENDRITE_CACHE"));
        if (setting != null && !setting.isBlank()) {
            return setting.equalsIgnoreCase("off") ? OFF : in(Path.of(setting));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return in(Path.of(xdg, "dendrite"));
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() ? OFF : in(Path.of(home, ".cache", "dendrite"));
    }

    /**
     * The file to read for {@code source}: its decompressed copy when the source is
     * gzip-compressed and a copy is (or can now be) in the cache, else the source itself.
     */
    Path resolve(Path source) {
        if (dir == null || !Sources.isGzip(source)) {
            return source;
        }
        try {
            String key = key(source);
            Path copy = dir.resolve(key + ".idx");
            if (Files.isRegularFile(copy)) {
                return copy;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            try (InputStream in = Sources.open(source); OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(tmp);
                return source; // a corrupt source: reading it directly names it in the error
            }
            Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            dropOlderCopies(key);
            return copy;
        } catch (IOException | RuntimeException e) {
            return source; // a read-only or full disk costs the speed-up, never the run
        }
    }

    /** Forgets the copy of {@code source} (one that did not read back). */
    void evict(Path source) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve(key(source) + ".idx"));
        } catch (IOException | RuntimeException e) {
            // the next run tries again
        }
    }


    /** The file's name, then a checksum of its absolute path, then its size and modification time. */
    private static String key(Path source) throws IOException {
        Path abs = source.toAbsolutePath().normalize();
        CRC32C crc = new CRC32C();
        crc.update(abs.toString().getBytes(StandardCharsets.UTF_8));
        FileTime modified = Files.getLastModifiedTime(abs);
        String name = abs.getFileName() == null ? "data" : abs.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return name + "-" + Long.toHexString(crc.getValue()) + "-" + Files.size(abs) + "-" + modified.toMillis();
    }

    /** Copies of the same path with another size or time: the source changed since. */
    private void dropOlderCopies(String key) {
        String prefix = key.substring(0, key.lastIndexOf('-', key.lastIndexOf('-') - 1) + 1);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*.idx")) {
            for (Path f : files) {
                if (!f.getFileName().toString().equals(key + ".idx")) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            // stale copies only cost disk space
        }
    }
}
