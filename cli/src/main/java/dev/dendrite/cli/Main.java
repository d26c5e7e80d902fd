package dev.dendrite.cli;

import dev.dendrite.tensor.kernel.Kernels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;

/**
 * The {@code dendrite} command. Exit codes: 0 on success, 1 when training
 * diverged or another run-time failure occurred, 2 on bad usage or bad input,
 * with a one-line message and no stack trace unless {@code --verbose}.
 */
@Command(name = "dendrite",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Neural networks for the JVM: train, evaluate and explain them.",
        subcommands = {WalkthroughCommand.class, TrainCommand.class, CvCommand.class, EvaluateCommand.class, PredictCommand.class,
                RecommendCommand.class,
                InspectCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  dendrite walkthrough                         the seed example, step by step",
                "  dendrite train                               train on the embedded digits",
                "  dendrite train --data fashion-mnist --layers 256,128 --epochs 20",
                "  dendrite evaluate --model models/digits.dnd",
                "  dendrite predict --model models/digits.dnd --input rows.csv --output predictions.csv",
                "  dendrite inspect --model models/digits.dnd",
                "  dendrite daemon status|stop                  the JVM kept to serve later runs",
                "  DENDRITE_DAEMON=0 dendrite train             a run in a fresh JVM",
                "", "Exit codes: 0 success, 1 training diverged or failed, 2 bad usage or bad input."})
public final class Main implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces for errors.")
    boolean verbose;

    /** Chooses the matrix-multiply kernel before any command runs. */
    @Option(names = "--gemm", scope = CommandLine.ScopeType.INHERIT, paramLabel = "KERNEL",
            description = "Matrix-multiply kernel: java (pure Java, Vector API; the default), scalar, or openblas "
                    + "(native OpenBLAS through the FFM API, where libopenblas is installed).")
    void gemm(String name) {
        try {
            Kernels.useGemm(name);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--gemm: '" + name + "' "
                    + (e instanceof IllegalStateException ? "was found but its native library could not be loaded "
                    + "(install libopenblas0-pthread)" : "is not a known kernel (java, scalar, openblas)"));
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        // System.out is a PrintStream, which swallows write errors: write to the descriptors
        // through streams that remember the failure, so a full disk cannot end in exit 0
        Output.Watched stdout = new Output.Watched(new FileOutputStream(FileDescriptor.out), "standard output");
        Output.Watched stderr = new Output.Watched(new FileOutputStream(FileDescriptor.err), "standard error");
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        boolean verbose = Arrays.asList(args).contains("--verbose");
        // a library thread (an image writer's stream closer, say) must not print a stack trace either
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            err.println("dendrite: " + Errors.message(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
        });
        System.exit(run(out, err, stdout, args));
    }

    /** The {@link Error} that ended the last command run here, if any (the daemon then exits). */
    static volatile Error lastError;

    /** Runs the command with the given streams and returns the exit code (tests use this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, null, args);
    }

    /** {@link #run(PrintWriter, PrintWriter, String...)}; {@code watched} explains a failed standard output. */
    static int run(PrintWriter out, PrintWriter err, Output.Watched watched, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new Errors());
        cli.setParameterExceptionHandler(new Errors());
        cli.setExecutionStrategy(parsed -> {
            refuseEmptyValues(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (Error e) {
            // picocli hands only Exceptions to the handler; an exhausted heap or stack arrives here
            lastError = e;
            err.println("dendrite: " + Errors.message(e));
            if (Arrays.asList(args).contains("--verbose")) {
                e.printStackTrace(err);
            }
            code = Errors.FAILURE;
        }
        if (out.checkError()) { // flushes, then says whether any write failed
            String problem = watched != null && watched.problem() != null ? watched.problem()
                    : "cannot write to standard output";
            err.println("dendrite: " + problem + "; the output is incomplete");
            code = code == 0 ? Errors.FAILURE : code;
        }
        if (err.checkError() && code == 0) {
            code = Errors.FAILURE; // nowhere left to say it, but the exit code still tells
        }
        return code;
    }

    /**
     * An option given an empty value ({@code --data ""}, {@code -o=}) is a slip,
     * never a choice: as a path it would mean the working folder, and the
     * error that followed would name no option. Refused here, for every option
     * of every command, with the option's name.
     */
    static void refuseEmptyValues(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (CommandLine.Model.OptionSpec o : p.matchedOptions()) {
                if (o.arity().max() > 0 && o.originalStringValues().stream().anyMatch(String::isEmpty)) {
                    throw new CommandLine.ParameterException(p.commandSpec().commandLine(),
                            o.longestName() + ": the value is empty");
                }
            }
        }
    }

    /** Reads the version that Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"dendrite " + p.getProperty("version", "unknown")
                    + " (Java " + Runtime.version() + ")"};
        }
    }
}
