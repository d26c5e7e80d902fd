package dev.dendrite.cli;

import dev.dendrite.data.Dataset;
import dev.dendrite.data.Excerpt;
import dev.dendrite.data.Preprocessor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sentences that say what training did to a table's columns: which were
 * one-hot encoded and into how many features, and how many cells were missing
 * and what filled them.
 */
final class Tabular {
    private Tabular() {
    }

    /** E.g. "categorical: color (3 categories), size (2) -> 7 features; 4 missing cells filled (mean)". */
    static String describe(Preprocessor p, Dataset all) {
        List<String> cats = new ArrayList<>();
        for (Preprocessor.Column c : p.columns()) {
            if (c.categorical()) {
                cats.add(Excerpt.of(c.name()) + " (" + c.width() + (cats.isEmpty() ? " categories)" : ")"));
            }
        }
        StringBuilder sb = new StringBuilder();
        if (!cats.isEmpty()) {
            int shown = Math.min(cats.size(), 5);
            sb.append("categorical: ").append(String.join(", ", cats.subList(0, shown)))
                    .append(cats.size() > shown ? " and " + (cats.size() - shown) + " more" : "")
                    .append(" -> ").append(p.featureNames().size()).append(" features");
        }
        if (p.impute() != Preprocessor.Impute.ERROR) {
            long missing = missingCells(p, all);
            sb.append(sb.length() == 0 ? "" : "; ").append(missing).append(" missing cell")
                    .append(missing == 1 ? "" : "s").append(", filled from the training rows (impute ")
                    .append(p.impute().name().toLowerCase(Locale.ROOT)).append(')');
        }
        return sb.toString();
    }

    /** Missing cells of the raw table: NaN features, a categorical column's group counted once. */
    static long missingCells(Preprocessor p, Dataset all) {
        float[] x = all.features().buffer();
        int f = all.featureCount();
        long n = 0;
        for (int i = 0; i < all.size(); i++) {
            int at = 0;
            for (Preprocessor.Column c : p.columns()) {
                if (Float.isNaN(x[i * f + at])) {
                    n++;
                }
                at += c.width();
            }
        }
        return n;
    }
}
