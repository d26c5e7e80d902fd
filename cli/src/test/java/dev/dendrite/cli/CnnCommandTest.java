package dev.dendrite.cli;

import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.Summary;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --arch}: the layer words, the built-ins, the automatic reshape, flatten
 * and output layer, and a small CNN trained on the embedded digits from the
 * command line, saved, inspected and evaluated.
 */
class CnnCommandTest {

    private static List<String> types(Sequential net) {
        return net.layers().stream().map(Layer::type).toList();
    }

    @Test
    void wordsBecomeLayersWithReshapeFlattenAndOutputAdded() {
        Sequential net = ArchSpec.build("conv8x3s2p0,bn,relu,avgpool2,dense16,dropout0.5", 3 * 9 * 9, "3x9x9", 4,
                new Rng(1));
        assertThat(types(net)).containsExactly("reshape", "conv2d", "batch_norm", "relu", "avg_pool2d", "flatten",
                "dense", "dropout", "dense");
        // 9x9, 3x3 stride 2 no padding: (9 - 3) / 2 + 1 = 4; 2x2 average pooling: 2; 8 channels x 2 x 2 = 32
        assertThat(net.layers().get(5).outputShape(List.of(Shape.of(8, 2, 2)))).isEqualTo(Shape.of(32));
        assertThat(net.outputShape(List.of(Shape.of(243)))).isEqualTo(Shape.of(4));
    }

    @Test
    void lnNormalisesEachExampleAfterImagesOrFeatures() {
        Sequential net = ArchSpec.build("conv4x3,ln,relu,pool2,dense8,ln", 64, null, 3, new Rng(1));
        assertThat(types(net)).containsExactly("reshape", "conv2d", "layer_norm", "relu", "max_pool2d", "flatten",
                "dense", "layer_norm", "dense");
        // over all of [4, 8, 8] after the convolution (gamma and beta 256 each), then over the 8 features
        assertThat(net.layers().get(2).parameters().get("weight").shape()).isEqualTo(Shape.of(4, 8, 8));
        assertThat(net.layers().get(7).parameters().get("weight").shape()).isEqualTo(Shape.of(8));
    }

    @Test
    void aFinalDenseOfTheOutputSizeIsTheOutputLayer() {
        Sequential ends = ArchSpec.build("conv4x3,relu,gap,dense10", 64, null, 10, new Rng(1));
        assertThat(types(ends)).containsExactly("reshape", "conv2d", "relu", "global_avg_pool2d", "dense");
        Sequential dense = ArchSpec.build("dense32,relu", 64, null, 10, new Rng(1));
        assertThat(types(dense)).containsExactly("dense", "relu", "dense");
    }

    @Test
    void theBuiltInSmallCnnIsTheReferenceModel() {
        Sequential net = ArchSpec.build("small-cnn", 784, null, 10, new Rng(1));
        // conv 1->32 (288 + 32), bn (64), conv 32->64 (18432 + 64), bn (128), dense 3136->128 (401408 + 128),
        // dense 128->10 (1280 + 10)
        assertThat(net.parameterCount()).isEqualTo(320 + 64 + 18496 + 128 + 401536 + 1290);
        String table = Summary.of(net, List.of(Shape.of(784)));
        assertThat(table).contains("[N, 32, 28, 28]").contains("[N, 64, 7, 7]").contains("[N, 3136]");
    }

    @Test
    void aBuiltInNameCanBeExtendedWithMoreWords() {
        Sequential plain = ArchSpec.build("small-cnn", 784, null, 10, new Rng(1));
        Sequential flipped = ArchSpec.build("flip,small-cnn", 784, null, 10, new Rng(1));
        assertThat(types(flipped).subList(0, 3)).containsExactly("reshape", "random_crop_flip", "conv2d");
        // the same layers after the flip, which has no parameters
        assertThat(types(flipped).subList(2, types(flipped).size()))
                .containsExactlyElementsOf(types(plain).subList(1, types(plain).size()));
        assertThat(flipped.parameterCount()).isEqualTo(plain.parameterCount());
        assertThat(flipped.layers().get(1).toString()).isEqualTo("RandomCropFlip(pad 0, flip)");
    }

