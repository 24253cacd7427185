package dev.stepwise.git.jgit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code git daemon} on 127.0.0.1 serving every repository under a base directory, with
 * pushes enabled: {@code git://127.0.0.1:PORT/NAME.git}. Started on a free port and awaited until
 * it accepts connections (bounded by {@link #STARTUP}); {@link #close()} stops it.
 */
final class GitDaemon implements AutoCloseable {

    /** How long the daemon may take to accept connections. */
    static final Duration STARTUP = Duration.ofSeconds(15);

    private final Process process;
    private final int port;

    private GitDaemon(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a daemon serving {@code baseDirectory}; fails with a clear message when git daemon is not installed. */
    static GitDaemon serve(Path baseDirectory) throws IOException, InterruptedException {
        requireGitDaemon();
        int port = freePort();
        Path log = baseDirectory.resolveSibling(baseDirectory.getFileName() + "-daemon.log");
        Process process = new ProcessBuilder(List.of("git", "daemon", "--reuseaddr", "--listen=127.0.0.1",
                "--port=" + port, "--export-all", "--enable=receive-pack", "--informative-errors",
                "--base-path=" + baseDirectory, baseDirectory.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        GitDaemon daemon = new GitDaemon(process, port);
        daemon.awaitAccepting(log);
        return daemon;
    }

    /** The URI of the repository {@code name} (a directory {@code name} under the base directory). */
    String uri(String name) {
        return "git://127.0.0.1:" + port + "/" + name;
    }

    private void awaitAccepting(Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("git daemon exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                // not listening yet: wait a little, returning early if the process dies
                process.waitFor(50, TimeUnit.MILLISECONDS);
            }
        }
        close();
        throw new IllegalStateException("git daemon did not accept connections on port " + port + " within " + STARTUP);
    }

    private static void requireGitDaemon() throws IOException, InterruptedException {
        Process execPath = new ProcessBuilder("git", "--exec-path").redirectErrorStream(true).start();
        String directory = new String(execPath.getInputStream().readAllBytes()).strip();
        if (!execPath.waitFor(10, TimeUnit.SECONDS) || execPath.exitValue() != 0
                || !Files.isExecutable(Path.of(directory, "git-daemon"))) {
            throw new IllegalStateException("git daemon is not installed (no git-daemon in '" + directory
                    + "'); install git with its daemon (Debian: apt-get install git) or run scripts/setup --tests");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
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
