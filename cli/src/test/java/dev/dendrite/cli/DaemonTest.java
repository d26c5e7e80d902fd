package dev.dendrite.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon and its client as the launcher runs them: real JVMs on a real
 * Unix-domain socket. What a served command prints, exits with and writes is
 * compared with the same command run in this JVM by {@link Main#run}; then
 * busy, hang-up, idle, broken-output and garbage-request cases. Every daemon
 * started here is stopped by its PID within a bounded time.
 */
class DaemonTest {
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopDaemons() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A JVM as the launcher starts it: the daemon with the Vector API module, the client without. */
    private static List<String> java(String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (main.equals(Daemon.class.getName())) {
            cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts a daemon in {@code dir} and waits until it has warmed up and serves. */
    private Process daemon(Path dir, Path socket, int idleSeconds) throws Exception {
        Path log = socket.resolveSibling("daemon.log");
        Path jar = socket.resolveSibling("stand-in.jar");   // any file: the daemon exits when it changes
        Files.writeString(jar, "v1");
        Process p = new ProcessBuilder(java(Daemon.class.getName(), socket.toString(), jar.toString(),
                Integer.toString(idleSeconds))).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && p.isAlive()
                && !(Files.exists(log) && Files.readString(log).contains("warm after"))) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(log)).as("daemon log").contains("warm after");
        assertThat(Files.exists(socket)).isTrue();
        assertThat(Files.readString(Path.of(socket + ".pid")).trim()).isEqualTo(Long.toString(p.pid()));
        return p;
    }

    private record Result(int code, String out, String err) {
        Result withErr(java.util.function.UnaryOperator<String> f) {
            return new Result(code, out, f.apply(err));
        }
    }

    private static Process client(Path dir, Path socket, String... args) throws IOException {
        List<String> a = new ArrayList<>(List.of(socket.toString(), "0", "0"));
        a.addAll(List.of(args));
        return new ProcessBuilder(java(DaemonClient.class.getName(), a.toArray(new String[0])))
                .directory(dir.toFile()).start();
    }

    private static Result served(Path dir, Path socket, String... args) throws Exception {
        Process p = client(dir, socket, args);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static Result inProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Training output without its wall times, which differ from run to run. */
    private static String untimed(String s) {
        return s.replaceAll("[0-9.]+ s +[0-9]+ steps/s", "T").replaceAll("\\([0-9.]+ s\\)", "(T)");
    }

    @Test
    void aServedCommandPrintsExitsAndWritesAsAFreshOne(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("d.sock");
        daemon(dir, socket, 120);

        Result version = served(dir, socket, "--version");
        assertThat(version).isEqualTo(inProcess("--version"));

        // a relative output path lands in the daemon's (= the client's) folder
        Result train = served(dir, socket, "train", "--epochs", "3", "--plain", "-o", "served.dnd");
        Result fresh = inProcess("train", "--epochs", "3", "--plain", "-o", dir.resolve("fresh.dnd").toString());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(untimed(train.out())).isEqualTo(untimed(fresh.out()).replace(dir.resolve("fresh.dnd").toString(), "served.dnd"));
        assertThat(train.err()).isEqualTo(fresh.err());
        // the same weights: evaluating either model prints the same report
        Result evalServed = served(dir, socket, "evaluate", "--model", "served.dnd");
        Result evalFresh = inProcess("evaluate", "--model", dir.resolve("fresh.dnd").toString());
        assertThat(evalServed.code()).isZero();
        assertThat(evalServed.out()).isEqualTo(evalFresh.out().replace(dir.resolve("fresh.dnd").toString(), "served.dnd"));

        // bad input: the same one-line message and exit code
        Result bad = served(dir, socket, "train", "--data", "no-such-file.csv");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().lines().count()).isEqualTo(1);
        assertThat(bad).isEqualTo(inProcess("train", "--data", dir.resolve("no-such-file.csv").toString())
                .withErr(e -> e.replace(dir.resolve("no-such-file.csv").toString(), "no-such-file.csv")));

        // a --gemm of one command does not stay for the next
        assertThat(served(dir, socket, "--gemm", "scalar", "train", "--epochs", "1", "--plain", "-o", "s.dnd").code()).isZero();
        assertThat(served(dir, socket, "train", "--epochs", "1", "--plain", "-o", "v.dnd").out())
                .contains("matrix kernel vector");
    }

    @Test
    void busyHungUpGarbageAndJarChange(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("d.sock");
        Process daemon = daemon(dir, socket, 120);

        // a request that is not one: dropped, and the daemon serves on
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer b = ByteBuffer.allocate(16);
            int n;
            try {
                n = ch.read(b);
            } catch (IOException reset) {
                n = -1; // closed with our bytes unread: a reset
            }
            assertThat(n).isEqualTo(-1);
        }
        assertThat(served(dir, socket, "--version").code()).isZero();

        // busy: a second client is turned away at once (75: the launcher then runs it itself)
        Process longRun = client(dir, socket, "train", "--epochs", "100000", "--plain", "-o", "long.dnd");
        InputStream out = longRun.getInputStream();
        assertThat(new String(out.readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("data:"); // it has started
        long t0 = System.nanoTime();
        Result turnedAway = served(dir, socket, "--version");
        assertThat(turnedAway.code()).isEqualTo(DaemonClient.NOT_SERVED);
        assertThat(turnedAway.out()).isEmpty();
        assertThat(turnedAway.err()).isEmpty();
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(20));

        // hang-up: killing the client mid-command ends the daemon, as it would have ended a fresh JVM
        longRun.destroy();
        assertThat(daemon.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(daemon.exitValue()).isEqualTo(130);
        assertThat(dir.resolve("long.dnd")).doesNotExist();
        assertThat(socket).doesNotExist();
        assertThat(Path.of(socket + ".pid")).doesNotExist();
        // and a client that finds no daemon is not served, with nothing printed
        Result none = served(dir, socket, "--version");
        assertThat(none.code()).isEqualTo(DaemonClient.NOT_SERVED);
        assertThat(none.out() + none.err()).isEmpty();

        // a changed jar: the daemon exits rather than load classes from it
        Process second = daemon(dir, socket, 120);
        Files.writeString(dir.resolve("stand-in.jar"), "v2 and longer");
        assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();
    }

    @Test
    void aDaemonThatNeverAnswersIsGivenUpOn(@TempDir Path dir) throws Exception {
        // a socket that accepts and then says nothing: the client gives up and is not served
        Path socket = dir.resolve("mute.sock");
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Ddendrite.daemon.answerMillis=1000", "-cp", System.getProperty("java.class.path"),
                    DaemonClient.class.getName(), socket.toString(), "0", "0", "--version"));
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).start();
            try (SocketChannel accepted = server.accept()) {
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isEqualTo(DaemonClient.NOT_SERVED);
                assertThat(p.getInputStream().readAllBytes()).isEmpty();
                assertThat(p.getErrorStream().readAllBytes()).isEmpty();
                assertThat(System.nanoTime() - t0).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(1000));
                assertThat(accepted.isOpen()).isTrue();
            }
        }
    }

    @Test
    void aFolderRemovedAndMadeAgainIsNotServed(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("work"));
        Path socket = tmp.resolve("d.sock");
        Process daemon = daemon(dir, socket, 120);
        assertThat(served(dir, socket, "--version").code()).isZero();
        // same name, new directory: the daemon's relative paths would lead into the removed one
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
        Files.createDirectories(dir);
        Result r = served(dir, socket, "train", "--epochs", "1", "--plain", "-o", "m.dnd");
        assertThat(r.code()).isEqualTo(DaemonClient.NOT_SERVED);
        assertThat(r.out() + r.err()).isEmpty();
        assertThat(dir.resolve("m.dnd")).doesNotExist();
        assertThat(daemon.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(tmp.resolve("daemon.log"))).contains("working folder was removed or replaced");
    }

    @Test
    void idleDaemonExitsAndBrokenOutputFailsTheCommand(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("d.sock");
        Process daemon = daemon(dir, socket, 4);
        // standard output closed by the reader: the command still finishes (the model is saved),
        // and the client says so and exits 1, as Main does in a fresh JVM
        Process p = client(dir, socket, "train", "--epochs", "2", "--plain", "-o", "m.dnd");
        p.getInputStream().close();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(new String(err, StandardCharsets.UTF_8)).startsWith("dendrite: cannot write to standard output")
                .endsWith("the output is incomplete\n");
        assertThat(dir.resolve("m.dnd")).exists();
        // then, unused for 4 s, it exits by itself
        assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(daemon.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("daemon.log"))).contains("idle for 4 s: exiting");
    }
}
