package dev.dendrite.cli;

import dev.dendrite.io.Json;
import dev.dendrite.model.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dendrite inspect}: what a model file holds, without running it: the
 * task, classes, features and normaliser, the training metadata (data source,
 * settings, metrics), and the layer table with output shapes and parameter
 * counts.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        name = "inspect",
        description = "Show a model file's task, classes, features, training metadata and layer table.",
        footer = {"", "Example:", "  dendrite inspect --model models/digits.dnd"})
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"--model", "-m"}, required = true, description = "A model file written by Dendrite.")
    Path modelFile;

    @Override
    public Integer call() {
        Model model = Model.load(modelFile);
        PrintWriter out = spec.commandLine().getOut();
        out.println("model: " + modelFile);
        out.println("task: " + model.task().name().toLowerCase(java.util.Locale.ROOT)
                + (model.isClassification() ? ", " + model.classNames().size() + " classes ("
                + names(model.classNames()) + ")" : model.targetCount() > 1 ? ", " + model.targetCount()
                + " targets (" + names(model.targetNames()) + ")" : ""));
        out.println("features: " + model.featureCount() + (model.featureCount() > 0
                ? " (" + names(model.featureNames()) + ")" : ""));
        if (model.hasPreprocessing()) {
            dev.dendrite.data.Preprocessor p = model.preprocessor();
            List<String> cats = p.columns().stream().filter(dev.dendrite.data.Preprocessor.Column::categorical)
                    .map(c -> clip(c.name()) + " (" + c.width() + ")").toList();
            out.println("columns: " + p.columns().size() + " (" + names(p.columnNames()) + "); categorical: "
                    + (cats.isEmpty() ? "none" : names(cats)) + "; missing cells: "
                    + (p.impute() == dev.dendrite.data.Preprocessor.Impute.ERROR ? "refused"
                    : "filled (" + p.impute().name().toLowerCase(java.util.Locale.ROOT) + ")"));
        }
        out.println("inputs: " + model.network().inputs().stream()
                .map(in -> in.kind() == dev.dendrite.nn.Input.Kind.FLOATS && in.shape().rank() == 0
                        ? in.name() + " [" + model.featureCount() + "]" : in.toString()).toList());
        out.println("normaliser: " + model.normalizer().kind().name().toLowerCase(java.util.Locale.ROOT));
        if (!model.metadata().isEmpty()) {
            out.println("metadata:");
            for (Map.Entry<String, Object> e : model.metadata().entrySet()) {
                out.println("  " + e.getKey() + ": " + value(e.getValue()));
            }
        }
        out.println();
        out.print(model.summary());
        return 0;
    }

    /** At most six names; a longer list shows its first three, a count, and its last. */
    static String names(List<String> names) {
        if (names.size() <= 6) {
            return String.join(", ", names.stream().map(InspectCommand::clip).toList());
        }
        return clip(names.get(0)) + ", " + clip(names.get(1)) + ", " + clip(names.get(2)) + ", ... ("
                + (names.size() - 4) + " more) ..., " + clip(names.get(names.size() - 1));
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String value(Object v) {
        String s = v instanceof String str ? str : Json.write(v);
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }
}
