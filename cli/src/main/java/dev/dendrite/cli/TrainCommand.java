package dev.dendrite.cli;

import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Excerpt;
import dev.dendrite.data.Dataset;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Preprocessor;
import dev.dendrite.data.Split;
import dev.dendrite.data.Splits;
import dev.dendrite.data.Task;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.loss.Loss;
import dev.dendrite.loss.SquaredError;
import dev.dendrite.model.Model;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.Schedule;
import dev.dendrite.optim.Sgd;
import dev.dendrite.tensor.Rng;
import dev.dendrite.train.CheckpointFile;
import dev.dendrite.train.CrossValidation;
import dev.dendrite.train.DivergenceException;
import dev.dendrite.train.TrainingState;
import dev.dendrite.train.TrainOptions;
import dev.dendrite.train.Trainer;
import dev.dendrite.train.WarmUp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dendrite train}: reads data, splits it, fits the normaliser on the
 * training part, trains a multi-layer perceptron, reports test metrics and
 * saves the model file.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        name = "train",
        description = "Train a network on the embedded digits (default), Fashion-MNIST, a folder of IDX files, "
                + "or a CSV file; print test metrics and save the model.",
        footer = {"", "Examples:",
                "  dendrite train                                   digits, default network, saves models/digits.dnd",
                "  dendrite train --data fashion-mnist --layers 256,128 --epochs 20 --dropout 0.2",
                "  dendrite train --data fashion-mnist --arch small-cnn --batch-size 128 --epochs 12",
                "  dendrite train --data photos/ --arch conv16x3,bn,relu,pool2,conv32x3,bn,relu,gap",
                "  dendrite train --data iris.csv --label species --layers 16 --epochs 100",
                "  dendrite train --data houses.csv --label price --task regression --output price.dnd",
                "  dendrite train --data pets.csv --impute mean --class-weights balanced",
                "  dendrite train --data flats.csv --label price,days --categorical zip",
                "  dendrite train --optimizer sgd --momentum 0.9 --nesterov --schedule cosine"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--layers", description = "Hidden layer sizes, comma-separated (default: 256 for digits, "
            + "256,128 for image folders, 128 for CSV).")
    String layers;

    @Option(names = "--arch", description = "A network as layer words, e.g. conv32x3,bn,relu,pool2,flatten,dense128,"
            + "relu,dense10, or a built-in: small-cnn, tiny-cnn (see docs/cnn.md). Replaces --layers.")
    String arch;

    @Option(names = "--image-shape", description = "With --arch: the shape of one image as CxHxW (default: one "
            + "channel, square).")
    String imageShape;

    @Option(names = "--activation", defaultValue = "relu", description = "Hidden activation: relu, leaky_relu, tanh, "
            + "sigmoid (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--init", defaultValue = "he_uniform", description = "Weight initialiser for hidden layers: uniform, "
            + "xavier_uniform, xavier_normal, he_uniform, he_normal (default: ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--dropout", defaultValue = "0", description = "Dropout after each hidden layer, in [0, 1) (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--epochs", description = "Maximum number of epochs (default: 60 for digits and CSV, 20 for image folders).")
    Integer epochsOption;

    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam, adamw or sgd (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--learning-rate", defaultValue = "0.002", description = "Initial learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--momentum", defaultValue = "0", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--nesterov", description = "Use Nesterov momentum with SGD.")
    boolean nesterov;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 penalty (sgd, adam) or decoupled decay (adamw) (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--label-smoothing", defaultValue = "0", description = "Classification: train towards "
            + "(1 - e) x the one-hot label + e / classes instead of the one-hot label, as PyTorch's "
            + "label_smoothing (default: ${DEFAULT-VALUE}).")
    double labelSmoothing;

    @Option(names = "--schedule", defaultValue = "constant", description = "Learning-rate schedule: constant, step, cosine (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--step-every", defaultValue = "10", description = "With --schedule step: epochs between decays (default: ${DEFAULT-VALUE}).")
    int stepEvery;

    @Option(names = "--gamma", defaultValue = "0.1", description = "With --schedule step: decay factor (default: ${DEFAULT-VALUE}).")
    double gamma;

    @Option(names = "--patience", defaultValue = "0", description = "Early stopping: epochs without validation improvement before stopping; restores the best weights. 0 turns it off (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--target-loss", description = "Stop when the epoch's training loss falls below this.")
    Double targetLoss;

    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after this many optimizer steps; 0: no limit (default: ${DEFAULT-VALUE}).")
    long maxSteps;

    @Option(names = "--clip-norm", defaultValue = "0", description = "Clip gradients to this global L2 norm; 0: off (default: ${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--clip-value", defaultValue = "0", description = "Clip each gradient element to [-v, v]; 0: off (default: ${DEFAULT-VALUE}).")
    double clipValue;

    @Option(names = "--class-weights", defaultValue = "none", description = "Classification: weigh each class's "
            + "loss: none, balanced (rows / (classes x rows of the class), over the training rows) or a list such "
            + "as rare=5,common=1 (classes not named weigh 1) (default: ${DEFAULT-VALUE}).")
    String classWeights;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for splits, shuffling, initial weights and dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"--output", "-o"}, description = "Model file to write (default: models/<data>.dnd).")
    Path output;

    @Option(names = "--history", description = "Write per-epoch history to this .csv or .json file.")
    Path history;

    @Option(names = "--chart", description = "Write training and validation curves to this PNG file.")
    Path chart;

    @Option(names = "--plain", description = "Plain progress lines even on a terminal.")
    boolean plain;

    @Option(names = "--checkpoint-every", defaultValue = "0", description = "With --checkpoint-dir: also save a "
            + "checkpoint every N steps (a checkpoint is always saved after each epoch) (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--checkpoint-dir", description = "Folder for the checkpoint (weights, optimizer and random "
            + "state, history) that --resume continues from.")
    Path checkpointDir;

    @Option(names = "--resume", description = "Continue the run saved in this checkpoint folder (or file), with the "
            + "configuration stored in it; the result is identical to an uninterrupted run.")
    Path resume;

    /** Set when this command continues a checkpoint. */
    private CheckpointFile.Contents resumed;
    /** Compiles the training path on another core while the data are read; closed before the first real step. */
    private WarmUp warmUp;
    private static final boolean COMPLETE_WARM_UP = Boolean.getBoolean("dendrite.warmup.complete");
    /** The checkpoint file {@link #resumed} came from. */
    private Path resumedFrom;

    /** Held while this run may write its checkpoint folder; released when the command ends. */
    private CheckpointLock lock;

    @Override
    public Integer call() throws IOException {
        try {
            return resume != null ? resumeRun() : train();
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    private int train() throws IOException {
        epochs = epochsOption != null ? epochsOption : 60;
        if (storedArgs.isEmpty()) {
            storedArgs = ownArgs();
        }
        validate();
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("--checkpoint-every: must be >= 0, got " + checkpointEvery);
        }
        if (checkpointEvery > 0 && checkpointDir == null) {
            throw new IllegalArgumentException("--checkpoint-every needs --checkpoint-dir");
        }
        PrintWriter out = spec.commandLine().getOut();
        checkDataFlags();
        // every output path is checked before reading data and training, not after 60 epochs
        if (output != null) {
            Output.checkFile("--output", output);
        }
        if (history != null) {
            Output.checkFile("--history", history);
        }
        if (chart != null) {
            Output.checkFile("--chart", chart);
        }
        if (checkpointDir != null) {
            Output.checkFolder("--checkpoint-dir", checkpointDir, checkpointDir.toString());
            if (lock == null) {
                lock = CheckpointLock.acquire(checkpointDir);
            }
        }
        // the JIT compiles the training path on the other core while the data are read;
        // the embedded digits are read in milliseconds, and a warm-up that cannot
        // overlap anything only fills the compiler's queue ahead of the real run
        Phases.mark("main");
        // -Ddendrite.warmup.complete=true (the launcher's AOT-cache recording run): the
        // warm-up runs to its end before training, so the recorded profiles hold every path
        warmUp = COMPLETE_WARM_UP ? WarmUp.start(60_000) : "digits".equals(dataOptions.data) ? WarmUp.start(0)
                : WarmUp.start();
        DataSource source = smallData(dataOptions.resolve(seed));
        Phases.mark("read");
        if (output == null) {
            Output.checkFile("--output", defaultOutput(source));
        }
        DataChecks.check(source, spec.commandLine().getErr());
        boolean images = source.firstDataLine() == 0 && !source.name().equals("digits");
        if (epochsOption == null && images) {
            epochs = 20;
        }
        Fit fit = fit(source, source.splits(), out, new Progress(out, !plain && Progress.isTerminal()));
        if (fit == null) {
            return Errors.FAILURE;
        }
        Model model = fit.model();
        Trainer.Result result = fit.result();
        Path file = output != null ? output : defaultOutput(source);
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        model.save(file);
        Phases.mark("saved");
        out.println("model saved to " + file);
        if (history != null) {
            String text = history.toString().toLowerCase(Locale.ROOT).endsWith(".json")
                    ? result.history().toJson() : result.history().toCsv();
            Output.text(history, w -> w.write(text));
            out.println("history written to " + history);
        }
        if (chart != null) {
            Chart.write(result.history(), chart, "Dendrite: " + source.name());
            out.println("chart written to " + chart);
        }
        return 0;
    }

    /** Options that mean nothing to cross-validation, which saves no model and tests on each fold in turn. */
    private static final String[] NOT_FOR_CV = {"--output", "-o", "--history", "--chart", "--checkpoint-dir",
        "--checkpoint-every", "--resume", "--test"};

    /**
     * {@code dendrite cv}: k rounds of training on all folds but one and testing
     * on that one ({@link CrossValidation}, stratified for classification and
     * seeded with {@code --seed}); each round's training rows give up
     * {@code --validation} of themselves for validation as a normal run would.
     * Prints each fold's test metrics and their mean and standard deviation.
     */
    int crossValidate(int folds) throws IOException {
        epochs = epochsOption != null ? epochsOption : 60;
        validate();
        checkDataFlags();
        for (String o : NOT_FOR_CV) {
            if (given(o)) {
                throw new IllegalArgumentException(o + " does not apply to cv, which "
                        + (o.equals("--test") ? "tests on each fold in turn" : "saves no model or history"));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        dataOptions.test = 0;
        DataSource source = dataOptions.resolve(seed);
        DataChecks.check(source, spec.commandLine().getErr());
        if (epochsOption == null && source.firstDataLine() == 0 && !source.name().equals("digits")) {
            epochs = 20;
        }
        Dataset all = source.all();
        if (folds < 2 || folds > all.size()) {
            throw new IllegalArgumentException("--folds: must be from 2 to the " + all.size() + " rows, got " + folds);
        }
        out.println("data: " + source.description());
        out.println("cross-validation: " + folds + " folds" + (all.isClassification() ? ", stratified" : "")
                + " (seed " + seed + "), each trained on the other folds less --validation "
                + dataOptions.validation);
        PrintWriter quiet = new PrintWriter(java.io.Writer.nullWriter());
        Split inner = new Split(dataOptions.validation, 0, seed);
        CrossValidation.Result cv;
        try {
            cv = CrossValidation.run(all, folds, seed, (train, test, i) -> {
                Splits parts = inner.apply(train);
                Fit fit;
                try {
                    fit = fit(source, new Splits(parts.train(), parts.validation(), test), quiet,
                            new dev.dendrite.train.TrainingListener() { });
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                if (fit == null) {
                    throw new Diverged();
                }
                Map<String, Double> m = new LinkedHashMap<>();
                for (String key : headline(all)) {
                    if (fit.metrics().get("test_" + key) instanceof Number v) {
                        m.put(key, v.doubleValue());
                    }
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "fold %d/%d: %d train, %d "
                        + "validation, %d test:", i + 1, folds, parts.train().size(), parts.validation().size(),
                        test.size()));
                m.forEach((k, v) -> line.append(String.format(Locale.ROOT, "  %s %.4f", k, v)));
                out.println(line);
                out.flush();
                return m;
            });
        } catch (Diverged e) {
            return Errors.FAILURE;
        }
        out.println();
        out.println("mean ± standard deviation over " + folds + " folds:");
        for (String k : cv.metrics()) {
            out.println(String.format(Locale.ROOT, "  %-9s %.4f ± %.4f", k, cv.mean(k), cv.std(k)));
        }
        return 0;
    }

    /** The metrics a cross-validation reports per fold. */
    private static java.util.List<String> headline(Dataset all) {
        return all.isClassification() ? java.util.List.of("accuracy", "macro_f1")
                : java.util.List.of("mse", "mae", "r2");
    }

    /** A fold whose training diverged; its message is already printed. */
    private static final class Diverged extends RuntimeException {
        Diverged() {
            super(null, null, false, false);
        }
    }

    /** A trained model, how training ended and the test metrics (empty without test rows). */
    record Fit(Model model, Trainer.Result result, Map<String, Object> metrics) {
    }

    /**
     * Fits the preprocessor and normaliser on the training part of {@code splits},
     * trains a network and scores the test part; null when training diverged
     * (the message is printed). What it prints goes to {@code out}.
     */
    Fit fit(DataSource source, Splits splits, PrintWriter out, dev.dendrite.train.TrainingListener progress)
            throws IOException {
        // missing cells are filled from the training rows only, then scaled like every other value
        Preprocessor prep = source.preprocessor().fit(splits.train());
        Normalizer normalizer = source.normalizer().fit(prep.apply(splits.train()));
        Dataset train = normalizer.apply(prep.apply(splits.train()));
        Dataset validation = splits.validation().size() > 0
                ? normalizer.apply(prep.apply(splits.validation())) : null;
        // the test rows are scored through the model, which normalises them itself; preparing
        // them here only surfaces a bad cell before training rather than after it
        Dataset test = splits.test().size() > 0 ? prep.apply(splits.test()) : null;
        Phases.mark("normalised");
        out.println("data: " + source.description());
        if (!source.notes().isEmpty()) {
            out.println("      " + source.notes());
        }
        if (!prep.isIdentity()) {
            out.println("      " + Tabular.describe(prep, source.all()));
        }
        out.println("split: " + train.size() + " train, " + (validation == null ? 0 : validation.size())
                + " validation, " + (test == null ? 0 : test.size()) + " test (seed " + seed + "); normalisation: "
                + normalizer.kind().name().toLowerCase(Locale.ROOT));
        if (smallDataNote != null) {
            out.println("       " + smallDataNote);
        }

        if (patience > 0 && validation == null) {
            throw new IllegalArgumentException("--patience: early stopping needs a validation set, and this run has "
                    + "none (--validation " + dataOptions.validation + "); raise --validation or drop --patience");
        }
        boolean classification = train.isClassification();
        boolean images = source.firstDataLine() == 0 && !source.name().equals("digits");
        int[] hidden = layers != null ? NetworkSpec.parseLayers(layers)
                : images ? new int[] {256, 128} : source.name().equals("digits") ? new int[] {256} : new int[] {128};
        if (hidden.length == 0) {
            for (String o : new String[] {"--activation", "--init", "--dropout"}) {
                if (given(o)) {
                    throw new IllegalArgumentException(o + " applies to hidden layers, and --layers " + layers
                            + " leaves none");
                }
            }
        }
        NetworkSpec net = new NetworkSpec(hidden, Activation.parse(activation), dropout, Init.parse(init));
        Rng rng = new Rng(seed);
        int outputs = classification ? train.classCount() : train.targetCount();
        java.util.List<String> targetNames = classification ? null : dataOptions.csvFlags().targets();
        String opt0 = optimizer.toLowerCase(Locale.ROOT);
        Sequential network;
        if (arch != null) {
            network = ArchSpec.build(arch, train.featureCount(), imageShape, outputs, rng);
        } else {
            MemoryCheck.check(train.featureCount(), hidden, outputs, batchSize,
                    opt0.startsWith("adam") ? 2 : momentum > 0 ? 1 : 0, patience > 0, layers != null);
            network = net.build(train.featureCount(), outputs, rng);
        }
        float[] weights = null;
        if (classification) {
            weights = ClassWeights.parse(classWeights, train);
        } else if (given("--class-weights")) {
            throw new IllegalArgumentException("--class-weights applies to classification, and this task is regression");
        }
        if (labelSmoothing > 0 && !classification) {
            throw new IllegalArgumentException("--label-smoothing applies to classification, and this task is regression");
        }
        Loss loss = !classification ? SquaredError.mean()
                : weights == null ? new CrossEntropy().labelSmoothing((float) labelSmoothing)
                : CrossEntropy.weighted(weights);
        final Optimizer opt = optimizer(network);
        out.println("network: " + network + "  (" + network.parameterCount() + " parameters)");
        out.println("training: " + opt.describe() + ", batch " + batchSize + ", up to " + epochs + " epochs, loss "
                + (weights == null ? loss : "cross_entropy with class weights "
                + ClassWeights.describe(weights, train.classNames())) + (patience > 0 ? ", early stopping patience " + patience : "") + "; matrix kernel "
                + dev.dendrite.tensor.kernel.Kernels.gemm().name());

        TrainOptions options = TrainOptions.defaults().withEpochs(epochs).withSeed(seed)
                .withSchedule(schedule(learningRate)).withMaxSteps(maxSteps)
                .withEarlyStopping(patience, 0, true).withClipping(clipNorm, clipValue);
        if (targetLoss != null) {
            options = options.withTargetLoss(targetLoss);
        }
        Path checkpoint = checkpointDir == null ? null : checkpointDir.resolve(CHECKPOINT_NAME);
        if (checkpoint != null) {
            Files.createDirectories(checkpointDir);
            // the original arguments let --resume rebuild data, network and optimizer exactly
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("args", new java.util.ArrayList<Object>(storedArgs));
            options = options.withCheckpoints(checkpointEvery,
                    st -> CheckpointFile.save(checkpoint, config, st, network, opt));
        }
        Trainer trainer = new Trainer(network, loss, opt, options).listen(progress);
        DataLoader loader = new DataLoader(train, batchSize, seed);
        TrainingState start = trainer.initialState();
        if (resumed != null) {
            trainer.restoreCheckpoint(resumed, resumedFrom.toString());
            start = resumed.state();
        }
        if (warmUp != null) {
            if (COMPLETE_WARM_UP) {
                try {
                    warmUp.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            warmUp.close();
            warmUp = null;
        }
        Phases.mark("train-start");
        long started = System.nanoTime();
        Trainer.Result result;
        try {
            result = trainer.fit(loader, validation, start);
        } catch (DivergenceException e) {
            spec.commandLine().getErr().println("dendrite: " + e.getMessage()
                    + (checkpoint != null && Files.exists(checkpoint) ? "; the last good checkpoint is " + checkpoint : ""));
            return null;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Phases.mark("trained");
        out.println("stopped: " + result.stopReason() + String.format(Locale.ROOT, " (%.1f s)", seconds));

        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("data", source.name());
        meta.put("seed", seed);
        meta.put("epochs", result.history().size());
        meta.put("optimizer", opt.describe());
        meta.put("batch_size", batchSize);
        if (weights != null) {
            meta.put("class_weights", ClassWeights.describe(weights, train.classNames()));
        }
        meta.put("train_seconds", Math.round(seconds * 1000) / 1000.0);
        meta.putAll(TrainingRecord.metadata(source));
        Model model = new Model(network, normalizer, classification ? Task.CLASSIFICATION : Task.REGRESSION,
                classification ? train.classNames() : null, train.featureNames(), meta, prep, targetNames);
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (test != null) {
            Evaluate.Report report = Evaluate.report(model, splits.test(), source.origin(), r -> "test row " + (r + 1));
            out.println();
            out.print(report.text());
            meta.putAll(report.metrics());
            metrics.putAll(report.metrics());
            Phases.mark("tested");
        }
        model = new Model(network, normalizer, model.task(), model.classNames(), model.featureNames(), meta,
                prep, model.targetNames());
        return new Fit(model, result, metrics);
    }

    /** Below this many training and validation rows, a CSV file gets no validation part by default. */
    static final int SMALL_DATA_ROWS = 1000;

    /**
     * The default for small CSV files: no validation part, so every row that is
     * not held out for testing trains. On a few hundred rows the default 10%
     * carve-out cost accuracy (bench/small_data.sh) and, without --patience,
     * only fed the progress lines. An explicit --validation, or --patience,
     * keeps the carve-out.
     */
    private DataSource smallData(DataSource source) {
        Splits s = source.splits();
        int rows = s.train().size() + s.validation().size();
        if (given("--validation") || patience > 0 || !"csv".equals(source.provenance().get("kind"))
                || s.validation().size() == 0 || rows >= SMALL_DATA_ROWS) {
            return source;
        }
        smallDataNote = "small data (" + rows + " rows below " + SMALL_DATA_ROWS + "): no validation part, every "
                + "row not held out for testing trains (--validation 0.1 keeps one)";
        return source.withSplit(source.split().withValidation(0));
    }

    private String smallDataNote;

    static final String CHECKPOINT_NAME = "checkpoint.dnd";

    private static Path defaultOutput(DataSource source) {
        return Path.of("models", source.name() + ".dnd");
    }

    /** Whether the option was given on the command line (rather than left at its default). */
    private boolean given(String name) {
        picocli.CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(name);
    }

    /** The CSV flags mean nothing for the built-in data sets and IDX folders; neither does --test where a test set exists. */
    private void checkDataFlags() {
        String data = dataOptions.data;
        boolean builtIn = data.equalsIgnoreCase("digits") || data.equalsIgnoreCase("fashion-mnist")
                || data.equalsIgnoreCase("fashion_mnist");
        boolean csv = !builtIn && !Files.isDirectory(Path.of(data));
        if (!csv) {
            for (String o : new String[] {"--label", "--task", "--features", "--delimiter", "--categorical",
                    "--impute"}) {
                if (given(o)) {
                    throw new IllegalArgumentException(o + " applies to CSV files, and --data " + Excerpt.of(data)
                            + " is " + (builtIn ? "a built-in data set" : "a folder of IDX files"));
                }
            }
            if (given("--test") && !data.equalsIgnoreCase("digits")) {
                throw new IllegalArgumentException("--test: --data " + Excerpt.of(data) + " comes with its own test "
                        + "set, so --test does not apply");
            }
        }
    }

    /** The arguments this run was started with (a resumed run keeps those of the original). */
    private java.util.List<String> storedArgs = java.util.List.of();

    /** Options that may accompany --resume: where results go and how progress looks. */
    private static final java.util.Set<String> RESUME_EXTRAS = java.util.Set.of("--resume", "--plain", "--output", "-o",
            "--history", "--chart", "--verbose");

    /** This subcommand's arguments: the original command line after the word {@code train}. */
    private java.util.List<String> ownArgs() {
        java.util.List<String> all = spec.commandLine().getParseResult().originalArgs();
        int at = all.indexOf(spec.name());
        return java.util.List.copyOf(at >= 0 ? all.subList(at + 1, all.size()) : all);
    }

    private int resumeRun() throws IOException {
        for (String a : ownArgs()) {
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (name.startsWith("-") && !RESUME_EXTRAS.contains(name)) {
                throw new IllegalArgumentException("--resume: " + name + " cannot be combined with --resume; "
                        + "the run continues with the configuration stored in the checkpoint");
            }
        }
        Path file = Files.isDirectory(resume) ? resume.resolve(CHECKPOINT_NAME) : resume;
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("--resume: " + file + " does not exist");
        }
        // the run goes on where its checkpoint lives, whatever folder the original run was started from
        Path folder = file.toAbsolutePath().getParent();
        Output.checkFolder("--resume", folder, folder.toString());
        lock = CheckpointLock.acquire(folder);
        CheckpointFile.Contents c = CheckpointFile.load(file);
        Object args = c.config() == null ? null : c.config().get("args");
        if (!(args instanceof java.util.List<?> list)) {
            throw new IllegalArgumentException(file + ": the checkpoint does not record its training arguments");
        }
        java.util.List<String> original = new java.util.ArrayList<>();
        list.forEach(o -> original.add(String.valueOf(o)));
        for (String a : original) {
            if (a.equals("--resume") || a.startsWith("--resume=")) {
                // a run that was resumed stores the arguments of the original one, so this file
                // was forged or damaged; following it would resume forever
                throw new IllegalArgumentException(file + ": the checkpoint's stored arguments contain --resume, "
                        + "which a real checkpoint never does");
            }
        }
        picocli.CommandLine sub = new picocli.CommandLine(new TrainCommand());
        sub.setOut(spec.commandLine().getOut());
        sub.setErr(spec.commandLine().getErr());
        try {
            Main.refuseEmptyValues(sub.parseArgs(original.toArray(new String[0])));
        } catch (picocli.CommandLine.ParameterException e) {
            throw new IllegalArgumentException(file + ": the checkpoint's stored arguments do not parse ("
                    + Excerpt.of(e.getMessage()) + ")");
        }
        TrainCommand again = sub.getCommand();
        again.resumed = c;
        again.resumedFrom = file;
        again.storedArgs = original;
        again.plain = again.plain || plain;
        again.checkpointDir = folder;
        again.lock = lock; // already held; the resumed run must not try to take it twice
        lock = null;
        if (output != null) {
            again.output = output;
        }
        if (history != null) {
            again.history = history;
        }
        if (chart != null) {
            again.chart = chart;
        }
        spec.commandLine().getOut().println("resuming from " + file + " (epoch " + (c.state().epoch() + 1)
                + ", step " + c.state().step() + ")");
        return again.call();
    }

    private void validate() {
        if (epochs <= 0) {
            throw new IllegalArgumentException("--epochs: must be at least 1, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("--batch-size: must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("--learning-rate: must be a positive number, got " + learningRate);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("--dropout: must be in [0, 1), got " + dropout);
        }
        // written as !(x >= 0) so that NaN, which fails every comparison, is refused too
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("--momentum: must be in [0, 1), got " + momentum);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("--label-smoothing: must be in [0, 1), got " + labelSmoothing);
        }
        if (labelSmoothing > 0 && !"none".equalsIgnoreCase(classWeights)) {
            throw new IllegalArgumentException("--label-smoothing and --class-weights: use one or the other");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("--weight-decay: must be a number >= 0, got " + weightDecay);
        }
        if (patience < 0 || maxSteps < 0) {
            throw new IllegalArgumentException("--patience and --max-steps must be >= 0");
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("--clip-norm: must be a number >= 0 (0 turns clipping off), got " + clipNorm);
        }
        if (!(clipValue >= 0) || Double.isInfinite(clipValue)) {
            throw new IllegalArgumentException("--clip-value: must be a number >= 0 (0 turns clipping off), got "
                    + clipValue);
        }
        if (targetLoss != null && !(targetLoss > 0 && Double.isFinite(targetLoss))) {
            throw new IllegalArgumentException("--target-loss: must be a number above 0 (a loss never falls below 0),"
                    + " got " + targetLoss);
        }
        String opt = optimizer.toLowerCase(Locale.ROOT);
        if (!java.util.List.of("adam", "adamw", "sgd").contains(opt)) {
            throw new IllegalArgumentException("--optimizer: '" + Excerpt.of(optimizer) + "' is not one of adam, adamw, sgd");
        }
        if (!java.util.List.of("constant", "step", "cosine").contains(schedule.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("--schedule: '" + Excerpt.of(schedule)
                    + "' is not one of constant, step, cosine");
        }
        if (!opt.equals("sgd")) {
            for (String o : new String[] {"--momentum", "--nesterov"}) {
                if (given(o)) {
                    throw new IllegalArgumentException(o + " applies to --optimizer sgd only; " + Excerpt.of(optimizer)
                            + " keeps its own moment estimates");
                }
            }
        } else if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("--nesterov needs --momentum above 0 (with no momentum it is plain SGD)");
        }
        String sched = schedule.toLowerCase(Locale.ROOT);
        if (!sched.equals("step")) {
            for (String o : new String[] {"--gamma", "--step-every"}) {
                if (given(o)) {
                    throw new IllegalArgumentException(o + " applies to --schedule step only, not "
                            + Excerpt.of(schedule));
                }
            }
        } else {
            if (!(gamma > 0) || Double.isInfinite(gamma)) {
                throw new IllegalArgumentException("--gamma: must be a number above 0, got " + gamma);
            }
            if (stepEvery <= 0) {
                throw new IllegalArgumentException("--step-every: must be at least 1, got " + stepEvery);
            }
        }
        NetworkSpec.parseLayers(layers);
        if (arch != null) {
            for (String o : new String[] {"--layers", "--activation", "--init", "--dropout"}) {
                if (given(o)) {
                    throw new IllegalArgumentException(o + " does not apply with --arch, which describes every layer");
                }
            }
            ArchSpec.checkWords(arch);
        } else if (imageShape != null) {
            throw new IllegalArgumentException("--image-shape applies to --arch networks only");
        }
    }

    private Optimizer optimizer(Sequential network) {
        return switch (optimizer.toLowerCase(Locale.ROOT)) {
            case "adam" -> Adam.builder(network.parameters()).learningRate(learningRate).weightDecay(weightDecay).build();
            // AdamW's customary decay is 0.01, but an explicit --weight-decay 0 means none
            case "adamw" -> Adam.adamW(network.parameters(), learningRate, given("--weight-decay") ? weightDecay : 0.01);
            case "sgd" -> Sgd.builder(network.parameters()).learningRate(learningRate).momentum(momentum)
                    .nesterov(nesterov).weightDecay(weightDecay).build();
            default -> throw new IllegalArgumentException("--optimizer: '" + Excerpt.of(optimizer)
                    + "' is not one of adam, adamw, sgd");
        };
    }

    private Schedule schedule(double lr) {
        return switch (schedule.toLowerCase(Locale.ROOT)) {
            case "constant" -> Schedule.constant(lr);
            case "step" -> Schedule.step(lr, stepEvery, gamma);
            case "cosine" -> Schedule.cosine(lr, 0);
            default -> throw new IllegalArgumentException("--schedule: '" + Excerpt.of(schedule)
                    + "' is not one of constant, step, cosine");
        };
    }
}
