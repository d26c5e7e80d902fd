package dev.dendrite.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dendrite cv}: k-fold cross-validation with the options of
 * {@code dendrite train}, which it hands to a train command of its own; see
 * {@link TrainCommand#crossValidate}.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        name = "cv",
        description = "Cross-validate: train on all folds but one and test on that one, for each fold in turn "
                + "(stratified for classification, seeded with --seed); print each fold's test metrics and their "
                + "mean and standard deviation. Takes every option of 'dendrite train' except those that write "
                + "files and --test.",
        footer = {"", "Examples:",
                "  dendrite cv --data iris.csv --label species --folds 5",
                "  dendrite cv --data houses.csv --label price --folds 10 --layers 64 --epochs 40"})
final class CvCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--folds", defaultValue = "5", description = "Number of folds (default: ${DEFAULT-VALUE}).")
    int folds;

    @Unmatched
    List<String> trainOptions = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        CommandLine sub = new CommandLine(new TrainCommand());
        sub.setOut(spec.commandLine().getOut());
        sub.setErr(spec.commandLine().getErr());
        try {
            Main.refuseEmptyValues(sub.parseArgs(trainOptions.toArray(new String[0])));
        } catch (CommandLine.ParameterException e) {
            // reported against cv, so the hint names 'dendrite cv --help'
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        TrainCommand train = sub.getCommand();
        return train.crossValidate(folds);
    }
}
