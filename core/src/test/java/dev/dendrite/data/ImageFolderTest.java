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
        grey("b", "2.png", 2, 2, 0);
        assertThatThrownBy(() -> ImageFolder.read(dir, 0, 0, 0)).isInstanceOf(DataException.class)
                .hasMessage(dir.resolve("b").resolve("2.png") + ": 2x2 pixels, expected 4x4 like "
                        + dir.resolve("a").resolve("1.png") + " (give an image size to scale every image)");
        assertThat(ImageFolder.read(dir, 3, 3, 0).featureCount()).isEqualTo(9);
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
