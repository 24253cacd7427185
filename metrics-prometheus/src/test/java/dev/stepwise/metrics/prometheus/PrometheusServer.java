package dev.stepwise.metrics.prometheus;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Prometheus server on 127.0.0.1 serving backfilled OpenMetrics data, for tests.
 *
 * <p>{@link #start(String)} writes the text to {@code data.om} in a fresh temporary directory,
 * backfills it with {@code promtool tsdb create-blocks-from openmetrics}, starts
 * {@code prometheus} on that TSDB with no scrape targets, a 100-year retention (so that the old
 * blocks stay) and port 0, reads the real port from its log line {@code msg="Listening on"} and
 * waits for {@code GET /-/ready} to answer 200. Every wait is bounded: promtool
 * {@value #PROMTOOL_TIMEOUT_SECONDS} s, the port and readiness {@value #START_TIMEOUT_SECONDS} s
 * together (polled every {@value #POLL_MILLIS} ms), a graceful stop {@value #STOP_TIMEOUT_SECONDS} s.
 * One data directory per server: Prometheus locks it.
 *
 * <p>{@link #stop()} ends the server gracefully (SIGTERM) and keeps its directory, to test a
 * source whose server goes away; {@link #close()} kills it if needed and deletes the directory.
 *
 * <p>When {@code prometheus} or {@code promtool} is not on the PATH, {@link #start} fails with
 * a message saying how to install them, on CI and locally alike: the tests never skip silently.
 */
final class PrometheusServer implements AutoCloseable {

    static final long PROMTOOL_TIMEOUT_SECONDS = 60;
    static final long START_TIMEOUT_SECONDS = 30;
    static final long STOP_TIMEOUT_SECONDS = 10;
    static final long POLL_MILLIS = 25;

    private static final Pattern LISTENING = Pattern.compile("msg=\"Listening on\" address=127\\.0\\.0\\.1:(\\d+)");
    private static final String INSTALL_HINT = "run scripts/setup: it installs the Debian prometheus package "
            + "(apt-get install -y --no-install-recommends prometheus)";

    private final Path dir;
    private final Process process;
    private final URI baseUrl;

    private PrometheusServer(Path dir, Process process, URI baseUrl) {
        this.dir = dir;
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** A server answering queries over {@code openMetrics} (timestamps in Unix seconds, ending with {@code # EOF}). */
    static PrometheusServer start(String openMetrics) {
        if (!openMetrics.stripTrailing().endsWith("# EOF")) {
            throw new IllegalArgumentException("OpenMetrics text must end with \"# EOF\"");
        }
        String prometheus = binary("prometheus");
        String promtool = binary("promtool");
        Path dir = null;
        Process process = null;
        try {
            dir = Files.createTempDirectory("stepwise-prometheus-");
            Files.writeString(dir.resolve("data.om"), openMetrics, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("prometheus.yml"), "global:\n  evaluation_interval: 1h\nscrape_configs: []\n");
            backfill(promtool, dir);
            process = new ProcessBuilder(prometheus, "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--storage.tsdb.retention.time=100y",
                    "--web.listen-address=127.0.0.1:0", "--log.level=info")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
            Process running = process;
            Path log = dir.resolve("prometheus.log");
            int port = pollUntil(deadline, () -> listeningPort(log, running), () -> "the \"Listening on\" log line");
            URI baseUrl = URI.create("http://127.0.0.1:" + port);
            pollUntil(deadline, () -> ready(baseUrl, running), () -> "GET " + baseUrl + "/-/ready == 200");
            return new PrometheusServer(dir, process, baseUrl);
        } catch (IOException | RuntimeException e) {
            String log = dir == null ? "" : readQuietly(dir.resolve("prometheus.log"));
            if (process != null) {
                process.destroyForcibly();
            }
            deleteQuietly(dir);
            throw new IllegalStateException("could not start Prometheus: " + e.getMessage()
                    + (log.isEmpty() ? "" : "\n--- prometheus log ---\n" + log), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    URI baseUrl() {
        return baseUrl;
    }

    /** Whether the server process is alive. */
    boolean isRunning() {
        return process.isAlive();
    }

    /** The server's log so far (for failure messages). */
    String log() {
        return readQuietly(dir.resolve("prometheus.log"));
    }

    /** Ends the server gracefully (SIGTERM), forcibly after {@value #STOP_TIMEOUT_SECONDS} s; keeps the directory. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Stops the server if it still runs and deletes its directory. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteQuietly(dir);
    }

    @Override
    public String toString() {
        return "PrometheusServer[" + baseUrl + ", " + (process.isAlive() ? "running" : "stopped") + ", " + dir + "]";
    }

    private static void backfill(String promtool, Path dir) throws IOException {
        Path out = dir.resolve("promtool.log");
        Process tool = new ProcessBuilder(promtool, "tsdb", "create-blocks-from", "openmetrics", "data.om", "tsdb")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!tool.waitFor(PROMTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                tool.destroyForcibly();
                throw new IllegalStateException("promtool did not finish within " + PROMTOOL_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tool.destroyForcibly();
            throw new IllegalStateException("interrupted while promtool ran", e);
        }
        if (tool.exitValue() != 0) {
            throw new IllegalStateException("promtool tsdb create-blocks-from openmetrics exited with "
                    + tool.exitValue() + ":\n" + readQuietly(out));
        }
    }

    private static Optional<Integer> listeningPort(Path log, Process process) {
        Matcher matcher = LISTENING.matcher(readQuietly(log));
        if (matcher.find()) {
            return Optional.of(Integer.parseInt(matcher.group(1)));
        }
        requireAlive(process);
        return Optional.empty();
    }

    private static Optional<Boolean> ready(URI baseUrl, Process process) {
        requireAlive(process);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/-/ready")).timeout(Duration.ofSeconds(1)).build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? Optional.of(true) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Prometheus", e);
        }
    }

    private static void requireAlive(Process process) {
        if (!process.isAlive()) {
            throw new IllegalStateException("prometheus exited with " + process.exitValue());
        }
    }

    /** Polls {@code probe} every {@value #POLL_MILLIS} ms until it answers or {@code deadline} (System.nanoTime) passes. */
    private static <T> T pollUntil(long deadline, Supplier<Optional<T>> probe, Supplier<String> what) {
        while (true) {
            Optional<T> answer = probe.get();
            if (answer.isPresent()) {
                return answer.get();
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("no " + what.get() + " within " + START_TIMEOUT_SECONDS + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what.get());
            }
        }
    }

    private static String binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String where = System.getenv("CI") != null ? " on this CI machine" : "";
        throw new IllegalStateException(name + " is not on the PATH" + where + "; " + INSTALL_HINT);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
