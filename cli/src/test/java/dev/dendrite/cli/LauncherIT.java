package dev.dendrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real {@code ./dendrite} launcher script (the packaged jar on a JDK
 * it finds by itself) as a user would, checking output and exit codes.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "dendrite").toAbsolutePath().normalize();

    private record Result(int code, String out, String err) {
    }

    /** The launcher in a fresh JVM: the daemon is off (the test below turns it on in a folder of its own). */
    private static Result dendrite(Path cwd, String... args) throws IOException, InterruptedException {
        return dendrite(cwd, java.util.Map.of("DENDRITE_DAEMON", "0"), args);
    }

    private static Result dendrite(Path cwd, java.util.Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().put("DENDRITE_NO_BUILD", "1");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(cwd, "out", ".txt");
        Path err = Files.createTempFile(cwd, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void versionAndHelp(@TempDir Path tmp) throws Exception {
        Result v = dendrite(tmp, "--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("dendrite ");
        Result h = dendrite(tmp, "train", "--help");
        assertThat(h.code()).isZero();
        assertThat(h.out()).contains("Examples:").contains("--learning-rate");
        // the JVM's incubator-module notice is filtered out by the launcher
        assertThat(v.err()).doesNotContain("incubator");
    }

    @Test
    void trainEvaluatePredictThroughTheLauncher(@TempDir Path tmp) throws Exception {
        Result t = dendrite(tmp, "train", "--epochs", "20", "--plain");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("test accuracy:").contains("model saved to models/digits.dnd");
        assertThat(tmp.resolve("models/digits.dnd")).exists();

        Result e = dendrite(tmp, "evaluate", "--model", "models/digits.dnd");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("confusion matrix");

        StringBuilder rows = new StringBuilder();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 64; c++) {
                rows.append(c == 0 ? "" : ",").append((r * 7 + c) % 17);
            }
            rows.append('\n');
        }
        Files.writeString(tmp.resolve("rows.csv"), rows);
        Result p = dendrite(tmp, "predict", "--model", "models/digits.dnd", "--input", "rows.csv");
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.out().lines().toList()).hasSize(4).first().asString().startsWith("class,p_0,p_1");
    }

    @Test
    void theStderrFilterHidesNoMessage(@TempDir Path tmp) throws Exception {
        // a UTF-16 file: grep without -a once printed only "binary file matches" instead of this line
        Files.write(tmp.resolve("utf16.csv"), "x,label\n1,a\n".getBytes(StandardCharsets.UTF_16));
        Result r = dendrite(tmp, "train", "--data", "utf16.csv");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dendrite: utf16.csv: the file is UTF-16BE text (it starts with that "
                + "byte order mark); convert it to UTF-8, for example with iconv -f UTF-16BE -t UTF-8");
        // bytes that are not text in the locale pass through as they are
        Files.write(tmp.resolve("bad.csv"), new byte[] {'x', ',', 'y', '\n', '1', ',', (byte) 0xE9, '\n'});
        Result b = dendrite(tmp, "train", "--data", "bad.csv");
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).doesNotContain("binary file").startsWith("dendrite: bad.csv line 2: invalid UTF-8 byte 0xE9");
    }

    @Test
    void badInputExitsTwoWithOneLine(@TempDir Path tmp) throws Exception {
        Result r = dendrite(tmp, "train", "--batch-size", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dendrite: --batch-size: must be at least 1, got 0");
        assertThat(r.out()).isEmpty();
    }

    /**
     * The launcher's daemon, end to end: a successful command starts it; once it is
     * warm the next command is served by it (the same output, a relative output file
     * in the caller's folder); {@code dendrite daemon stop} ends it by its PID.
     */
    @Test
    void theLauncherStartsItsDaemonServesLaterCommandsAndStopsIt(@TempDir Path tmp) throws Exception {
        Path runtime = Files.createDirectories(tmp.resolve("run"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        // DENDRITE_AOT=0: no cache to build first (a command that starts that build leaves the daemon for the next)
        java.util.Map<String, String> env = java.util.Map.of("XDG_RUNTIME_DIR", runtime.toString(),
                "DENDRITE_AOT", "0", "DENDRITE_DAEMON_IDLE", "120");
        Path dir = runtime.resolve("dendrite-" + new com.sun.security.auth.module.UnixSystem().getUid());
        long pid = -1;
        try {
            Result first = dendrite(work, env, "--version");
            assertThat(first.code()).isZero();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            Path log = null;
            while (System.nanoTime() < deadline) {
                try (var files = Files.list(dir)) {
                    log = files.filter(f -> f.toString().endsWith(".sock.log")).findFirst().orElse(null);
                }
                if (log != null && Files.readString(log).contains("warm after")) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(log).isNotNull();
            assertThat(Files.readString(log)).contains("warm after");
            assertThat(Files.getPosixFilePermissions(dir)).containsExactlyInAnyOrder(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                    java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
            pid = Long.parseLong(Files.readString(Path.of(log.toString().replace(".log", ".pid"))).trim());
            long cpuBefore = ProcessHandle.of(pid).orElseThrow().info().totalCpuDuration().orElseThrow().toMillis();

            Result served = dendrite(work, env, "train", "--epochs", "2", "--plain", "-o", "m.dnd");
            assertThat(served.code()).as(served.err()).isZero();
            assertThat(served.out()).startsWith("data: ").contains("model saved to m.dnd");
            assertThat(served.err()).isEmpty();
            assertThat(work.resolve("m.dnd")).exists();
            // the daemon did the work (a fresh JVM would have left its CPU time alone)
            assertThat(ProcessHandle.of(pid).orElseThrow().info().totalCpuDuration().orElseThrow().toMillis())
                    .isGreaterThan(cpuBefore);
            // a path to the caller's own descriptors means a fresh JVM: the daemon's standard
            // output is its log, so predictions sent there would never reach the caller
            StringBuilder rows = new StringBuilder();
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 64; c++) {
                    rows.append(c == 0 ? "" : ",").append((r * 5 + c) % 16);
                }
                rows.append('\n');
            }
            Files.writeString(work.resolve("rows.csv"), rows);
            Result toStdout = dendrite(work, env, "predict", "--model", "m.dnd", "--input", "rows.csv",
                    "--output", "/dev/stdout");
            assertThat(toStdout.code()).as(toStdout.err()).isZero();
            assertThat(toStdout.out().lines().toList()).hasSize(3).first().asString().startsWith("class,p_0");
            // on a terminal the served command draws its progress bar, as a fresh JVM would
            // (script(1) gives the launcher a pseudo-terminal)
            if (Files.isExecutable(Path.of("/usr/bin/script"))) {
                // every attempt must draw the bar; one at least must have been served (a daemon still
                // busy with its previous command's collection turns a client away, correctly)
                boolean servedOnce = false;
                for (int attempt = 0; attempt < 3 && !servedOnce; attempt++) {
                    long servedBefore = Files.readString(log).lines().filter(l -> l.contains("served train")).count();
                    ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qec",
                            LAUNCHER + " train --epochs 2 -o tty.dnd", "/dev/null").directory(work.toFile());
                    pb.environment().put("DENDRITE_NO_BUILD", "1");
                    pb.environment().putAll(env);
                    Process p = pb.redirectErrorStream(true).start();
                    p.getOutputStream().close();
                    String shown = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
                    assertThat(p.exitValue()).as(shown).isZero();
                    assertThat(shown).contains("\repoch 1/2 [").contains("steps/s  loss");
                    Thread.sleep(500); // the daemon logs a command after its collection
                    servedOnce = Files.readString(log).lines().filter(l -> l.contains("served train")).count()
                            > servedBefore;
                }
                assertThat(servedOnce).as("served by the daemon; its log:%n%s", Files.readString(log)).isTrue();
            }
            Result bad = dendrite(work, env, "train", "--batch-size", "0");
            assertThat(bad.code()).isEqualTo(2);
            assertThat(bad.err().strip()).isEqualTo("dendrite: --batch-size: must be at least 1, got 0");

            Result status = dendrite(work, env, "daemon", "status");
            assertThat(status.out()).contains("daemon " + pid + ": " + work.toRealPath());
            assertThat(dendrite(work, env, "daemon", "stop").code()).isZero();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        } finally {
            if (pid > 0) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** A daemon per folder, but at most two per user: the third stops the one idle longest. */
    @Test
    void atMostTwoDaemonsRunPerUser(@TempDir Path tmp) throws Exception {
        Path runtime = Files.createDirectories(tmp.resolve("run"));
        java.util.Map<String, String> env = java.util.Map.of("XDG_RUNTIME_DIR", runtime.toString(),
                "DENDRITE_AOT", "0", "DENDRITE_DAEMON_IDLE", "120");
        Path dir = runtime.resolve("dendrite-" + new com.sun.security.auth.module.UnixSystem().getUid());
        List<Long> pids = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Path work = Files.createDirectories(tmp.resolve("w" + i));
                assertThat(dendrite(work, env, "--version").code()).isZero();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                Long pid = null;
                while (pid == null && System.nanoTime() < deadline) {
                    pid = daemonIn(dir, work);
                    Thread.sleep(50);
                }
                assertThat(pid).as("a daemon for %s", work).isNotNull();
                pids.add(pid);
                Thread.sleep(1100); // the launcher orders daemons by their last use, to the second
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (isAlive(pids.get(0)) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(isAlive(pids.get(0))).as("the first, idle longest, was stopped").isFalse();
            assertThat(isAlive(pids.get(1))).isTrue();
            assertThat(isAlive(pids.get(2))).isTrue();
            assertThat(dendrite(tmp, env, "daemon", "stop").code()).isZero();
            assertThat(isAlive(pids.get(1)) || isAlive(pids.get(2))).isFalse();
        } finally {
            pids.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The PID of the daemon started in {@code work}, once it has written its pid file. */
    private static Long daemonIn(Path dir, Path work) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".sock.pid")).toList()) {
                long pid;
                try {
                    pid = Long.parseLong(Files.readString(f).trim());
                } catch (IOException | NumberFormatException e) {
                    continue; // being written or removed
                }
                Path cwd = Path.of("/proc", Long.toString(pid), "cwd");
                try {
                    if (Files.isSameFile(cwd, work)) {
                        return pid;
                    }
                } catch (IOException gone) {
                    // not running any more
                }
            }
        }
        return null;
    }

    @Test
    void walkthroughPrintsTheSeedNumbers(@TempDir Path tmp) throws Exception {
        Result w = dendrite(tmp, "walkthrough");
        assertThat(w.code()).isZero();
        assertThat(w.out()).contains("total squared error: 120.0000").contains("119.988000").contains("120.012000")
                .contains("= -120.0000").contains("converged: w = 4.0000");
    }

    @Test
    void aotCacheIsBuiltBesideTheJarAndADamagedOneIsSkippedInSilence(@TempDir Path tmp) throws Exception {
        Path target = LAUNCHER.getParent().resolve("cli/target");
        Path aot = target.resolve("dendrite.aot");
        Path stamp = target.resolve("dendrite.aot.stamp");
        Path lock = target.resolve("dendrite.aot.lock");
        awaitNoBuilder(lock); // one started by an earlier test
        Files.deleteIfExists(aot);
        Files.deleteIfExists(stamp);
        try {
            // no cache: a normal start, and a cache built in the background afterwards
            Result first = dendrite(tmp, "--version");
            assertThat(first.code()).isZero();
            assertThat(first.out()).startsWith("dendrite ");
            assertThat(first.err()).isEmpty();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!Files.exists(stamp) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            awaitNoBuilder(lock);
            assertThat(stamp).exists();
            assertThat(Files.size(aot)).isGreaterThan(1 << 20);
            Result cached = dendrite(tmp, "train", "--epochs", "2", "--plain", "-o", "a.dnd");
            assertThat(cached.code()).as(cached.err()).isZero();
            assertThat(cached.out()).startsWith("data: ").contains("model saved to a.dnd");

            // damaged in place with its size and time kept, so only the JVM can tell: it must
            // start without the cache, and say nothing on stdout (where its warnings would go)
            long size = Files.size(aot);
            FileTime time = Files.getLastModifiedTime(aot);
            byte[] junk = new byte[(int) size];
            new Random(1).nextBytes(junk);
            Files.write(aot, junk);
            Files.setLastModifiedTime(aot, time);
            Result damaged = dendrite(tmp, "train", "--epochs", "2", "--plain", "-o", "b.dnd");
            assertThat(damaged.code()).as(damaged.err()).isZero();
            assertThat(damaged.out()).startsWith("data: ").contains("model saved to b.dnd").doesNotContain("AOT")
                    .doesNotContain("[aot]");
            assertThat(damaged.err()).isEmpty();
            assertThat(damaged.out().replaceAll("\\d+\\.\\d+ s|\\d+ steps/s|b\\.dnd", ""))
                    .isEqualTo(cached.out().replaceAll("\\d+\\.\\d+ s|\\d+ steps/s|a\\.dnd", ""));

            // a cache that is no longer the one the stamp describes is not used, and is rebuilt
            Files.writeString(aot, "not a cache");
            Result replaced = dendrite(tmp, "--version");
            assertThat(replaced.code()).isZero();
            assertThat(replaced.out()).startsWith("dendrite ").doesNotContain("AOT");
            assertThat(replaced.err()).isEmpty();
            awaitNoBuilder(lock);
        } finally {
            awaitNoBuilder(lock);
            Files.deleteIfExists(aot);
            Files.deleteIfExists(stamp);
        }
    }

    private static void awaitNoBuilder(Path lock) throws InterruptedException {
        Thread.sleep(300); // the launcher starts its builder just before it exits
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (Files.exists(lock) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }
}
