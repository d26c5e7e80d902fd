package dev.dendrite.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a folder of class sub-folders: pixel layout, grey and colour, sizes, and files that are not images. */
class ImageFolderTest {
    @TempDir
    Path dir;

    private void grey(String cls, String name, int w, int h, int base) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, base + 10 * y + x);
            }
        }
        Files.createDirectories(dir.resolve(cls));
        ImageIO.write(img, "png", dir.resolve(cls).resolve(name).toFile());
    }

    @Test
    void greyImagesAreRowsOfPixelsLabelledByTheirFolder() throws IOException {
        grey("cat", "b.png", 3, 2, 100);
        grey("cat", "a.png", 3, 2, 0);
        grey("ant", "z.png", 3, 2, 50);
        Files.writeString(dir.resolve("cat").resolve(".DS_Store"), "skipped");
        Dataset d = ImageFolder.read(dir, 0, 0, 0);
        assertThat(d.classNames()).containsExactly("ant", "cat");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.featureCount()).isEqualTo(6);
        // files in sorted order within sorted classes: ant/z, cat/a, cat/b; pixel (x, y) = base + 10 y + x
        assertThat(d.features().toArray()).containsExactly(
                50, 51, 52, 60, 61, 62,
                0, 1, 2, 10, 11, 12,
                100, 101, 102, 110, 111, 112);
        assertThat(d.labels()).containsExactly(0, 1, 1);
    }

    @Test
    void colourImagesAreThreePlanesAndGreyWhenAskedByLuminance() throws IOException {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, (200 << 16) | (100 << 8) | 50);
        img.setRGB(1, 0, (10 << 16) | (20 << 8) | 30);
        Files.createDirectories(dir.resolve("red"));
        ImageIO.write(img, "png", dir.resolve("red").resolve("x.png").toFile());
        assertThat(ImageFolder.read(dir, 0, 0, 0).features().toArray()).containsExactly(200, 10, 100, 20, 50, 30);
        float[] g = ImageFolder.read(dir, 0, 0, 1).features().toArray();
        assertThat(g[0]).isCloseTo(0.299f * 200 + 0.587f * 100 + 0.114f * 50, org.assertj.core.data.Offset.offset(1e-3f));
        assertThat(g[1]).isCloseTo(0.299f * 10 + 0.587f * 20 + 0.114f * 30, org.assertj.core.data.Offset.offset(1e-3f));
    }

    @Test
    void sizesMustAgreeUnlessOneIsGiven() throws IOException {
        grey("a", "1.png", 4, 4, 0);
        grey("b", "2.png", 3, 2, 0);
        assertThatThrownBy(() -> ImageFolder.read(dir, 0, 0, 0)).isInstanceOf(ImageFolder.SizeMismatch.class)
                .hasMessage(dir.resolve("b").resolve("2.png") + ": 2x3 pixels (height x width), but "
                        + dir.resolve("a").resolve("1.png") + " is 4x4 (give an image size to scale every image to it)");
        assertThat(ImageFolder.read(dir, 3, 3, 0).featureCount()).isEqualTo(9);
    }

    private void paint(String cls, String name, int w, int h, java.util.function.IntBinaryOperator level)
            throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, level.applyAsInt(x, y));
            }
        }
        Files.createDirectories(dir.resolve(cls));
        ImageIO.write(img, "png", dir.resolve(cls).resolve(name).toFile());
    }

    @Test
    void scalingKeepsFlatLevelsAndEdgesExactly() throws IOException {
        paint("flat", "a.png", 10, 12, (x, y) -> 100);
        // left half 0, right half 200: at half the width each output pixel averages two equal neighbours
        paint("halves", "b.png", 8, 4, (x, y) -> x < 4 ? 0 : 200);
        BufferedImage colour = new BufferedImage(7, 9, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 7; x++) {
                colour.setRGB(x, y, (10 << 16) | (200 << 8) | 50);
            }
        }
        Files.createDirectories(dir.resolve("rgb"));
        ImageIO.write(colour, "png", dir.resolve("rgb").resolve("c.png").toFile());

        Dataset grey = ImageFolder.read(dir.resolve("flat").getParent(), 2, 4, 1);
        float[] x = grey.features().toArray();
        // classes in sorted order: flat, halves, rgb (the colour image by luminance: 0.299 10 + 0.587 200 + 0.114 50)
        for (int i = 0; i < 8; i++) {
            assertThat(x[i]).as("flat pixel " + i).isEqualTo(100f);
        }
        assertThat(java.util.Arrays.copyOfRange(x, 8, 16)).containsExactly(0, 0, 200, 200, 0, 0, 200, 200);
        for (int i = 16; i < 24; i++) {
            assertThat(x[i]).as("colour pixel " + i).isCloseTo(126.0f, org.assertj.core.data.Offset.offset(1f));
        }
        float[] rgb = ImageFolder.read(dir, 2, 4, 3).features().toArray();
        // the third image, red, green and blue planes of 8 pixels each
        assertThat(java.util.Arrays.copyOfRange(rgb, 48, 72)).containsExactly(
                10, 10, 10, 10, 10, 10, 10, 10, 200, 200, 200, 200, 200, 200, 200, 200, 50, 50, 50, 50, 50, 50, 50, 50);
    }

    @Test
    void shrinkingFarAveragesEveryPixelInsteadOfSamplingAFew() throws IOException {
        // vertical stripes of period 3 (255, 0, 0) shrunk from 64 to 4 wide: each output column covers 16 source
        // columns, of which 5 or 6 are bright, so an average lies between 5/16 and 6/16 of 255 (80 to 96);
        // bilinear alone reads two neighbouring columns per output pixel and gives 0 or 128
        paint("s", "stripes.png", 64, 64, (x, y) -> x % 3 == 0 ? 255 : 0);
        float[] x = ImageFolder.read(dir, 4, 4, 1).features().toArray();
        for (int i = 0; i < x.length; i++) {
            assertThat(x[i]).as("pixel " + i).isBetween(75f, 100f);
        }
    }

    @Test
    void sixteenBitGreyLevelsAreBroughtToTheByteRange() throws IOException {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        // 65535 is white and 0 black in 16 bits as 255 and 0 are in 8; 257 x 100 sits exactly at level 100
        img.getRaster().setSample(0, 0, 0, 65535);
        img.getRaster().setSample(1, 0, 0, 257 * 100);
        img.getRaster().setSample(2, 0, 0, 0);
        Files.createDirectories(dir.resolve("deep"));
        ImageIO.write(img, "png", dir.resolve("deep").resolve("a.png").toFile());
        float[] x = ImageFolder.read(dir, 0, 0, 0).features().toArray();
        assertThat(x[0]).isCloseTo(255f, org.assertj.core.data.Offset.offset(1e-3f));
        assertThat(x[1]).isCloseTo(100f, org.assertj.core.data.Offset.offset(1e-3f));
        assertThat(x[2]).isEqualTo(0f);
    }

    @Test
    void aFileThatIsNotAnImageIsNamed() throws IOException {
        grey("a", "1.png", 2, 2, 0);
        Files.writeString(dir.resolve("a").resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> ImageFolder.read(dir, 0, 0, 0)).isInstanceOf(DataException.class)
                .hasMessage(dir.resolve("a").resolve("notes.txt") + ": not an image (expected PNG, JPEG, GIF or BMP)");
    }

    @Test
    void aFolderWithoutClassesIsExplained() throws IOException {
        Files.writeString(dir.resolve("x.png"), "not used");
        assertThatThrownBy(() -> ImageFolder.read(dir, 0, 0, 0)).isInstanceOf(DataException.class)
                .hasMessage(dir + ": no class sub-folders (expected one folder of images per class)");
    }
}
