package dev.dendrite.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone master and workers on 127.0.0.1, started from the Maven
 * jars as child JVMs of this one (no Spark installation: {@code SPARK_HOME} is
 * a folder with an empty {@code jars/}, and every JVM gets the classpath it
 * needs). {@link #close} stops the executors, the workers and the master by
 * process id, in that order, each within a bounded wait, and a shutdown hook
 * does the same if the test JVM is ended first.
 */
final class LocalCluster implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final Path work;
    private final Thread hook = new Thread(this::stopAll, "local-cluster-stop");
    private String masterUrl;

    private final Path javaHome;

    private LocalCluster(Path work, Path javaHome) {
        this.work = work;
        this.javaHome = javaHome;
    }

    /**
     * The JDK for the cluster's JVMs: {@code spark.it.java.home} if set, else a JDK 17 under
     * /usr/lib/jvm, else this JVM's if it is older than 23; empty when none fits. Spark 4.1's
     * executors call {@code Subject.getSubject} (through Hadoop) at start, which JDK 23 and
     * later refuse, so a JDK 25 runs the driver and local mode but not a standalone executor.
     */
    static Optional<Path> clusterJava() {
        String set = System.getProperty("spark.it.java.home", "");
        if (!set.isBlank()) {
            return Optional.of(Path.of(set));
        }
        for (String c : List.of("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/java-17-openjdk-arm64",
                "/usr/lib/jvm/java-17-openjdk", "/usr/lib/jvm/temurin-17-jdk-amd64")) {
            if (Files.isExecutable(Path.of(c, "bin", "java"))) {
                return Optional.of(Path.of(c));
            }
        }
        return Runtime.version().feature() < 23 ? Optional.of(Path.of(System.getProperty("java.home")))
                : Optional.empty();
    }

    static LocalCluster start(Path work, Path javaHome, String classpath, int workers, int workerMemoryMb)
            throws IOException {
        LocalCluster c = new LocalCluster(work, javaHome);
        Runtime.getRuntime().addShutdownHook(c.hook);
        try {
            Files.createDirectories(work.resolve("spark-home/jars"));
            int port = freePort();
            c.launch("master", classpath, List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", Integer.toString(port), "--webui-port", "0"));
            c.masterUrl = "spark://127.0.0.1:" + port;
            waitForPort(port, 60_000);
            for (int i = 0; i < workers; i++) {
                Path dir = Files.createDirectories(work.resolve("worker-" + i));
                c.launch("worker-" + i, classpath, List.of("org.apache.spark.deploy.worker.Worker", "--host",
                        "127.0.0.1", "--cores", "1", "--memory", workerMemoryMb + "m", "--webui-port", "0",
                        "--work-dir", dir.toString(), c.masterUrl));
            }
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    /** The process ids of the executor JVMs now running under the workers. */
    List<ProcessHandle> executors() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Process p : processes) {
            p.descendants().filter(h -> commandLine(h).contains("CoarseGrainedExecutorBackend")).forEach(out::add);
        }
        return out;
    }

    /** The process's arguments from /proc (ProcessHandle.Info leaves out long command lines). */
    private static String commandLine(ProcessHandle h) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException gone) {
            return h.info().commandLine().orElse("");
        }
    }

    /** Kills one executor JVM (SIGKILL, as a crash would) and returns its process id, if one runs. */
    Optional<Long> killOneExecutor() {
        List<ProcessHandle> e = executors();
        if (e.isEmpty()) {
            return Optional.empty();
        }
        ProcessHandle h = e.get(0);
        h.destroyForcibly();
        return Optional.of(h.pid());
    }

    private void launch(String name, String classpath, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString(),
                "-Xmx256m", "-cp", classpath));
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", work.resolve("spark-home").toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("JAVA_HOME", javaHome.toString());
        processes.add(pb.start());
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left to do
        }
    }

    private synchronized void stopAll() {
        // executors first (children of the workers), then the workers and the master, newest first
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port, long millis) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted"));
                }
            }
        }
        throw new IllegalStateException("the Spark master did not open port " + port + " within " + millis + " ms");
    }
}
