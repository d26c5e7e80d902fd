package dev.dendrite.cli;

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
        cmd.getErr().println("dendrite: " + e.getMessage());
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
        if (e instanceof OutOfMemoryError) {
            return FAILURE;
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
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName() + " (run with --verbose for details)";
        }
        return m.replace('\n', ' ');
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
