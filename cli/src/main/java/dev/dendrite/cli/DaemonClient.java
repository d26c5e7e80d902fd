package dev.dendrite.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The launcher's side of {@link Daemon}: a small JVM (a tenth of a second to
 * start, against several seconds of compiling for a fresh one) that sends the
 * command to the daemon and relays what it prints and its exit code.
 *
 * <p>{@code DaemonClient SOCKET STDOUT_TTY STDERR_TTY ARGS...} (the two flags
 * 1 or 0, from the launcher's {@code [ -t 0 ] && [ -t 1 ]}, which is what
 * {@link java.io.Console#isTerminal()} tests in a fresh JVM, and {@code [ -t 2 ]}). Exits
 * with {@link #NOT_SERVED} when there is no daemon or it is busy, before
 * anything was run or printed: the launcher then runs the command in a fresh
 * JVM. A standard output that cannot be written is handled as {@code Main}
 * handles it: the command runs to its end, and the exit code is 1 with a
 * one-line message. A daemon that dies mid-command is reported, exit 1.
 */
public final class DaemonClient {
    /** The exit code that tells the launcher to run the command itself (EX_TEMPFAIL). */
    static final int NOT_SERVED = 75;
    /** How long the daemon may take to accept or refuse a command ({@code -Ddendrite.daemon.answerMillis} for tests). */
    private static final long ANSWER_MILLIS = Long.getLong("dendrite.daemon.answerMillis", 10_000);

    private DaemonClient() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: DaemonClient SOCKET STDOUT_TTY STDERR_TTY ARGS...");
            return 2;
        }
        SocketChannel ch;
        try {
            ch = SocketChannel.open(UnixDomainSocketAddress.of(Path.of(args[0])));
        } catch (IOException | RuntimeException e) {
            return NOT_SERVED;
        }
        try (ch) {
            DataOutputStream req = new DataOutputStream(Channels.newOutputStream(ch));
            req.writeInt(Daemon.MAGIC);
            string(req, Path.of("").toAbsolutePath().toString());
            req.writeByte("1".equals(args[1]) ? 1 : 0);
            req.writeByte("1".equals(args[2]) ? 1 : 0);
            req.writeInt(args.length - 3);
            for (int i = 3; i < args.length; i++) {
                string(req, args[i]);
            }
            req.flush();
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            // a daemon that does not answer at once is stuck: give up on it (closing the socket,
            // which makes it drop the request should it wake) and run the command afresh
            java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
            Thread patience = Thread.ofPlatform().daemon().start(() -> {
                try {
                    Thread.sleep(ANSWER_MILLIS);
                    if (answered.compareAndSet(false, true)) {
                        ch.close();
                    }
                } catch (InterruptedException | IOException ignored) {
                    // answered in time
                }
            });
            int first = in.read();
            if (!answered.compareAndSet(false, true)) {
                return NOT_SERVED; // closed by the patience thread just as the answer came
            }
            patience.interrupt();
            if (first != Daemon.ACCEPTED) {
                return NOT_SERVED; // busy, or gone before it answered: nothing has run
            }
            return relay(in);
        } catch (IOException e) {
            return NOT_SERVED; // failed before the daemon accepted: nothing has run
        }
    }

    private static int relay(DataInputStream in) {
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        OutputStream err = new FileOutputStream(FileDescriptor.err);
        String outProblem = null;
        byte[] buf = new byte[8192];
        try {
            while (true) {
                byte type = in.readByte();
                int len = in.readInt();
                if (type == Daemon.EXIT) {
                    int code = len;
                    if (outProblem != null) {
                        err.write(("dendrite: cannot write to standard output (" + outProblem
                                + "); the output is incomplete\n").getBytes(StandardCharsets.UTF_8));
                        code = code == 0 ? 1 : code; // Errors.FAILURE, without loading picocli here
                    }
                    return code;
                }
                if ((type != Daemon.OUT && type != Daemon.ERR) || len < 0) {
                    throw new IOException("unexpected frame " + type);
                }
                if (buf.length < len) {
                    buf = new byte[len];
                }
                in.readFully(buf, 0, len);
                if (type == Daemon.OUT) {
                    if (outProblem == null) {
                        try {
                            out.write(buf, 0, len);
                        } catch (IOException e) {
                            outProblem = e.getMessage() == null ? e.toString() : e.getMessage();
                        }
                    }
                } else {
                    try {
                        err.write(buf, 0, len);
                    } catch (IOException ignored) {
                        // as in a fresh JVM: nowhere left to say it
                    }
                }
            }
        } catch (EOFException e) {
            return died(err);
        } catch (IOException e) {
            return died(err);
        }
    }

    private static int died(OutputStream err) {
        try {
            err.write("dendrite: the background JVM that ran this command stopped before it finished (see DENDRITE_DAEMON in the README)\n"
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // nothing more to do
        }
        return 1; // Errors.FAILURE
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
