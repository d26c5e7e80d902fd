package dev.dendrite.data;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST ({@code *-idx3-ubyte} images,
 * {@code *-idx1-ubyte} labels), plain or gzip-compressed (detected by magic
 * bytes). An IDX file is a big-endian header, {@code 0x00000803} (unsigned
 * bytes, 3 dimensions) then count, rows and columns for images, or
 * {@code 0x00000801} then count for labels, followed by the bytes. The
 * header is validated before anything is allocated, and the pixel array grows
 * as data actually arrives, so a corrupt header that promises billions of
 * images fails with a message rather than exhausting memory. Pixels stay in
 * 0..255 (scaling is the {@link Normalizer}'s job); images are flattened to
 * {@code [N, rows * columns]}.
 */
public final class IdxReader {
    /** Magic number of a file of unsigned-byte images: type 0x08, three dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of a file of unsigned-byte labels: type 0x08, one dimension. */
    public static final int LABELS_MAGIC = 0x00000801;
    /** The largest image side accepted. */
    public static final int MAX_SIDE = 1 << 14;
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /** Images {@code [N, rows * columns]} with their side lengths. */
    public record Images(Tensor pixels, int rows, int columns) {
        public int count() {
            return pixels.dim(0);
        }
    }

    /** Reads an images file. */
    public static Images readImages(Path path) {
        String name = Sources.name(path);
        try (DataInputStream in = new DataInputStream(Sources.open(path))) {
            return imagesBody(in, imagesHeader(in, name), name, plainBodyBytes(path));
        } catch (IOException e) {
            throw Sources.failure(name, e);
        }
    }

    /** Reads a labels file: one value 0..255 per item. */
    public static int[] readLabels(Path path) {
        String name = Sources.name(path);
        try (DataInputStream in = new DataInputStream(Sources.open(path))) {
            return labelsBody(in, labelsHeader(in, name), name);
        } catch (IOException e) {
            throw Sources.failure(name, e);
        }
    }

    /**
     * Reads an images file and its labels file as a classification dataset with the
     * given class names; the counts must agree and every label must name a class.
     * Both headers are checked before either body is read.
     */
    public static Dataset read(Path images, Path labels, List<String> classNames) {
        String imagesName = Sources.name(images);
        String labelsName = Sources.name(labels);
        try (DataInputStream ii = new DataInputStream(Sources.open(images));
             DataInputStream li = new DataInputStream(Sources.open(labels))) {
            int[] dims;
            int count;
            try {
                dims = imagesHeader(ii, imagesName);
            } catch (IOException e) {
                throw Sources.failure(imagesName, e);
            }
            try {
                count = labelsHeader(li, labelsName);
            } catch (IOException e) {
                throw Sources.failure(labelsName, e);
            }
            if (dims[0] != count) {
                throw new DataException(imagesName + " has " + dims[0] + " images but " + labelsName + " has "
                        + count + " labels");
            }
            int[] y;
            try {
                y = labelsBody(li, count, labelsName);
            } catch (IOException e) {
                throw Sources.failure(labelsName, e);
            }
            for (int i = 0; i < y.length; i++) {
                if (y[i] >= classNames.size()) {
                    throw new DataException(labelsName + ": label " + y[i] + " at item " + i + ", expected 0.."
                            + (classNames.size() - 1) + " for " + classNames.size() + " classes");
                }
            }
            byte[] pixels;
            try {
                pixels = imagesBytes(ii, dims, imagesName, plainBodyBytes(images));
            } catch (IOException e) {
                throw Sources.failure(imagesName, e);
            }
            // the pixels stay bytes until something needs floats: the CLI's normaliser
            // scales the training rows straight from them, and a 60,000-image file is
            // then never a 188 MB float matrix of its own
            int width = dims[1] * dims[2];
            return Dataset.ownedPixels(pixels, width, Dataset.numberedNames("pixel", width), y, classNames);
        } catch (IOException e) {
            // only close() can get here
            throw Sources.failure(imagesName, e);
        }
    }

    /** Reads and validates an images header; returns {count, rows, columns}. */
    static int[] imagesHeader(DataInputStream in, String name) throws IOException {
        checkMagic(in, name, IMAGES_MAGIC, "unsigned-byte images with 3 dimensions");
        int count = dimension(in, name, 0);
        int rows = dimension(in, name, 1);
        int columns = dimension(in, name, 2);
        if (rows > MAX_SIDE || columns > MAX_SIDE) {
            throw new DataException(name + ": images of " + rows + "x" + columns + ", expected sides of at most "
                    + MAX_SIDE);
        }
        if ((long) count * rows * columns > MAX_ELEMENTS) {
            throw new DataException(name + ": " + count + " images of " + rows + "x" + columns
                    + " exceed the largest array (2^31 - 8 values)");
        }
        return new int[] {count, rows, columns};
    }

    static int labelsHeader(DataInputStream in, String name) throws IOException {
        checkMagic(in, name, LABELS_MAGIC, "unsigned-byte labels with 1 dimension");
        return dimension(in, name, 0);
    }

    private static void checkMagic(DataInputStream in, String name, int expected, String what) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw new DataException(name + ": " + head.length + " bytes, too short for an IDX header");
        }
        int magic = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        if (magic != expected) {
            String hint = magic == IMAGES_MAGIC ? " (an images file)" : magic == LABELS_MAGIC ? " (a labels file)" : "";
            throw new DataException(name + ": magic number " + hex(magic) + hint + ", expected " + hex(expected)
                    + " (" + what + ")");
        }
    }

    private static int dimension(DataInputStream in, String name, int index) throws IOException {
        byte[] b = in.readNBytes(4);
        if (b.length < 4) {
            throw new DataException(name + ": header ends inside dimension " + index);
        }
        int d = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (d <= 0) {
            throw new DataException(name + ": dimension " + index + " is " + d + ", expected a positive size");
        }
        return d;
    }

    /**
     * The bytes after the 16-byte images header of a file that is not gzip-compressed,
     * or -1: what a plain file really holds, so its header can be trusted for the
     * allocation when the file is as long as the header says.
     */
    private static long plainBodyBytes(Path path) {
        try {
            return Sources.isGzip(path) ? -1 : Files.size(path) - 16;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Images imagesBody(InputStream in, int[] dims, String name, long available) throws IOException {
        int count = dims[0];
        int rows = dims[1];
        int columns = dims[2];
        int total = count * rows * columns; // checked against MAX_ELEMENTS in the header
        if (available >= total) {
            return new Images(Tensor.wrap(streamed(in, total, name, dims), Shape.of(count, rows * columns)), rows,
                    columns);
        }
        byte[] bytes = imagesBytes(in, dims, name, -1);
        float[] pixels = new float[total];
        for (int i = 0; i < total; i++) {
            pixels[i] = bytes[i] & 0xff;
        }
        return new Images(Tensor.wrap(pixels, Shape.of(count, rows * columns)), rows, columns);
    }

    /**
     * The pixel bytes of an images file after its header, up to and checking
     * the end. {@code available} is what a plain file holds after the header
     * (-1 when unknown): only when it covers the header's promise is the whole
     * array allocated at once. Otherwise bytes are grown as they arrive (a header
     * must not buy one big allocation on its own say), from 16 MiB by doubling.
     */
    private static byte[] imagesBytes(InputStream in, int[] dims, String name, long available) throws IOException {
        int total = dims[0] * dims[1] * dims[2]; // checked against MAX_ELEMENTS in the header
        byte[] bytes = new byte[available >= total ? total : Math.min(total, 1 << 24)];
        int filled = 0;
        while (filled < total) {
            if (filled == bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(total, 2L * bytes.length));
            }
            int n = in.read(bytes, filled, bytes.length - filled);
            if (n < 0) {
                throw truncatedImages(name, dims, total, filled);
            }
            filled += n;
        }
        requireEnd(in, name, "the last image");
        return bytes;
    }

    /**
     * The pixels of a file known to hold them all, converted a chunk at a time
     * into the one float array: no byte copy of the whole body, which for
     * Fashion-MNIST was 47 MB (and its growth copies) of memory touched for the
     * first time, page by page.
     */
    private static float[] streamed(InputStream in, int total, String name, int[] dims) throws IOException {
        float[] pixels = new float[total];
        byte[] chunk = new byte[1 << 16];
        int filled = 0;
        while (filled < total) {
            int n = in.read(chunk, 0, Math.min(chunk.length, total - filled));
            if (n < 0) {
                throw truncatedImages(name, dims, total, filled);
            }
            for (int i = 0; i < n; i++) {
                pixels[filled + i] = chunk[i] & 0xff;
            }
            filled += n;
        }
        requireEnd(in, name, "the last image");
        return pixels;
    }

    private static DataException truncatedImages(String name, int[] dims, int total, int filled) {
        return new DataException(name + ": truncated: header promises " + dims[0] + " images of " + dims[1] + "x"
                + dims[2] + " (" + total + " pixel bytes), found " + filled);
    }

    private static int[] labelsBody(InputStream in, int count, String name) throws IOException {
        byte[] bytes = in.readNBytes(count); // reads in chunks: a false count does not allocate it all
        if (bytes.length < count) {
            throw new DataException(name + ": truncated: header promises " + count + " labels, found " + bytes.length);
        }
        requireEnd(in, name, "the last label");
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = bytes[i] & 0xff;
        }
        return labels;
    }

    private static void requireEnd(InputStream in, String name, String what) throws IOException {
        if (in.read() >= 0) {
            throw new DataException(name + ": unexpected bytes after " + what + " (the header's count is too small)");
        }
    }

    private static String hex(int v) {
        return String.format("0x%08X", v);
    }
}
