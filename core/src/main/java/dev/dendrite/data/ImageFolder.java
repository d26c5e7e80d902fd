package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Images as users keep them: a folder with one sub-folder per class
 * ({@code pets/cat/001.png}, {@code pets/dog/a.jpg}), read with the JDK's
 * {@code javax.imageio} (PNG, JPEG, GIF, BMP). Classes are the sub-folder names
 * in sorted order, files are read in sorted order, and names starting with a
 * dot are skipped. Each image becomes one row of {@code channels x height x width}
 * pixel values 0..255, channels first (the layout a convolution reads after a
 * reshape to {@code [C, H, W]}); grey images are one channel, colour ones three
 * (RGB), and a colour image in a grey data set is converted by luminance
 * ({@code 0.299 R + 0.587 G + 0.114 B}). Every image must have the size of the
 * first unless a size is given, to which each is then scaled (bilinear, after
 * halvings that average 2x2 blocks when it shrinks by more than half). A file
 * that is not an image, or a folder without classes, is an error naming it.
 */
public final class ImageFolder {
    private ImageFolder() {
    }

    /** Whether {@code dir} looks like an image folder: it has sub-folders and no IDX files. */
    public static boolean looksLikeOne(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> entries = s.toList();
            return entries.stream().anyMatch(Files::isDirectory)
                    && entries.stream().noneMatch(p -> p.getFileName().toString().contains("-idx"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads the folder. {@code height} and {@code width} 0 keep the first image's size;
     * {@code channels} 0 chooses 1 when every image is grey, else 3.
     */
    public static Dataset read(Path dir, int height, int width, int channels) {
        List<Path> classes = list(dir, true);
        if (classes.isEmpty()) {
            throw new DataException(dir + ": no class sub-folders (expected one folder of images per class)");
        }
        List<String> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path c : classes) {
            names.add(c.getFileName().toString());
            for (Path f : list(c, false)) {
                files.add(f);
                labels.add(names.size() - 1);
            }
        }
        if (files.isEmpty()) {
            throw new DataException(dir + ": the class folders hold no image files");
        }
        List<BufferedImage> images = new ArrayList<>();
        boolean allGrey = true;
        for (Path f : files) {
            BufferedImage img = load(f);
            allGrey &= img.getColorModel().getNumColorComponents() == 1;
            images.add(img);
        }
        int h = height > 0 ? height : images.get(0).getHeight();
        int w = width > 0 ? width : images.get(0).getWidth();
        int ch = channels > 0 ? channels : allGrey ? 1 : 3;
        float[] x = new float[files.size() * ch * h * w];
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = images.get(i);
            if (img.getHeight() != h || img.getWidth() != w) {
                if (height <= 0) {
                    throw new SizeMismatch(files.get(i) + ": " + img.getHeight() + "x" + img.getWidth()
                            + " pixels (height x width), but " + files.get(0) + " is " + h + "x" + w);
                }
                img = scale(img, w, h);
            }
            pixels(img, ch, x, i * ch * h * w);
        }
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        return Dataset.classification(Tensor.wrap(x, dev.dendrite.tensor.Shape.of(files.size(), ch * h * w)),
                Dataset.numberedNames("pixel", ch * h * w), y, names);
    }

    /**
     * An image whose size differs from the first one's while no size was given.
     * {@link #fact()} names the file and both sizes; the message adds how to fix it
     * from Java, and a command-line caller can name its own option instead.
     */
    public static final class SizeMismatch extends DataException {
        private final String fact;

        SizeMismatch(String fact) {
            super(fact + " (give an image size to scale every image to it)");
            this.fact = fact;
        }

        /** The file and both sizes, without advice. */
        public String fact() {
            return fact;
        }
    }

    private static List<Path> list(Path dir, boolean folders) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> folders == Files.isDirectory(p)).sorted().toList();
        } catch (IOException e) {
            throw new DataException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static BufferedImage load(Path f) {
        BufferedImage img;
        try {
            img = ImageIO.read(f.toFile());
        } catch (IOException e) {
            throw new DataException(f + ": cannot be read as an image (" + Excerpt.of(String.valueOf(e.getMessage()))
                    + ")", e);
        }
        if (img == null) {
            throw new DataException(f + ": not an image (expected PNG, JPEG, GIF or BMP)");
        }
        return img;
    }

    /**
     * Bilinear scaling to {@code w x h}. Bilinear reads only the two nearest source
     * pixels per axis, so shrinking by more than half would skip pixels (and alias
     * stripes); the image is first halved (each step averages 2x2 blocks) until at
     * most one halving remains. Grey stays grey: drawing into an RGB image would put
     * the levels through a colour space conversion.
     */
    static BufferedImage scale(BufferedImage img, int w, int h) {
        boolean grey = img.getColorModel().getNumColorComponents() == 1;
        BufferedImage cur = img;
        while (cur.getWidth() > 2 * w || cur.getHeight() > 2 * h) {
            cur = draw(cur, Math.max(w, (cur.getWidth() + 1) / 2), Math.max(h, (cur.getHeight() + 1) / 2), grey);
        }
        return cur.getWidth() == w && cur.getHeight() == h && cur != img ? cur : draw(cur, w, h, grey);
    }

    private static BufferedImage draw(BufferedImage img, int w, int h, boolean grey) {
        BufferedImage out = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** Writes the image's pixels channels first: grey by luminance for one channel, R, G, B planes for three. */
    private static void pixels(BufferedImage img, int ch, float[] x, int at) {
        int h = img.getHeight();
        int w = img.getWidth();
        boolean grey = img.getColorModel().getNumColorComponents() == 1;
        // a 16-bit grey PNG holds levels 0..65535: bring them to the 0..255 of every other image
        int bits = grey ? img.getSampleModel().getSampleSize(0) : 8;
        float toByte = bits == 8 ? 1f : 255f / ((1L << bits) - 1);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int p = r * w + c;
                if (grey) {
                    // the raster's own sample: getRGB would pass grey through a colour space conversion
                    float v = img.getRaster().getSample(c, r, 0) * toByte;
                    for (int k = 0; k < ch; k++) {
                        x[at + k * h * w + p] = v;
                    }
                    continue;
                }
                int rgb = img.getRGB(c, r);
                float red = (rgb >> 16) & 0xff;
                float green = (rgb >> 8) & 0xff;
                float blue = rgb & 0xff;
                if (ch == 1) {
                    x[at + p] = 0.299f * red + 0.587f * green + 0.114f * blue;
                } else {
                    x[at + p] = red;
                    x[at + h * w + p] = green;
                    x[at + 2 * h * w + p] = blue;
                }
            }
        }
    }
}
