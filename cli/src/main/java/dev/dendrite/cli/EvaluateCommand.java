package dev.dendrite.cli;

import dev.dendrite.data.CsvOptions;
import dev.dendrite.data.Split;
import dev.dendrite.data.Task;
import dev.dendrite.model.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code dendrite evaluate}: scores a saved model. Without {@code --data} it
 * reads the data the model was trained on (the model file records where it
 * was); given the same data, it re-creates the split stored in the model and
 * scores the held-out test rows (or the part {@code --part} names), and data
 * the model was not trained on is scored whole. The output says which rows
 * were scored. CSV columns are matched to the model's features by name.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        name = "evaluate",
        description = "Score a saved model on data: accuracy, per-class precision/recall/F1 and the confusion "
                + "matrix, or MSE/MAE/R² for regression. On the data it was trained on, only the rows held out "
                + "for testing are scored (the split is stored in the model); other data is scored whole.",
        footer = {"", "Examples:",
                "  dendrite evaluate --model models/digits.dnd           its held-out test rows",
                "  dendrite evaluate --model models/digits.dnd --part validation",
                "  dendrite evaluate --model iris.dnd --data new.csv     every row of new data"})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"--model", "-m"}, required = true, description = "A model file written by 'dendrite train'.")
    Path modelFile;

    @Option(names = {"--data", "-d"}, description = "digits, fashion-mnist, a folder of IDX files or a CSV file "
            + "(default: the data the model was trained on).")
    String data;

    @Option(names = "--part", defaultValue = "test", description = "Which rows of the training data to score: "
            + "test, validation, train or all (default: ${DEFAULT-VALUE}). Data the model was not trained on is "
            + "scored whole.")
    String part;

    @Option(names = "--label", description = "CSV label column, by header name or 0-based index "
            + "(default: the one the model was trained with).")
    String label;

    @Option(names = "--task", description = "classification or regression; must be the model's own task "
            + "(default: the model's).")
    String task;

    @Option(names = "--delimiter", description = "CSV field separator; 'tab' for TSV (default: the training file's).")
    String delimiter;

    @Option(names = "--header", description = "Whether a CSV file's first row is a header: yes, no or auto "
            + "(default: auto; for the training file, what training found).")
    String header;

    // options of 'train' that mean nothing here: refused rather than silently ignored
    @Option(names = "--test", hidden = true)
    String test;

    @Option(names = "--validation", hidden = true)
    String validation;

    @Option(names = "--normalize", hidden = true)
    String normalize;

    @Option(names = "--features", hidden = true)
    String features;

    private void refuseTrainOptions() {
        String split = "evaluate re-creates the split stored in the model; choose the rows with "
                + "--part test, validation, train or all";
        if (test != null || validation != null) {
            throw new IllegalArgumentException((test != null ? "--test" : "--validation") + ": " + split);
        }
        if (normalize != null) {
            throw new IllegalArgumentException("--normalize: evaluate uses the normaliser stored in the model");
        }
        if (features != null) {
            throw new IllegalArgumentException("--features: evaluate finds the model's own feature columns by name");
        }
        if (!ScoredRows.PARTS.contains(part.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("--part: '" + DataChecks.cut(part)
                    + "' is not one of test, validation, train, all");
        }
    }

    @Override
    public Integer call() {
        refuseTrainOptions();
        Model model = Model.load(modelFile);
        TrainingRecord record = TrainingRecord.of(model);
        String source = data != null ? data : trainingData(model, record);
        Split split = record != null && record.split() != null ? record.split() : new Split(0, 0, 0);
        // images are scaled to the size the model was trained at, whichever folder they come from
        int[] size = null;
        if (record != null && record.imageSize() != null && Files.isDirectory(Path.of(source))
                && dev.dendrite.data.ImageFolder.looksLikeOne(Path.of(source))) {
            try {
                size = DataSource.imageSize(record.imageSize());
            } catch (IllegalArgumentException e) {
                size = null; // a malformed record reads as absent; the feature count check then explains
            }
        }
        DataSource loaded = DataSource.resolve(source, csvFlags(model, record, data == null), split, null, size);
        var err = spec.commandLine().getErr();
        if (!loaded.columns().note().isEmpty()) {
            err.println("dendrite: note: " + loaded.columns().note());
        }
        ScoredRows rows = ScoredRows.choose(model, record, loaded, part.toLowerCase(Locale.ROOT));
        var out = spec.commandLine().getOut();
        out.println("model: " + modelFile + " (" + model.network() + ")");
        out.println("data: " + loaded.description() + (data == null ? " (the model's training data)" : ""));
        out.println(rows.description());
        out.print(Evaluate.report(model, rows.data(), loaded.origin(), rows.where(), rows.part()).text());
        return 0;
    }

    /** Where the model says it was trained, when it is still there. */
    private String trainingData(Model model, TrainingRecord record) {
        if (record == null || record.kind() == null) {
            Object named = model.metadata().get("data");
            if ("digits".equals(named) || "fashion-mnist".equals(named)) {
                return (String) named;
            }
            throw new IllegalArgumentException(modelFile + ": the model does not record where its training data is"
                    + (named instanceof String s ? " (it names '" + DataChecks.cut(s) + "')" : "") + "; pass --data");
        }
        if (record.kind().equals("digits")) {
            return "digits";
        }
        Path p = record.path() == null ? null : Path.of(record.path());
        boolean folder = record.kind().equals("idx") || record.kind().equals("images");
        boolean here = p != null && (folder ? Files.isDirectory(p) : Files.isRegularFile(p));
        if (!here) {
            throw new IllegalArgumentException(modelFile + ": the model was trained on " + record.path()
                    + ", which is not here; pass --data");
        }
        return record.path();
    }

    private DataSource.CsvFlags csvFlags(Model model, TrainingRecord record, boolean trainingFile) {
        Task modelTask = model.isClassification() ? Task.CLASSIFICATION : Task.REGRESSION;
        if (task != null) {
            Task t = DataOptions.task(task);
            if (t != Task.AUTO && t != modelTask) {
                throw new IllegalArgumentException("--task " + task.toLowerCase(Locale.ROOT) + ": the model does "
                        + modelTask.name().toLowerCase(Locale.ROOT));
            }
        }
        // by default the label column and delimiter that training used
        String labelColumn = label != null || record == null ? label : record.labelOption();
        char sep = TrainingRecord.delimiter(delimiter, record);
        CsvOptions.Header h = header != null ? DataOptions.header(header)
                : trainingFile && record != null && record.header() != null
                ? (record.header() ? CsvOptions.Header.PRESENT : CsvOptions.Header.ABSENT) : CsvOptions.Header.AUTO;
        return new DataSource.CsvFlags(labelColumn, modelTask, null, sep, h, model.preprocessor());
    }
}
