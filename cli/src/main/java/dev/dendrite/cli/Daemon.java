package dev.dendrite.cli;

import dev.dendrite.tensor.kernel.Gemm;
import dev.dendrite.tensor.kernel.Kernels;
import dev.dendrite.train.WarmUp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A JVM that stays up between commands, so that only the first run of a session
 * pays for starting the JVM and for compiling the kernels (JDK 25 caches
 * loaded classes and profiles ahead of time, but no compiled code). The
 * {@code dendrite} launcher starts one in the background after a successful
 * command, keyed by the jar, the JVM options, the working directory and the
 * environment, so that a command it serves sees the same files, variables and
 * defaults as a fresh JVM would; the launcher's {@link DaemonClient} then hands
 * it later commands over a Unix-domain socket that only this user can reach.
 *
 * <p>It runs one command at a time: a client that arrives while it is busy (or
 * warming up) is told so and runs the command in a fresh JVM instead. Before
 * each command it restores what a command may change (the matrix kernel, the
 * progress bar's terminal test, the warm-up switch); a command that ends in an
 * {@link Error} (an exhausted heap, say) ends the daemon after its reply. It
 * exits when idle for the given time, when its jar changes, and when a
 * client goes away mid-command (Ctrl-C on the client): then it exits as the
 * command's own JVM would have, so no work continues that the user stopped.
 *
 * <p>Protocol (all integers big-endian): the client sends {@link #MAGIC}, its
 * working directory, whether its standard output and error are terminals (one
 * byte each), the argument count and the arguments (strings as an int length
 * and UTF-8 bytes). The daemon answers {@link #BUSY} and closes, or
 * {@link #ACCEPTED} followed by frames: {@link #OUT} or {@link #ERR} with an
 * int length and bytes, and finally {@link #EXIT} with the exit code.
 */
public final class Daemon {
    static final int MAGIC = 0x444e4431; // "DND1"
    static final byte BUSY = 'B';
    static final byte ACCEPTED = 'A';
    static final byte OUT = 'O';
    static final byte ERR = 'E';
    static final byte EXIT = 'X';
    /** How long a client may take to send its request. */
    private static final long REQUEST_MILLIS = 5_000;

    private final Path socket;
    private final Path jar;
    private final long idleMillis;
    private final String jarStamp;
    private final AtomicBoolean busy = new AtomicBoolean(true); // until the warm-up is done
    private volatile long lastUse = System.currentTimeMillis();
    /** {@link #lastUse} when the idle loop last collected. */
    private long lastCollected;
    /** How long after a command the idle loop collects the heap. */
    private static final long COLLECT_AFTER_MILLIS = 20_000;
    private final Gemm startGemm = Kernels.gemm();
    private final int startThreads = Kernels.threads();

    private Daemon(Path socket, Path jar, long idleMillis) throws IOException {
        this.socket = socket;
        this.jar = jar;
        this.idleMillis = idleMillis;
        this.jarStamp = stamp(jar);
    }

    /** {@code Daemon SOCKET JAR IDLE_SECONDS}: serves until idle for that long. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Daemon SOCKET JAR IDLE_SECONDS");
            System.exit(2);
        }
        Daemon d = new Daemon(Path.of(args[0]), Path.of(args[1]), Long.parseLong(args[2]) * 1000);
        try {
            d.serve();
        } finally {
            // reached when it could not bind, or another daemon already serves: the launcher's lock goes
            Files.deleteIfExists(Path.of(args[0] + ".lock"));
        }
    }

    private static String stamp(Path jar) throws IOException {
        FileTime t = Files.getLastModifiedTime(jar);
        return Files.size(jar) + " " + t.toMillis();
    }

    private void serve() throws IOException {
        ServerSocketChannel server = bind();
        if (server == null) {
            return; // another daemon already serves this socket
        }
        Path pidFile = Path.of(socket + ".pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        Files.deleteIfExists(Path.of(socket + ".lock")); // the launcher's: one daemon starting at a time
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(socket);
                Files.deleteIfExists(pidFile);
                Files.deleteIfExists(Path.of(socket + ".used"));
            } catch (IOException ignored) {
                // the next launcher treats a dead socket as absent
            }
        }));
        Thread acceptor = new Thread(() -> accept(server), "dendrite-daemon-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        warmUp();
        lastUse = System.currentTimeMillis();
        busy.set(false);
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long unused = System.currentTimeMillis() - lastUse;
            if (unused > COLLECT_AFTER_MILLIS && lastCollected != lastUse && !busy.get()) {
                // the last command's garbage, and the memory, back to the system (a command that
                // starts meanwhile only finds more of its heap free)
                lastCollected = lastUse;
                System.gc();
            }
            boolean idle = unused > idleMillis;
            boolean changed = !idle && jarChanged();
            // taking the busy flag first: no command can be accepted while this JVM exits
            if ((idle || changed) && busy.compareAndSet(false, true)) {
                log(idle ? "idle for " + idleMillis / 1000 + " s: exiting" : "the jar changed: exiting");
                System.exit(0);
            }
        }
    }

    private boolean jarChanged() {
        try {
            return !stamp(jar).equals(jarStamp);
        } catch (IOException e) {
            return true;
        }
    }

    /** Binds the socket; null when a live daemon already answers on it. */
    private ServerSocketChannel bind() throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
        if (Files.exists(socket)) {
            try (SocketChannel probe = SocketChannel.open(address)) {
                return null; // alive
            } catch (IOException dead) {
                Files.deleteIfExists(socket);
            }
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(address);
        return server;
    }

    /**
     * Compiles the training path before the first command: the launcher's own
     * short run on the embedded digits, then the core library's throw-away
     * networks (which take the deep, wide and narrow products that the digits
     * do not). Output goes nowhere.
     */
    private void warmUp() {
        long start = System.nanoTime();
        try {
            Path dir = Files.createTempDirectory("dendrite-daemon-warm-up");
            Path model = dir.resolve("digits.dnd");
            try {
                PrintWriter sink = new PrintWriter(Writer.nullWriter());
                Main.run(sink, sink, "train", "--epochs", "3", "--plain", "-o", model.toString());
            } finally {
                Files.deleteIfExists(model);
                Files.deleteIfExists(dir);
            }
            WarmUp w = WarmUp.start(30_000);
            w.join();
        } catch (IOException | InterruptedException | RuntimeException e) {
            log("warm-up failed (the daemon serves anyway): " + e);
        }
        // commands in this JVM need no warm-up thread of their own
        System.setProperty("dendrite.warmup", "false");
        System.gc(); // and what the warm-up allocated goes back to the system while this JVM waits
        log(String.format(java.util.Locale.ROOT, "warm after %.1f s", (System.nanoTime() - start) / 1e9));
    }

    private void accept(ServerSocketChannel server) {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                log("accept failed: " + e);
                System.exit(1);
                return;
            }
            if (!busy.compareAndSet(false, true)) {
                refuse(ch);
                continue;
            }
            Thread t = new Thread(() -> {
                try {
                    handle(ch);
                } finally {
                    lastUse = System.currentTimeMillis();
                    busy.set(false);
                }
            }, "dendrite-daemon-command");
            t.start();
        }
    }

    private static void refuse(SocketChannel ch) {
        try (ch) {
            ch.write(ByteBuffer.wrap(new byte[] {BUSY}));
        } catch (IOException ignored) {
            // the client runs the command itself either way
        }
    }

    private void handle(SocketChannel ch) {
        Request request;
        Thread timer = Thread.ofVirtual().unstarted(() -> {
            try {
                Thread.sleep(REQUEST_MILLIS);
                ch.close(); // a client that never finishes its request does not hold the daemon
            } catch (InterruptedException | IOException ignored) {
                // the request arrived in time
            }
        });
        timer.start();
        try {
            request = Request.read(new DataInputStream(Channels.newInputStream(ch)));
        } catch (IOException e) {
            closeQuietly(ch);
            return;
        } finally {
            timer.interrupt();
        }
        if (!sameFolder(Path.of("").toAbsolutePath().toString())) {
            refuse(ch);
            log("this JVM's working folder was removed or replaced: exiting");
            System.exit(0);
        }
        if (!sameFolder(request.cwd) || jarChanged()) {
            refuse(ch); // a fresh JVM is always right
            return;
        }
        Frames frames = new Frames(ch);
        try {
            frames.accepted();
        } catch (IOException e) {
            closeQuietly(ch);
            return;
        }
        AtomicBoolean done = new AtomicBoolean();
        watchForHangUp(ch, done);
        collectIfFull();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(frames.stream(OUT), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(frames.stream(ERR), StandardCharsets.UTF_8), true);
        // what a command may have changed: back to how a fresh JVM starts
        Kernels.useGemm(startGemm);
        Kernels.threads(startThreads);
        Progress.terminal(request.stdoutTerminal);
        boolean verbose = request.args.contains("--verbose");
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            err.println("dendrite: " + Errors.message(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
        });
        int code;
        Main.lastError = null;
        try {
            code = Main.run(out, err, request.args.toArray(new String[0]));
        } catch (Error e) {
            Main.lastError = e;
            err.println("dendrite: " + Errors.message(e));
            code = Errors.FAILURE;
        }
        out.flush();
        err.flush();
        done.set(true);
        try {
            frames.exit(code);
        } catch (IOException e) {
            // the client is gone; the hang-up watch ends this JVM
        }
        closeQuietly(ch);
        Progress.terminal(null);
        if (Main.lastError != null) {
            log("a command ended in an error the JVM may not recover from: exiting");
            System.exit(1);
        }
        log(String.format(java.util.Locale.ROOT, "served %s (exit %d)",
                request.args.isEmpty() ? "(no arguments)" : request.args.get(0), code));
    }

    /**
     * What earlier commands left in the heap stays there while commands follow
     * each other (growing the heap again for each would cost a tenth of a
     * second); {@link #COLLECT_AFTER_MILLIS} after the last one the idle loop
     * collects it, and G1 gives the memory back to the system. A command must
     * fit here whenever it fits in a fresh JVM ({@code MemoryCheck} reads what
     * is free), so when leftovers take more than a quarter of the heap they are
     * collected before the command starts.
     */
    private static void collectIfFull() {
        Runtime rt = Runtime.getRuntime();
        if (rt.totalMemory() - rt.freeMemory() > rt.maxMemory() / 4) {
            System.gc();
        }
    }

    /**
     * Whether the client's working folder is this JVM's, the same directory and not
     * only the same name: a folder removed and made again under the same name is a
     * new one, and this JVM's relative paths would still lead into the removed one.
     */
    private static boolean sameFolder(String clientCwd) {
        try {
            return clientCwd.equals(Path.of("").toAbsolutePath().toString())
                    && Files.isSameFile(Path.of("/proc/self/cwd"), Path.of(clientCwd));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The client never writes after its request, so a read that returns is its
     * hang-up: stopped with Ctrl-C or killed mid-command. The command's own JVM
     * would have died with it, so this one does too (running its shutdown hooks,
     * as a fresh JVM stopped with Ctrl-C would).
     */
    private void watchForHangUp(SocketChannel ch, AtomicBoolean done) {
        Thread watch = new Thread(() -> {
            try {
                InputStream in = Channels.newInputStream(ch);
                in.read();
            } catch (IOException ignored) {
                // closed: either way the client is gone or the command ended
            }
            if (!done.get() && ch.isOpen()) {
                log("the client hung up mid-command: exiting");
                System.exit(130);
            }
        }, "dendrite-daemon-hang-up");
        watch.setDaemon(true);
        watch.start();
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void log(String message) {
        System.err.println(java.time.Instant.now() + " " + message);
    }

    /** What a client asks for. */
    record Request(String cwd, boolean stdoutTerminal, boolean stderrTerminal, List<String> args) {
        static final int MAX_ARGS = 10_000;
        static final int MAX_STRING = 1 << 20;

        static Request read(DataInputStream in) throws IOException {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a dendrite client");
            }
            String cwd = string(in);
            boolean outTty = in.readByte() != 0;
            boolean errTty = in.readByte() != 0;
            int n = in.readInt();
            if (n < 0 || n > MAX_ARGS) {
                throw new IOException("bad argument count " + n);
            }
            List<String> args = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                args.add(string(in));
            }
            return new Request(cwd, outTty, errTty, args);
        }

        private static String string(DataInputStream in) throws IOException {
            int len = in.readInt();
            if (len < 0 || len > MAX_STRING) {
                throw new IOException("bad string length " + len);
            }
            return new String(in.readNBytes(len), StandardCharsets.UTF_8);
        }
    }

    /** Writes the daemon's side of the protocol; one frame at a time, from any thread. */
    static final class Frames {
        private final SocketChannel ch;

        Frames(SocketChannel ch) {
            this.ch = ch;
        }

        synchronized void accepted() throws IOException {
            write(ByteBuffer.wrap(new byte[] {ACCEPTED}));
        }

        synchronized void frame(byte type, byte[] b, int off, int len) throws IOException {
            ByteBuffer head = ByteBuffer.allocate(5).put(type).putInt(len).flip();
            write(head);
            write(ByteBuffer.wrap(b, off, len));
        }

        synchronized void exit(int code) throws IOException {
            write(ByteBuffer.allocate(5).put(EXIT).putInt(code).flip());
        }

        private void write(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        /** A stream whose every write becomes one frame of {@code type}. */
        OutputStream stream(byte type) {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    frame(type, new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (len > 0) {
                        frame(type, b, off, len);
                    }
                }
            };
        }
    }
}
