package dev.dendrite.cli;

import dev.dendrite.data.CsvOptions;
import dev.dendrite.data.CsvReader;
import dev.dendrite.data.Features;
import dev.dendrite.model.Model;
import dev.dendrite.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code dendrite predict}: applies a saved model (with its normaliser) to the
 * rows of a CSV file and writes one line per row: the predicted class and each
 * class's probability, or the predicted value for regression.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        name = "predict",
        description = "Predict with a saved model: reads feature rows from a CSV file, matching its columns to the "
                + "model's features by header name (other columns, such as a label, are left out), and writes class "
                + "and probabilities (or values) as CSV.",
        footer = {"", "Examples:",
                "  dendrite predict --model models/digits.dnd --input new-digits.csv --output predictions.csv",
                "  dendrite predict -m iris.dnd -i flowers.csv            (writes to standard output)"})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"--model", "-m"}, required = true, description = "A model file written by 'dendrite train'.")
    Path modelFile;

    @Option(names = {"--input", "-i"}, required = true, description = "CSV file of feature rows.")
    Path input;

    @Option(names = {"--output", "-o"}, description = "Where to write predictions (default: standard output).")
    Path output;

    @Option(names = "--label", description = "A label column to drop from the input, if it has one: by header "
            + "name, or by 0-based index for a file without a header (default: the last column, when a file without "
            + "a header has one column more than the model's features).")
    String label;

    @Option(names = "--delimiter", description = "Field separator; 'tab' for TSV (default: the training file's, else ',').")
    String delimiter;

    @Option(names = "--header", defaultValue = "auto", description = "Whether the first row is a header: yes, no or "
            + "auto (default: ${DEFAULT-VALUE}: a header when it holds text or names the model's features). With a "
            + "header, columns are matched to the model's features by name; without one, they are taken in order.")
    String header;

    @Override
    public Integer call() throws IOException {
        if (output != null) {
            Output.checkFile("--output", output);
        }
        CsvOptions.Header h = DataOptions.header(header);
        Model model = Model.load(modelFile);
        TrainingRecord record = TrainingRecord.of(model);
        CsvOptions options = CsvOptions.defaults().withDelimiter(TrainingRecord.delimiter(delimiter, record))
                .withHeader(h);
        // by default the training label: dropped quietly where the input has it
        String label = this.label != null || record == null ? this.label : record.labelOption();
        if (label != null && label.contains(",")) {
            options = options.withTargets(DataOptions.names("--label", label));
        } else if (label != null) {
            options = label.matches("-?\\d+") ? options.withLabel(Integer.parseInt(label)) : options.withLabel(label);
        }
        // by name, so a file with its columns in another order still feeds each feature its own column
        Features features = CsvReader.readFeatures(input, options, model.preprocessor());
        if (!features.columns().note().isEmpty()) {
            spec.commandLine().getErr().println("dendrite: note: " + features.columns().note());
        }
        Tensor predictions = model.predict(features.values());
        if (output == null) {
            // Main checks standard output for write errors before choosing the exit code
            PrintWriter out = spec.commandLine().getOut();
            write(out, model, predictions);
            out.flush();
        } else {
            // atomic: a full disk leaves the previous file (or none), and the failure exits 1
            Output.text(output, w -> write(w, model, predictions));
            spec.commandLine().getErr().println("wrote " + features.size() + " predictions to " + output);
        }
        return 0;
    }

    /** Writes the CSV; a {@link PrintWriter} never throws, so Main checks it afterwards. */
    private static void write(Writer out, Model model, Tensor predictions) throws IOException {
        int rows = predictions.dim(0);
        if (model.isClassification()) {
            StringBuilder header = new StringBuilder("class");
            for (String c : model.classNames()) {
                header.append(",p_").append(csvName(c));
            }
            line(out, header);
            int[] best = predictions.argmaxRows();
            for (int r = 0; r < rows; r++) {
                StringBuilder line = new StringBuilder(csvName(model.classNames().get(best[r])));
                for (int c = 0; c < model.classNames().size(); c++) {
                    line.append(',').append(String.format(Locale.ROOT, "%.6f", predictions.get(r, c)));
                }
                line(out, line);
            }
        } else {
            java.util.List<String> targets = model.targetNames();
            line(out, targets.isEmpty() ? "prediction"
                    : String.join(",", targets.stream().map(PredictCommand::csvName).toList()));
            int k = model.targetCount();
            for (int r = 0; r < rows; r++) {
                StringBuilder line = new StringBuilder();
                for (int j = 0; j < k; j++) {
                    line.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6g", predictions.get(r, j)));
                }
                line(out, line);
            }
        }
    }

    private static void line(Writer out, CharSequence text) throws IOException {
        out.append(text).append(System.lineSeparator());
    }

    private static String csvName(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
