package dev.dendrite.cli;

import dev.dendrite.data.DataException;
import dev.dendrite.data.Dataset;
import dev.dendrite.data.Split;
import dev.dendrite.data.Splits;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks data before training for what trains "fine" and means nothing:
 * fewer than two rows, a single class (a one-output network whose accuracy is
 * always 1), or a split too small to give the parts that were asked for are
 * refused; a class too rare to reach every part of a stratified split, a class
 * left without training rows, and a regression target that never changes are
 * warned about on standard error.
 */
final class DataChecks {
    private DataChecks() {
    }

    static void check(DataSource source, PrintWriter err) {
        Dataset all = source.all();
        String where = source.origin();
        if (all.size() < 2) {
            throw new DataException(where + ": " + all.size() + " data row" + (all.size() == 1 ? "" : "s")
                    + "; training needs at least 2");
        }
        if (all.isClassification()) {
            List<String> present = new ArrayList<>();
            int[] counts = all.classCounts();
            for (int c = 0; c < counts.length; c++) {
                if (counts[c] > 0) {
                    present.add(all.classNames().get(c));
                }
            }
            if (present.size() < 2) {
                throw new DataException(where + ": every row has the label '" + cut(present.get(0))
                        + "'; classification needs at least 2 classes" + (source.isCsv() ? " (is --label the right column?)" : ""));
            }
        }
        Split split = source.split();
        Splits parts = source.splits();
        requirePart(where, all.size(), "--test", split.testFraction(), parts.test(), source.separateTestFiles());
        requirePart(where, all.size(), "--validation", split.validationFraction(), parts.validation(), false);
        if (parts.train().size() == 0) {
            throw new DataException(where + ": no rows are left for training after the split; lower --validation or --test");
        }
        if (all.isClassification()) {
            warnRareClasses(all, parts, split, source.separateTestFiles(), err);
        } else if (constant(all.targets().buffer())) {
            err.println("dendrite: warning: " + where + ": every target is " + all.targets().get(0, 0)
                    + "; the model can only learn that constant");
        }
    }

    private static void requirePart(String where, int rows, String flag, double fraction, Dataset part,
                                    boolean ownFiles) {
        if (fraction > 0 && part.size() == 0 && !ownFiles) {
            throw new DataException(where + ": " + rows + " rows are too few for " + flag + " "
                    + fmt(fraction) + " (it rounds to 0 rows); raise " + flag + " or pass " + flag + " 0");
        }
    }

    private static void warnRareClasses(Dataset all, Splits parts, Split split, boolean ownTestFiles,
                                        PrintWriter err) {
        // a stratified split gives each class its share of every part only when it has a row for each
        int needed = 1 + (split.validationFraction() > 0 ? 1 : 0) + (split.testFraction() > 0 && !ownTestFiles ? 1 : 0);
        int[] counts = all.classCounts();
        int[] trained = parts.train().classCounts();
        List<String> rare = new ArrayList<>();
        List<String> untrained = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            String name = "'" + cut(all.classNames().get(c)) + "'";
            if (counts[c] > 0 && counts[c] < needed) {
                rare.add(name + " (" + counts[c] + ")");
            }
            if (counts[c] > 0 && trained[c] == 0) {
                untrained.add(name);
            }
        }
        if (!rare.isEmpty()) {
            err.println("dendrite: warning: " + few(rare) + " too few rows to be split across the training, "
                    + (needed == 3 ? "validation and test" : split.validationFraction() > 0 ? "validation" : "test")
                    + " parts (" + needed + " needed): " + join(rare));
        }
        if (!untrained.isEmpty()) {
            err.println("dendrite: warning: the split left no training rows for class" + (untrained.size() == 1 ? " " : "es ")
                    + join(untrained) + "; the model cannot learn " + (untrained.size() == 1 ? "it" : "them"));
        }
    }

    private static String few(List<String> rare) {
        return rare.size() == 1 ? "1 class has" : rare.size() + " classes have";
    }

    private static String join(List<String> items) {
        int shown = Math.min(items.size(), 5);
        String s = String.join(", ", items.subList(0, shown));
        return items.size() > shown ? s + " and " + (items.size() - shown) + " more" : s;
    }

    private static boolean constant(float[] v) {
        for (float x : v) {
            if (x != v[0]) {
                return false;
            }
        }
        return true;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }

    static String cut(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
