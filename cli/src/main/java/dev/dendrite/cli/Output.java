package dev.dendrite.cli;

import dev.dendrite.io.AtomicWrite;
import dev.dendrite.io.FileKind;

import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Everything the command line writes goes through here, so that no failed write
 * ends in exit code 0. Files are written atomically (a full disk leaves the old
 * file, or none, never half a file) and output paths are checked before any
 * work starts. Standard output and error are wrapped in {@link Watched}, which
 * remembers the first failure that {@link java.io.PrintWriter} would swallow.
 */
final class Output {
    private Output() {
    }

    /** A write that failed: exits with 1, as other run-time failures do. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Produces text for a file. */
    interface Text {
        void writeTo(Writer out) throws IOException;
    }

    /** Writes UTF-8 text to {@code file} atomically; a failure is a {@link Failure} naming the file. */
    static void text(Path file, Text body) {
        bytes(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            body.writeTo(w);
            w.flush(); // not closed: AtomicWrite forces the bytes to disk after this returns
        });
    }

    /** Writes bytes to {@code file} atomically; a failure is a {@link Failure} naming the file. */
    static void bytes(Path file, AtomicWrite.Body body) {
        try {
            AtomicWrite.write(target(file), body);
        } catch (IOException e) {
            throw new Failure(file + ": cannot write (" + AtomicWrite.describe(e) + "); nothing was written", e);
        }
    }

    /** A symbolic link is written through, so the file it points to is replaced rather than the link. */
    private static Path target(Path file) throws IOException {
        return Files.isSymbolicLink(file) && Files.exists(file) ? file.toRealPath() : file;
    }

    /**
     * Checks, before any work starts, that {@code file} can be written: it is not
     * a folder, a device or a pipe, and its folder exists (or can be made) and
     * takes a new file. The probe file is really created and removed, since
     * permission bits say nothing when running as root.
     */
    static void checkFile(String option, Path file) {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(option + ": " + file + " is a folder; give a file name");
        }
        if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
            throw new IllegalArgumentException(option + ": " + file + " is " + FileKind.of(absolute)
                    + ", not a regular file; give a file name");
        }
        Path dir = absolute.getParent();
        if (dir == null) {
            throw new IllegalArgumentException(option + ": " + file + " is not a file path");
        }
        checkFolder(option, dir, file.toString());
    }

    /** Checks that {@code dir} is (or can be made) a folder that takes new files. */
    static void checkFolder(String option, Path dir, String shown) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + ": " + dir + " is " + FileKind.of(dir) + ", not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot create the folder for " + shown + " ("
                    + AtomicWrite.describe(e) + ")");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + ": " + dir + " is not a folder");
        }
        try {
            Path probe = Files.createTempFile(dir, ".dendrite-", ".probe");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot create files in " + dir + " (" + reason(e) + ")");
        }
    }

    /** The operating system's reason without the probe file's name, which means nothing to the user. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "the folder does not take new files";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return AtomicWrite.describe(e);
    }

    /**
     * Passes bytes through and remembers the first {@link IOException}, which
     * {@link java.io.PrintWriter} and {@link java.io.PrintStream} only turn into
     * an error flag; {@link Main} reports it and exits 1.
     */
    static final class Watched extends FilterOutputStream {
        private final String name;
        private IOException failure;

        Watched(OutputStream out, String name) {
            super(out);
            this.name = name;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw remember(e);
            }
        }

        private IOException remember(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }

        /** The first failure as a message, or {@code null} when every write succeeded. */
        String problem() {
            return failure == null ? null : "cannot write to " + name + " (" + AtomicWrite.describe(failure) + ")";
        }
    }
}
