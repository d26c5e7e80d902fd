package dev.dendrite.cli;

import dev.dendrite.data.Excerpt;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.AvgPool2d;
import dev.dendrite.nn.BatchNorm;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Flatten;
import dev.dendrite.nn.GlobalAvgPool2d;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.LayerNorm;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.RandomCropFlip;
import dev.dendrite.nn.Reshape;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --arch}: a network written as comma-separated layer words, or the name
 * of a built-in one. Words: {@code conv32x3} (32 filters of 3x3, stride 1,
 * padding 1 = half the kernel, which keeps the size for odd kernels; add
 * {@code s2} for stride 2, {@code p0} for other padding: {@code conv64x3s2p1}),
 * {@code pool2} or {@code maxpool2} (2x2 max pooling, stride 2),
 * {@code avgpool2}, {@code gap} (global average pooling), {@code bn} (batch
 * normalisation), {@code ln} (layer normalisation over each example), {@code relu}, {@code leaky_relu}, {@code tanh},
 * {@code sigmoid}, {@code flatten}, {@code dense128}, {@code dropout0.3}, and for
 * training-time augmentation {@code augment2} (random shifts of up to 2 pixels
 * and left-right flips), {@code crop2} (shifts only), {@code flip}; a built-in
 * name may appear among the words ({@code flip,small-cnn}). Flat
 * pixel rows are reshaped to {@code [channels, height, width]} first (given by
 * {@code --image-shape}, or a square image of one channel when the pixel count
 * is a square, else of three when a third of it is); a flatten is put in before the first dense layer after images; and
 * the output layer (one unit per class, or one for regression) is added unless
 * the spec ends with a dense layer of exactly that size.
 */
final class ArchSpec {
    /** The built-in architectures by name. */
    static final Map<String, String> BUILT_IN = Map.of(
            // the reference model for 28x28 images: two conv blocks and a dense head
            "small-cnn", "conv32x3,bn,relu,pool2,conv64x3,bn,relu,pool2,flatten,dense128,relu,dropout0.3",
            // for small images such as the 8x8 digits
            "tiny-cnn", "conv16x3,bn,relu,pool2,conv32x3,bn,relu,flatten,dense64,relu");

    private static final Pattern CONV = Pattern.compile("conv(\\d+)x(\\d+)(?:s(\\d+))?(?:p(\\d+))?");
    private static final Pattern POOL = Pattern.compile("(max|avg)?pool(\\d+)");
    private static final Pattern DENSE = Pattern.compile("dense(\\d+)");
    private static final Pattern AUGMENT = Pattern.compile("(crop|augment)(\\d+)|flip");
    private static final Pattern DROPOUT = Pattern.compile("dropout(0?\\.\\d+|0)");

    private ArchSpec() {
    }

    /**
     * The spec with every built-in name replaced by its words, so a built-in can
     * stand alone ({@code small-cnn}) or be extended ({@code flip,small-cnn}).
     */
    static String expand(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder();
        for (String w : t.split(",", -1)) {
            sb.append(sb.length() == 0 ? "" : ",").append(BUILT_IN.getOrDefault(w.trim(), w.trim()));
        }
        return sb.toString();
    }

    /** The image shape per example: {@code --image-shape CxHxW}, or a square one-channel image. */
    static Shape imageShape(String option, int features) {
        if (option != null) {
            String[] p = option.toLowerCase(Locale.ROOT).split("x");
            int[] d = new int[p.length];
            try {
                for (int i = 0; i < p.length; i++) {
                    d[i] = Integer.parseInt(p[i].trim());
                }
            } catch (NumberFormatException e) {
                d = new int[0];
            }
            if (d.length != 3 || d[0] <= 0 || d[1] <= 0 || d[2] <= 0) {
                throw new IllegalArgumentException("--image-shape: '" + Excerpt.of(option)
                        + "' is not CxHxW (e.g. 1x28x28 or 3x32x32)");
            }
            if ((long) d[0] * d[1] * d[2] != features) {
                throw new IllegalArgumentException("--image-shape " + option + ": " + d[0] * d[1] * d[2]
                        + " values per image, but the data has " + features + " features");
            }
            return Shape.of(d);
        }
        int side = (int) Math.round(Math.sqrt(features));
        int colourSide = (int) Math.round(Math.sqrt(features / 3.0));
        if (side * side != features && colourSide >= 4 && 3 * colourSide * colourSide == features) {
            return Shape.of(3, colourSide, colourSide); // a square colour image, as an image folder gives
        }
        if (side * side != features) {
            throw new IllegalArgumentException("--arch: the data has " + features + " features, not a square"
                    + " one-channel image; give --image-shape CxHxW");
        }
        return Shape.of(1, side, side);
    }

    /** Whether the spec has a layer that needs images (convolution or pooling). */
    static boolean needsImages(String spec) {
        for (String w : spec.split(",")) {
            String t = w.trim();
            if (CONV.matcher(t).matches() || POOL.matcher(t).matches() || t.equals("gap")) {
                return true;
            }
        }
        return false;
    }

