package dev.stepwise.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code git daemon} on 127.0.0.1 serving the repositories under a base directory with
 * pushes enabled, awaited until it accepts connections (at most 15 s). The same launch as the
 * git-jgit tests' daemon, which the bench cannot reach (test code). {@link #cpuNanos()} reads the
 * CPU time of the daemon and of the {@code upload-pack} / {@code receive-pack} children it has
 * reaped, from {@code /proc} (zero where there is no {@code /proc}).
 */
final class GitDaemonProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(15);

    private final Process process;
    private final int port;

    private GitDaemonProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static GitDaemonProcess serve(Path baseDirectory) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path log = baseDirectory.resolveSibling("daemon.log");
        Process process = new ProcessBuilder(List.of("git", "daemon", "--reuseaddr", "--listen=127.0.0.1",
                "--port=" + port, "--export-all", "--enable=receive-pack", "--informative-errors",
                "--base-path=" + baseDirectory, baseDirectory.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        GitDaemonProcess daemon = new GitDaemonProcess(process, port);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("git daemon exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return daemon;
            } catch (IOException notYet) {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            }
        }
        daemon.close();
        throw new IllegalStateException("git daemon did not accept connections on port " + port + " within " + STARTUP);
    }

    String uri(String name) {
        return "git://127.0.0.1:" + port + "/" + name;
    }

    /**
     * utime + stime + cutime + cstime of the launched {@code git} and its live descendants (the
     * daemon itself is a child of the {@code git} wrapper), in nanoseconds (clock ticks taken as 100 Hz).
     */
    long cpuNanos() {
        long ticks = ticks(process.pid());
        for (ProcessHandle child : process.descendants().toList()) {
            ticks += ticks(child.pid());
        }
        return ticks * 10_000_000L;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = 0;
            for (int i = 11; i <= 14; i++) { // fields 14-17 of stat(5), counted from field 3
                ticks += Long.parseLong(fields[i]);
            }
            return ticks;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
