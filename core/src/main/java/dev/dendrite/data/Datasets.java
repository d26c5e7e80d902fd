package dev.dendrite.data;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Ready-made datasets: the embedded handwritten digits (1,797 images of 8x8
 * pixels 0..16, ten classes; see {@code DIGITS-LICENSE.txt} beside the
 * resource) and readers for folders in the MNIST layout such as
 * Fashion-MNIST. Nothing here downloads; an absent folder or file is a
 * {@link DataException} that names what was looked for.
 */
public final class Datasets {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the four files. */
    public static final Path FASHION_MNIST_DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** Class names of MNIST and of the embedded digits: "0" to "9". */
    public static final List<String> DIGIT_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Class names of Fashion-MNIST, index = label. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The four files of the MNIST layout, without the optional {@code .gz}. */
    public static final List<String> MNIST_FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private static final String DIGITS_RESOURCE = "digits.csv.gz";

    private Datasets() {
    }

    /** A training set and a test set, as an MNIST-style folder ships them. */
    public record TrainTest(Dataset train, Dataset test) {
    }

    /**
     * The embedded digits: features {@code [1797, 64]} named {@code pixel0..pixel63}
     * with values 0..16, labels 0..9 named "0".."9".
     */
    public static Dataset digits() {
        InputStream in = Datasets.class.getResourceAsStream(DIGITS_RESOURCE);
        if (in == null) {
            throw new IllegalStateException("resource dev/dendrite/data/" + DIGITS_RESOURCE
                    + " is missing from the classpath (a broken build?)");
        }
        CsvOptions options = CsvOptions.defaults().withHeader(CsvOptions.Header.ABSENT)
                .withTask(Task.CLASSIFICATION);
        Dataset d = CsvReader.read(in, DIGITS_RESOURCE, options).dataset();
        return d.withFeatureNames(Dataset.numberedNames("pixel", d.featureCount()));
    }

    /** Fashion-MNIST from {@link #FASHION_MNIST_DEFAULT_DIR}. */
    public static TrainTest fashionMnist() {
        return fashionMnist(FASHION_MNIST_DEFAULT_DIR);
    }

    /** Fashion-MNIST from a folder holding the four files: 60,000 + 10,000 images of 28x28. */
    public static TrainTest fashionMnist(Path dir) {
        return mnistLike(dir, FASHION_MNIST_CLASSES);
    }

    /**
     * Any data set in the MNIST layout: a folder with {@link #MNIST_FILES}, each
     * plain or with {@code .gz} appended, read with the given class names.
     */
    public static TrainTest mnistLike(Path dir, List<String> classNames) {
        return mnistLike(dir, classNames, IdxCache.off());
    }

    /** Fashion-MNIST from a folder, its gzip files read through {@code cache}. */
    public static TrainTest fashionMnist(Path dir, IdxCache cache) {
        return mnistLike(dir, FASHION_MNIST_CLASSES, cache);
    }

    /**
     * As {@link #mnistLike(Path, List)}, with gzip-compressed files read from their
     * decompressed copies in {@code cache} (made on first use).
     */
    public static TrainTest mnistLike(Path dir, List<String> classNames, IdxCache cache) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": no such folder; expected one holding " + String.join(", ", MNIST_FILES)
                    + " (each optionally .gz)");
        }
        Path trainImages = find(dir, MNIST_FILES.get(0));
        Path trainLabels = find(dir, MNIST_FILES.get(1));
        Path testImages = find(dir, MNIST_FILES.get(2));
        Path testLabels = find(dir, MNIST_FILES.get(3));
        // The test files decompress on a second thread while this one reads the
        // training files: inflating is most of the time, and it is single-threaded.
        FutureTask<Dataset> test = new FutureTask<>(() -> read(cache, testImages, testLabels, classNames));
        Thread reader = new Thread(test, "dendrite-idx-test");
        reader.setDaemon(true);
        reader.start();
        Dataset train = read(cache, trainImages, trainLabels, classNames);
        try {
            return new TrainTest(train, test.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException(testImages + ": reading was interrupted");
        }
    }

    /** Reads through the cache; a copy that does not read back is dropped and the sources are read. */
    private static Dataset read(IdxCache cache, Path images, Path labels, List<String> classNames) {
        Path ci = cache.resolve(images);
        Path cl = cache.resolve(labels);
        if (ci.equals(images) && cl.equals(labels)) {
            return IdxReader.read(images, labels, classNames);
        }
        try {
            return IdxReader.read(ci, cl, classNames);
        } catch (DataException | java.io.UncheckedIOException e) {
            // a damaged or unreadable copy, or bad data: either way the sources give the message that names them
            cache.evict(images);
            cache.evict(labels);
            return IdxReader.read(images, labels, classNames);
        }
    }

    private static Path find(Path dir, String name) {
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new DataException(dir + ": missing " + name + " (or " + name + ".gz)");
    }
}