    /** The network for {@code features} inputs per example and {@code outputs} outputs, built and initialised. */
    static Sequential build(String text, int features, String imageOption, int outputs, Rng rng) {
        String spec = expand(text);
        List<Layer> layers = new ArrayList<>();
        boolean spatial = needsImages(spec);
        if (spatial) {
            layers.add(new Reshape(imageShape(imageOption, features).dims()));
        }
        String[] words = spec.split(",");
        Integer lastDense = null;
        for (int i = 0; i < words.length; i++) {
            String w = words[i].trim();
            Matcher m;
            lastDense = null;
            if ((m = CONV.matcher(w)).matches()) {
                requireImages(spatial, w);
                int k = positive(m.group(2), w);
                Conv2d c = new Conv2d(positive(m.group(1), w), k);
                if (m.group(3) != null) {
                    c.stride(positive(m.group(3), w));
                }
                c.padding(m.group(4) != null ? Integer.parseInt(m.group(4)) : k / 2);
                layers.add(c);
            } else if ((m = POOL.matcher(w)).matches()) {
                requireImages(spatial, w);
                int k = positive(m.group(2), w);
                layers.add("avg".equals(m.group(1)) ? new AvgPool2d(k) : new MaxPool2d(k));
            } else if ((m = AUGMENT.matcher(w)).matches()) {
                requireImages(spatial, w);
                int pad = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
                layers.add(new RandomCropFlip(pad, !"crop".equals(m.group(1))));
            } else if (w.equals("gap")) {
                requireImages(spatial, w);
                layers.add(new GlobalAvgPool2d());
                spatial = false;
            } else if (w.equals("flatten")) {
                layers.add(new Flatten());
                spatial = false;
            } else if (w.equals("bn")) {
                layers.add(new BatchNorm());
            } else if (w.equals("ln")) {
                layers.add(new LayerNorm());
            } else if ((m = DENSE.matcher(w)).matches()) {
                if (spatial) {
                    layers.add(new Flatten());
                    spatial = false;
                }
                lastDense = positive(m.group(1), w);
                layers.add(new Dense(lastDense));
            } else if ((m = DROPOUT.matcher(w)).matches()) {
                layers.add(new Dropout(Float.parseFloat(m.group(1))));
            } else if (List.of("relu", "leaky_relu", "tanh", "sigmoid").contains(w)) {
                layers.add(new Activation(Activation.parse(w)));
            } else {
                throw notALayer(w, i);
            }
        }
        if (lastDense == null || lastDense != outputs) {
            if (spatial) {
                layers.add(new Flatten());
            }
            layers.add(new Dense(outputs, true, Init.XAVIER_UNIFORM));
        }
        Sequential net = new Sequential(layers);
        try {
            net.build(Shape.of(features), rng);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--arch: " + e.getMessage());
        }
        return net;
    }

    private static IllegalArgumentException notALayer(String w, int i) {
        return new IllegalArgumentException("--arch: '" + Excerpt.of(w) + "' (word " + (i + 1) + ") is not a"
                + " layer; expected convNxK[sS][pP], pool2, avgpool2, gap, bn, ln, relu, tanh, sigmoid,"
                + " leaky_relu, flatten, denseN, dropoutP, augmentN, cropN, flip, or a built-in: " + String.join(", ",
                new java.util.TreeSet<>(BUILT_IN.keySet())));
    }

    /** Checks every word of the spec (not yet the sizes, which need the data), before any data is read. */
    static void checkWords(String text) {
        String[] words = expand(text).split(",");
        for (int i = 0; i < words.length; i++) {
            String w = words[i].trim();
            Matcher m;
            if ((m = CONV.matcher(w)).matches()) {
                positive(m.group(1), w);
                positive(m.group(2), w);
                if (m.group(3) != null) {
                    positive(m.group(3), w);
                }
            } else if ((m = POOL.matcher(w)).matches()) {
                positive(m.group(2), w);
            } else if ((m = DENSE.matcher(w)).matches()) {
                positive(m.group(1), w);
            } else if (!DROPOUT.matcher(w).matches() && !AUGMENT.matcher(w).matches()
                    && !List.of("gap", "flatten", "bn", "ln", "relu", "leaky_relu", "tanh", "sigmoid").contains(w)) {
                throw notALayer(w, i);
            }
        }
    }

    private static void requireImages(boolean spatial, String word) {
        if (!spatial) {
            throw new IllegalArgumentException("--arch: '" + Excerpt.of(word) + "' needs images, and the layers"
                    + " before it have flattened them");
        }
    }

    private static int positive(String digits, String word) {
        int v;
        try {
            v = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            v = 0;
        }
        if (v <= 0) {
            throw new IllegalArgumentException("--arch: '" + Excerpt.of(word) + "': sizes must be positive integers");
        }
        return v;
    }
}
