package dev.dendrite.cli;

import dev.dendrite.data.Dataset;
import dev.dendrite.data.Excerpt;

import java.util.List;
import java.util.Locale;

/**
 * Parses {@code --class-weights}: {@code none}; {@code balanced}, which weighs
 * each class by {@code rows / (classes x rows of that class)} over the training
 * rows (scikit-learn's rule, so a class with a tenth of the rows counts ten
 * times as much); or {@code name=weight,...}, where classes not named weigh 1.
 */
final class ClassWeights {
    private ClassWeights() {
    }

    /** The weights by class index, or null for none. */
    static float[] parse(String text, Dataset train) {
        String t = text.strip();
        if (t.equalsIgnoreCase("none")) {
            return null;
        }
        List<String> classes = train.classNames();
        float[] w = new float[classes.size()];
        if (t.equalsIgnoreCase("balanced")) {
            int[] counts = train.classCounts();
            for (int c = 0; c < w.length; c++) {
                // a class without training rows never appears in a batch; its weight is never used
                w[c] = counts[c] == 0 ? 1f : (float) ((double) train.size() / (w.length * (double) counts[c]));
            }
            return w;
        }
        java.util.Arrays.fill(w, 1f);
        for (String part : t.split(",", -1)) {
            int eq = part.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--class-weights: '" + Excerpt.of(part.strip()) + "' is not "
                        + "class=weight (expected none, balanced or a list such as a=2,b=1)");
            }
            String name = part.substring(0, eq).strip();
            int c = classes.indexOf(name);
            if (c < 0) {
                throw new IllegalArgumentException("--class-weights: no class named '" + Excerpt.of(name)
                        + "' (classes: " + Evaluate.names(classes) + ")");
            }
            float v;
            try {
                v = Float.parseFloat(part.substring(eq + 1).strip());
            } catch (NumberFormatException e) {
                v = Float.NaN;
            }
            if (!(v > 0) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("--class-weights: the weight of '" + Excerpt.of(name)
                        + "' must be a positive number, got '" + Excerpt.of(part.substring(eq + 1).strip()) + "'");
            }
            w[c] = v;
        }
        return w;
    }

    /** "a=2, b=1" for the output and the model's metadata. */
    static String describe(float[] w, List<String> classes) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < w.length; c++) {
            sb.append(c == 0 ? "" : ", ").append(Excerpt.of(classes.get(c))).append('=')
                    .append(String.format(Locale.ROOT, "%.4g", w[c]));
        }
        return sb.toString();
    }
}
