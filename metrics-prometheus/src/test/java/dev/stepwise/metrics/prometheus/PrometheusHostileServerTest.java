package dev.stepwise.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.traffic.Track;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The source against a hostile server on 127.0.0.1 that sends its headers at once and then a
 * body that trickles (a byte every 500 ms, 60 at most) or never ends (64 MiB streamed). Every
 * server loop is bounded and stops when the client hangs up or the test ends.
 */
@DisplayName("The Prometheus source against a hostile server")
class PrometheusHostileServerTest {

    static final String OK = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"7\"]}}";
    static final long FLOOD_BYTES = 64L * 1024 * 1024;
    static final MetricQuery QUERY = new MetricQuery("custom", "scalar(vector(7))", Track.CANARY, Duration.ofMinutes(1),
            Map.of("namespace", "test", "target", "podinfo"));

    enum Mode { OK, DRIP, FLOOD }

    HttpServer server;
    final ExecutorService threads = Executors.newCachedThreadPool();
    final CountDownLatch finished = new CountDownLatch(1);
    final BlockingQueue<Long> floods = new LinkedBlockingQueue<>();
    volatile Mode mode = Mode.OK;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        finished.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    void answer(HttpExchange exchange) throws IOException {
        Mode now = mode;
        if (now == Mode.OK) {
            byte[] body = OK.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        exchange.sendResponseHeaders(200, 0);
        long sent = 0;
        try (OutputStream out = exchange.getResponseBody()) {
            if (now == Mode.DRIP) {
                for (int i = 0; i < 60 && !finished.await(500, TimeUnit.MILLISECONDS); i++) {
                    out.write('{');
                    out.flush();
                }
            } else {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) ' ');
                for (; sent < FLOOD_BYTES && finished.getCount() > 0; sent += chunk.length) {
                    out.write(chunk);
                }
            }
        } catch (IOException | InterruptedException hungUp) {
            // the client gave up, or the test ended: what this server is for
        } finally {
            floods.add(sent);
        }
    }

    PrometheusMetricSource source(PrometheusConfig.Builder config) {
        // no sharing: the query after a failure must reach the server again
        return PrometheusMetricSource.builder(config.baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).build())
                .shareWindow(Duration.ZERO).build();
    }

    @Test
    @DisplayName("fails a query whose body trickles at the timeout, body included, then answers the next one")
    void trickle() {
        PrometheusMetricSource source = source(PrometheusConfig.builder().timeout(Duration.ofSeconds(2)));
        mode = Mode.DRIP;
        long start = System.nanoTime();

        MetricResult result = source.query(QUERY);

        // generous for a loaded 2-core machine: what matters is that it returns at all
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2 + 5));
        assertThat(result).isEqualTo(new MetricResult.Failed("timed out after 2s"));
        mode = Mode.OK;
        assertThat(source.query(QUERY)).isEqualTo(new MetricResult.Value(7));
    }

    @Test
    @DisplayName("fails a query whose body is past maxBodySize (64 MiB streamed against 1 MiB) and hangs up, then answers the next one")
    void flood() throws InterruptedException {
        PrometheusMetricSource source = source(PrometheusConfig.builder().maxBodySize(1024 * 1024));
        mode = Mode.FLOOD;

        for (int i = 0; i < 3; i++) {
            assertThat(source.query(QUERY)).isEqualTo(new MetricResult.Failed("response from http://127.0.0.1:"
                    + server.getAddress().getPort() + " larger than maxBodySize (1 MiB)"));
            assertThat(floods.poll(10, TimeUnit.SECONDS)).isLessThan(FLOOD_BYTES);
        }
        mode = Mode.OK;
        assertThat(source.query(QUERY)).isEqualTo(new MetricResult.Value(7));
        assertThat(source.isHealthy()).isTrue();
    }
}