    @Test
    void digitsTrainWithASmallCnnFromTheCommandLine(@TempDir Path tmp) {
        Path model = tmp.resolve("digits-cnn.dnd");
        WalkthroughCommandTest.Run t = WalkthroughCommandTest.run("train", "--arch", "tiny-cnn", "--epochs", "4",
                "--plain", "-o", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        Matcher m = Pattern.compile("test accuracy: (0\\.\\d+)").matcher(t.out());
        assertThat(m.find()).as(t.out()).isTrue();
        // an 8x8 digit CNN passes 0.9 within a few epochs; chance is 0.1
        assertThat(Double.parseDouble(m.group(1))).isGreaterThan(0.9);

        WalkthroughCommandTest.Run i = WalkthroughCommandTest.run("inspect", "--model", model.toString());
        assertThat(i.code()).as(i.err()).isZero();
        assertThat(i.out()).contains("conv2d").contains("[N, 16, 8, 8]").contains("max_pool2d")
                .contains("[N, 16, 4, 4]");
        WalkthroughCommandTest.Run e = WalkthroughCommandTest.run("evaluate", "--model", model.toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("accuracy");
    }

    private static void writeImages(Path dir, String cls, int count, boolean bright) throws java.io.IOException {
        writeImages(dir, cls, count, bright, 8, 8, "png");
    }

    private static void writeImages(Path dir, String cls, int count, boolean bright, int w, int h, String format)
            throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir.resolve(cls));
        java.util.Random r = new java.util.Random(cls.hashCode());
        for (int k = 0; k < count; k++) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h,
                    java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // one class is bright on the left half, the other on the right
                    boolean lit = bright ? x < w / 2 : x >= w / 2;
                    img.getRaster().setSample(x, y, 0, (lit ? 200 : 30) + r.nextInt(40));
                }
            }
            javax.imageio.ImageIO.write(img, format, dir.resolve(cls).resolve(k + "." + format).toFile());
        }
    }

    @Test
    void imagesOfDifferentSizesTrainWhenScaledAndAreRefusedByNameOtherwise(@TempDir Path tmp)
            throws java.io.IOException {
        Path images = tmp.resolve("mixed");
        writeImages(images, "left", 30, true, 8, 8, "png");
        writeImages(images, "right", 30, false, 20, 14, "jpg");
        Path model = tmp.resolve("m.dnd");
        WalkthroughCommandTest.Run bad = WalkthroughCommandTest.run("train", "--data", images.toString(), "--arch",
                "conv8x3,relu,pool2,dense16,relu", "-o", model.toString());
        assertThat(bad.code()).isEqualTo(2);
        // the first file read is left/0.png; the first other size is right/0.jpg, 14 high and 20 wide
        assertThat(bad.err()).isEqualTo("dendrite: " + images.resolve("right").resolve("0.jpg")
                + ": 14x20 pixels (height x width), but " + images.resolve("left").resolve("0.png")
                + " is 8x8; --image-size HxW scales every image to one size" + System.lineSeparator());

        WalkthroughCommandTest.Run t = WalkthroughCommandTest.run("train", "--data", images.toString(), "--arch",
                "conv8x3,relu,pool2,dense16,relu", "--image-size", "8x8", "--epochs", "30", "--plain",
                "-o", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains(images + ": 60 images of 64 values (scaled to 8x8), 2 classes")
                .contains("Reshape[1, 8, 8]");
        Matcher m = Pattern.compile("test accuracy: (\\d\\.\\d+)").matcher(t.out());
        assertThat(m.find()).as(t.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).as(t.out()).isGreaterThan(0.9);

        // evaluate finds the folder and scales it to the size the model was trained at
        WalkthroughCommandTest.Run e = WalkthroughCommandTest.run("evaluate", "-m", model.toString());
        assertThat(e.code()).as(e.err()).isZero();
        Matcher em = Pattern.compile("accuracy\\s+(\\d\\.\\d+)").matcher(e.out());
        assertThat(em.find()).as(e.out()).isTrue();
        assertThat(Double.parseDouble(em.group(1))).as(e.out()).isGreaterThan(0.9);
    }

    @Test
    void anImageFolderTrainsAndAFileThatIsNotAnImageIsNamed(@TempDir Path tmp) throws java.io.IOException {
        Path images = tmp.resolve("shapes");
        writeImages(images, "left", 30, true);
        writeImages(images, "right", 30, false);
        WalkthroughCommandTest.Run t = WalkthroughCommandTest.run("train", "--data", images.toString(), "--arch",
                "conv8x3,relu,pool2,dense16,relu", "--epochs", "30", "--plain", "-o", tmp.resolve("m.dnd").toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains(images + ": 60 images of 64 values, 2 classes (one sub-folder each)")
                .contains("Reshape[1, 8, 8]");
        Matcher m = Pattern.compile("test accuracy: (\\d\\.\\d+)").matcher(t.out());
        assertThat(m.find()).as(t.out()).isTrue();
        // left-bright against right-bright images: trivially separable once the layout survives pooling
        assertThat(Double.parseDouble(m.group(1))).as(t.out()).isGreaterThan(0.9);

        java.nio.file.Files.writeString(images.resolve("left").resolve("readme.txt"), "not a picture");
        WalkthroughCommandTest.Run bad = WalkthroughCommandTest.run("train", "--data", images.toString(), "--arch",
                "tiny-cnn", "-o", tmp.resolve("n.dnd").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("dendrite: " + images.resolve("left").resolve("readme.txt")
                + ": not an image (expected PNG, JPEG, GIF or BMP)");
    }

    @Test
    void augmentedTrainingIsTheSameForTheSameSeed(@TempDir Path tmp) throws java.io.IOException {
        String[] common = {"train", "--arch", "augment1,conv8x3,relu,pool2", "--epochs", "2", "--plain"};
        java.util.function.BiFunction<String, String, byte[]> train = (seed, name) -> {
            List<String> args = new java.util.ArrayList<>(List.of(common));
            args.addAll(List.of("--seed", seed, "-o", tmp.resolve(name).toString()));
            WalkthroughCommandTest.Run r = WalkthroughCommandTest.run(args.toArray(new String[0]));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("RandomCropFlip(pad 1, flip)");
            dev.dendrite.model.Model m = dev.dendrite.model.Model.load(tmp.resolve(name));
            float[] w = m.parameters().get("2.weight").value().toArray();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * w.length);
            b.asFloatBuffer().put(w);
            return b.array();
        };
        byte[] a = train.apply("7", "a.dnd");
        byte[] b = train.apply("7", "b.dnd");
        byte[] c = train.apply("8", "c.dnd");
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }
}
