package dev.dendrite.cli;

import dev.dendrite.data.DataException;
import dev.dendrite.data.Dataset;
import dev.dendrite.data.Split;
import dev.dendrite.model.Model;

import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The rows {@code evaluate} scores and the sentence that says which they are.
 * On the data a model was trained on (same rows, by fingerprint) the split
 * stored in the model is re-created and one part is taken, the held-out test
 * rows by default; any other data is scored whole, and says so. An image
 * folder's test part is its own test files.
 *
 * @param part the metric prefix: test, validation, training, or "" for a whole file
 */
record ScoredRows(Dataset data, String description, IntFunction<String> where, String part) {
    static final List<String> PARTS = List.of("test", "validation", "train", "all");

    static ScoredRows choose(Model model, TrainingRecord record, DataSource source, String part) {
        if (source.all().featureCount() != model.featureCount()) {
            throw new DataException(source.origin() + ": " + source.all().featureCount() + " features, the model "
                    + "expects " + Evaluate.counted(model.featureNames()));
        }
        if (source.separateTestFiles() && model.isClassification()
                && source.all().classCount() == model.classNames().size()
                && !source.all().classNames().equals(model.classNames())) {
            // IDX labels are bare indices: the names are the model's (Fashion-MNIST in a folder of another name)
            source = source.withClassNames(model.classNames());
        }
        return record != null && record.split() != null && record.isTrainingData(source.all())
                ? ofTrainingData(record, source, part) : ofOtherData(record, source, part);
    }

    private static ScoredRows ofTrainingData(TrainingRecord record, DataSource source, String part) {
        Split split = record.split();
        String of = source.origin();
        String seed = "split seed " + split.seed();
        if (source.separateTestFiles()) {
            return switch (part) {
                case "test" -> new ScoredRows(source.splits().test(), "scored the " + source.splits().test().size()
                        + " test images of " + of + " (the folder's own test files)", r -> of + " test image " + (r + 1),
                        "test");
                case "validation" -> part(source.splits().validation(), null, source, "validation",
                        "the model was trained with --validation 0", seed + ", validation "
                                + fraction(split.validationFraction()));
                case "train" -> part(source.splits().train(), null, source, "training", null, seed);
                default -> throw new DataException("--part all: " + of + " keeps its test images in separate files; "
                        + "score --part train and --part test one after the other");
            };
        }
        int[][] parts = split.rows(source.all());
        return switch (part) {
            case "test" -> {
                Dataset test = source.all().subset(parts[2]);
                if (test.size() > 0 && record.testFingerprint() != null
                        && !record.testFingerprint().equals(TrainingRecord.fingerprint(test))) {
                    throw new IllegalStateException("could not re-create the held-out test rows of " + of
                            + ": they differ from those held out at training; --part all scores every row");
                }
                yield part(test, parts[2], source, "test", "the model was trained with --test 0",
                        seed + ", test " + fraction(split.testFraction()));
            }
            case "validation" -> part(source.all().subset(parts[1]), parts[1], source, "validation",
                    "the model was trained with --validation 0", seed + ", validation "
                            + fraction(split.validationFraction()));
            case "train" -> part(source.all().subset(parts[0]), parts[0], source, "training", null, seed);
            default -> new ScoredRows(source.all(), "scored all " + source.all().size() + " rows of " + of
                    + ", the " + parts[0].length + " training rows included (no split applied)", source::where, "");
        };
    }

    private static ScoredRows part(Dataset rows, int[] index, DataSource source, String name, String whyEmpty,
                                   String how) {
        String of = source.origin();
        if (rows.size() == 0) {
            throw new DataException(of + ": " + whyEmpty + ", so it has no " + name + " rows; "
                    + "--part all scores every row, training rows included");
        }
        String which = name.equals("test") ? "held-out test" : name;
        String warning = name.equals("training") ? ": the model learned from these rows, so expect better numbers "
                + "than on new data" : "";
        IntFunction<String> where = index == null ? source::where : r -> source.where(index[r]);
        return new ScoredRows(rows, "scored the " + rows.size() + " " + which + " "
                + (source.separateTestFiles() ? "images" : "rows") + " of " + of + " (" + how + ")" + warning,
                where, name);
    }

    private static ScoredRows ofOtherData(TrainingRecord record, DataSource source, String part) {
        String of = source.origin();
        String why = record == null || record.fingerprint() == null
                ? "the model does not record its training data" : "not the training data";
        if (part.equals("validation") || part.equals("train")) {
            throw new DataException("--part " + part + ": " + of + " is " + (record == null || record.fingerprint() == null
                    ? "not known to be the data the model was trained on" : "not the data the model was trained on")
                    + ", so it has no " + (part.equals("train") ? "training" : part) + " part");
        }
        if (source.separateTestFiles()) {
            if (part.equals("all")) {
                throw new DataException("--part all: " + of + " keeps its test images in separate files; "
                        + "its test images are what evaluate scores");
            }
            return new ScoredRows(source.splits().test(), "scored the " + source.splits().test().size()
                    + " test images of " + of + " (" + why + "; the folder's own test files)",
                    r -> of + " test image " + (r + 1), "test");
        }
        return new ScoredRows(source.all(), "scored all " + source.all().size() + " rows of " + of + " (" + why
                + ": no split applied)", source::where, "");
    }

    private static String fraction(double f) {
        return String.format(Locale.ROOT, "%s", f);
    }
}
