package dev.dendrite.cli;

import dev.dendrite.data.Dataset;
import dev.dendrite.model.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code dendrite evaluate}: scores a saved model. For the built-in data sets
 * it uses the same held-out test part that training used (the split seed is in
 * the model file); a CSV file is scored whole.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        name = "evaluate",
        description = "Score a saved model on data: accuracy, per-class precision/recall/F1 and the confusion "
                + "matrix, or MSE/MAE/R² for regression.",
        footer = {"", "Examples:",
                "  dendrite evaluate --model models/digits.dnd",
                "  dendrite evaluate --model models/fashion-mnist.dnd --data fashion-mnist",
                "  dendrite evaluate --model iris.dnd --data iris-test.csv --label species"})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"--model", "-m"}, required = true, description = "A model file written by 'dendrite train'.")
    Path modelFile;

    @Mixin
    DataOptions dataOptions;

    @Override
    public Integer call() {
        Model model = Model.load(modelFile);
        Object seed = model.metadata().get("seed");
        long splitSeed = seed instanceof Number n ? n.longValue() : 42;
        DataSource source = dataOptions.resolve(splitSeed, true);
        // a CSV file is scored whole; built-in data sets keep the test part that training held out
        Dataset data = source.isCsv() ? source.splits().train() : source.splits().test();
        var out = spec.commandLine().getOut();
        out.println("model: " + modelFile + " (" + model.network() + ")");
        out.println("data: " + source.description() + (source.isCsv() ? "" : "; scoring its test part, "
                + data.size() + " rows"));
        out.print(Evaluate.report(model, data, source.origin(), source::where).text());
        return 0;
    }
}
