package dev.dendrite.cli;

import dev.dendrite.io.ModelFileException;
import picocli.CommandLine;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/**
 * Turns exceptions into one-line messages and exit codes: bad usage and bad
 * input exit 2, other failures 1. Stack traces only with {@code --verbose}.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int BAD_INPUT = 2;
    static final int FAILURE = 1;

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("dendrite: " + cap(e.getMessage()));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr())) {
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        return BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean verbose = isVerbose(parsed);
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        String message = message(cause);
        cmd.getErr().println("dendrite: " + message);
        if (verbose) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return code(cause);
    }

    static int code(Throwable e) {
        if (e instanceof OutOfMemoryError || e instanceof Output.Failure || e instanceof MemoryCheck.TooBig) {
            return FAILURE;
        }
        if (e instanceof ModelFileException && e.getCause() instanceof IOException
                && e.getMessage().contains(": cannot write (")) {
            return FAILURE; // a full disk is a run-time failure, not bad input
        }
        if (e instanceof IllegalArgumentException || e instanceof IOException) {
            return BAD_INPUT;
        }
        if (e.getClass().getSimpleName().equals("ModelFileException")) {
            return BAD_INPUT;
        }
        return FAILURE;
    }

    static String message(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (e instanceof FileNotFoundException f) {
            return f.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory; lower --batch-size or raise the heap with DENDRITE_JAVA_OPTS=-Xmx8g";
        }
        if (e instanceof StackOverflowError) {
            return "internal error: the call stack overflowed (run with --verbose for details)";
        }
        if (e instanceof Error || e instanceof NullPointerException || e instanceof ClassCastException
                || e instanceof IndexOutOfBoundsException || e instanceof ArithmeticException
                || e instanceof NumberFormatException) {
            // the JDK's texts for these name Java classes, which mean nothing to a user
            return "internal error: " + e.getClass().getSimpleName() + " (run with --verbose for details)";
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName() + " (run with --verbose for details)";
        }
        if (m.startsWith("No enum constant ") && e instanceof RuntimeException r) {
            return ModelFileException.reason(r);
        }
        return cap(m.replace('\n', ' '));
    }

    /** The longest message printed; a message quoting a huge value is cut rather than flooding the terminal. */
    static final int MAX_MESSAGE = 500;

    static String cap(String m) {
        return m == null || m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "...";
    }

    private static boolean isVerbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
