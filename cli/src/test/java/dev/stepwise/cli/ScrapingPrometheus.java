package dev.stepwise.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Prometheus on 127.0.0.1 (port 0), scraping one target every second, as the
 * metrics-prometheus tests start it ({@code prometheus} from the PATH; scripts/setup installs the
 * Debian package). Every wait is bounded: {@value #START_TIMEOUT_SECONDS} s for the port and
 * readiness, {@link #awaitSeries} as long as asked. The data directory is removed on close.
 */
final class ScrapingPrometheus implements AutoCloseable {

    static final long START_TIMEOUT_SECONDS = 30;
    private static final Pattern LISTENING = Pattern.compile("msg=\"Listening on\" address=127\\.0\\.0\\.1:(\\d+)");

    private final Path dir;
    private final Process process;
    private final URI baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private ScrapingPrometheus(Path dir, Process process, URI baseUrl) {
        this.dir = dir;
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts Prometheus scraping {@code http://<target>/metrics} every second. */
    static ScrapingPrometheus start(String target) throws IOException {
        Path dir = Files.createTempDirectory("stepwise-run-prometheus-");
        Files.writeString(dir.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s, evaluation_interval: 1h}
                scrape_configs:
                  - job_name: counters
                    honor_labels: true
                    static_configs: [{targets: ["%s"]}]
                """.formatted(target));
        Process process = new ProcessBuilder(binary(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:0", "--log.level=info")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        ScrapingPrometheus prometheus = null;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
            int port = poll(deadline, () -> port(dir, process), "the \"Listening on\" log line");
            prometheus = new ScrapingPrometheus(dir, process, URI.create("http://127.0.0.1:" + port));
            ScrapingPrometheus started = prometheus;
            poll(deadline, () -> started.get("/-/ready").filter(body -> !body.isEmpty()), "GET /-/ready");
            return prometheus;
        } catch (RuntimeException e) {
            String log = Files.readString(dir.resolve("prometheus.log"));
            if (prometheus != null) {
                prometheus.close();
            } else {
                process.destroyForcibly();
            }
            throw new IllegalStateException("could not start Prometheus: " + e.getMessage() + "\n" + log, e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, the spec's {@code metricsServer.address}. */
    URI baseUrl() {
        return baseUrl;
    }

    /** Waits until {@code query} answers at least {@code series} series, at most {@code timeout}. */
    void awaitSeries(String query, int series, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        poll(deadline, () -> get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
                .filter(body -> body.split("\"metric\"", -1).length - 1 >= series), series + " series of " + query);
    }

    private Optional<String> get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(baseUrl.resolve(path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Optional<Integer> port(Path dir, Process process) {
        if (!process.isAlive()) {
            throw new IllegalStateException("prometheus exited with " + process.exitValue());
        }
        try {
            Matcher matcher = LISTENING.matcher(Files.readString(dir.resolve("prometheus.log")));
            return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Polls every 50 ms until {@code probe} answers or the deadline (System.nanoTime) passes. */
    private static <T> T poll(long deadline, Supplier<Optional<T>> probe, String what) {
        while (true) {
            Optional<T> answer = probe.get();
            if (answer.isPresent()) {
                return answer.get();
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("no " + what + " in time");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static String binary() {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, "prometheus");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("prometheus is not on the PATH; run scripts/setup: it installs the Debian"
                + " prometheus package (apt-get install -y --no-install-recommends prometheus)");
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TemporaryDirectory.delete(dir);
    }

    @Override
    public String toString() {
        return "ScrapingPrometheus[" + baseUrl + ", " + dir + "]";
    }
}
