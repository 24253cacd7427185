package dev.stepwise.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.testkit.VirtualClock;
import dev.stepwise.traffic.Track;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Protocol edge cases against a JDK HTTP server stub: only what a real Prometheus cannot be made
 * to produce on demand (captured auth headers, malformed bodies, stalls). The real server is
 * covered by the compatibility tests.
 */
@DisplayName("PrometheusMetricSource")
class PrometheusMetricSourceTest {

    private static final Instant NOW = Instant.parse("2024-01-01T00:00:00.250Z");
    private static final Map<String, String> VARIABLES = Map.of("namespace", "test", "target", "podinfo");
    private static final String TWO_TRACKS = """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"destination_workload":"podinfo"},"value":[1704067200.25,"99.5"]},
              {"metric":{"destination_workload":"podinfo-primary"},"value":[1704067200.25,"100"]}]}}""";

    /** What the stub saw of one request. */
    record Seen(String path, Map<String, String> params, String authorization, String tenant) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final VirtualClock clock = VirtualClock.startingAt(NOW);
    private ExecutorService executor;
    private HttpServer server;
    private volatile int status = 200;
    private volatile String body = TWO_TRACKS;
    private volatile boolean stall;

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopStub() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        seen.add(new Seen(exchange.getRequestURI().getPath(), params(exchange.getRequestURI().getRawQuery()),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("X-Scope-OrgID")));
        if (stall) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private PrometheusMetricSource source(PrometheusConfig.Builder config) {
        return PrometheusMetricSource.builder(config.build()).clock(clock).build();
    }

    private PrometheusMetricSource source() {
        return source(PrometheusConfig.builder().baseUrl(url()));
    }

    private static MetricQuery builtIn(String name, Track track) {
        return new MetricQuery(name, "", track, Duration.ofSeconds(60), VARIABLES);
    }

    private static MetricQuery custom(String template) {
        return new MetricQuery("custom", template, Track.CANARY, Duration.ofMinutes(1), VARIABLES);
    }

    private static MetricQuery successRate(Track track) {
        return builtIn("request-success-rate", track);
    }

    @Nested
    @DisplayName("sends")
    class Sends {

        @Test
        @DisplayName("the rendered built-in query and the clock's instant as time= in seconds with millis")
        void queryAndTime() {
            source().query(successRate(Track.CANARY));

            assertThat(seen).singleElement().satisfies(request -> {
                assertThat(request.path()).isEqualTo("/api/v1/query");
                assertThat(request.params()).containsEntry("time", "1704067200.250").containsEntry("query",
                        BuiltInQueries.ISTIO.successRate().render(Map.of("namespace", "test", "target", "podinfo", "interval", "60s")));
            });
        }

        @Test
        @DisplayName("a bearer token as Authorization header")
        void bearer() {
            source(PrometheusConfig.builder().baseUrl(url()).bearerToken("s3cr3t")).query(successRate(Track.CANARY));

            assertThat(seen).singleElement().extracting(Seen::authorization).isEqualTo("Bearer s3cr3t");
        }

        @Test
        @DisplayName("basic authentication as Authorization header")
        void basic() {
            source(PrometheusConfig.builder().baseUrl(url()).basicAuth("user", "pa:ss")).query(successRate(Track.CANARY));

            assertThat(seen).singleElement().extracting(Seen::authorization).isEqualTo("Basic dXNlcjpwYTpzcw==");
        }

        @Test
        @DisplayName("no Authorization header without credentials, and the extra headers")
        void extraHeaders() {
            source(PrometheusConfig.builder().baseUrl(url()).header("X-Scope-OrgID", "team-a")).query(successRate(Track.CANARY));

            assertThat(seen).singleElement().satisfies(request -> {
                assertThat(request.authorization()).isNull();
                assertThat(request.tenant()).isEqualTo("team-a");
            });
        }

        @Test
        @DisplayName("to a base URL with a path prefix, keeping it")
        void pathPrefix() {
            source(PrometheusConfig.builder().baseUrl(url() + "/prometheus/")).query(successRate(Track.CANARY));

            assertThat(seen).singleElement().extracting(Seen::path).isEqualTo("/prometheus/api/v1/query");
        }
    }

    @Nested
    @DisplayName("a built-in check")
    class BuiltIn {

        @Test
        @DisplayName("answers each track with its own series")
        void picksTrack() {
            PrometheusMetricSource source = source();

            assertThat(source.query(successRate(Track.CANARY))).isEqualTo(new MetricResult.Value(99.5));
            assertThat(source.query(successRate(Track.STABLE))).isEqualTo(new MetricResult.Value(100));
        }

        @Test
        @DisplayName("answers no data naming the label when the track has no series")
        void noSeries() {
            assertThat(source().query(successRate(Track.BASELINE))).isEqualTo(
                    new MetricResult.NoData("no series for track baseline (label destination_workload=\"podinfo-baseline\")"));
        }

        @Test
        @DisplayName("answers NaN, +Inf and -Inf with no data")
        void nonFinite() {
            for (String value : List.of("NaN", "+Inf", "-Inf")) {
                body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                        + "{\"metric\":{\"destination_workload\":\"podinfo\"},\"value\":[1,\"" + value + "\"]}]}}";
                PrometheusMetricSource source = source();

                assertThat(source.query(successRate(Track.CANARY))).as(value).isInstanceOf(MetricResult.NoData.class);
            }
        }

        @Test
        @DisplayName("fails without sending when namespace is missing, naming it")
        void missingVariable() {
            MetricQuery query = new MetricQuery("request-duration", "", Track.CANARY, Duration.ofSeconds(30), Map.of("target", "x"));

            assertThat(source().query(query)).isInstanceOfSatisfying(MetricResult.Failed.class,
                    failed -> assertThat(failed.reason()).startsWith("namespace:"));
            assertThat(seen).isEmpty();
        }

        @Test
        @DisplayName("fails for an unknown name without a query")
        void unknownName() {
            assertThat(source().query(builtIn("error-rate", Track.CANARY))).isInstanceOfSatisfying(MetricResult.Failed.class,
                    failed -> assertThat(failed.reason()).contains("\"error-rate\" is not a built-in check"));
        }
    }

    @Nested
    @DisplayName("a custom check")
    class Custom {

        @Test
        @DisplayName("answers the value of a single series or a scalar")
        void single() {
            body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"3.5\"]}]}}";
            assertThat(source().query(custom("sum(up{namespace=\"{{ namespace }}\"})"))).isEqualTo(new MetricResult.Value(3.5));

            body = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"7\"]}}";
            assertThat(source().query(custom("scalar(vector(7))"))).isEqualTo(new MetricResult.Value(7));
        }

        @Test
        @DisplayName("fails for several series, asking to aggregate")
        void severalSeries() {
            assertThat(source().query(custom("up"))).isEqualTo(
                    new MetricResult.Failed("custom query returned 2 series; aggregate it to one"));
        }

        @Test
        @DisplayName("answers no data for an empty result")
        void empty() {
            body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";

            assertThat(source().query(custom("up"))).isInstanceOf(MetricResult.NoData.class);
        }

        @Test
        @DisplayName("renders the track as its label value, the window as interval, values escaped")
        void variables() {
            MetricQuery query = new MetricQuery("custom", "sum(rate(x{w=\"{{ track }}\", e=\"{{ extra }}\"}[{{ interval }}]))",
                    Track.STABLE, Duration.ofMillis(1500), Map.of("target", "podinfo", "extra", "\"} or vector(1)"));

            source().query(query);

            assertThat(seen).singleElement().extracting(s -> s.params().get("query"))
                    .isEqualTo("sum(rate(x{w=\"podinfo-primary\", e=\"\\\"} or vector(1)\"}[1500ms]))");
        }

        @Test
        @DisplayName("fails without sending for a template that does not parse")
        void invalidTemplate() {
            assertThat(source().query(custom("{{ this is not a query in any language (("))).isInstanceOf(MetricResult.Failed.class);
            assertThat(seen).isEmpty();
        }
    }

    @Nested
    @DisplayName("fails, never throwing,")
    class Failures {

        @Test
        @DisplayName("for an HTTP 500 without a Prometheus error body")
        void http500() {
            status = 500;
            body = "<html>internal error</html>";

            assertThat(source().query(successRate(Track.CANARY))).isEqualTo(new MetricResult.Failed("HTTP 500 <html>internal error</html>"));
        }

        @Test
        @DisplayName("with errorType and error for a Prometheus error")
        void prometheusError() {
            status = 400;
            body = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\"\"}";

            assertThat(source().query(custom("up"))).isEqualTo(new MetricResult.Failed("bad_data: invalid parameter \"query\""));
        }

        @Test
        @DisplayName("for a malformed 200 body")
        void malformed() {
            body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"many\"]}]}}";

            assertThat(source().query(custom("up"))).isInstanceOfSatisfying(MetricResult.Failed.class,
                    failed -> assertThat(failed.reason()).startsWith("malformed response: "));
        }

        @Test
        @DisplayName("when the server does not answer within the timeout")
        void timeout() {
            stall = true;
            PrometheusMetricSource source = source(PrometheusConfig.builder().baseUrl(url()).timeout(Duration.ofMillis(200)));

            assertThat(source.query(successRate(Track.CANARY))).isEqualTo(new MetricResult.Failed("timed out after 200ms"));
        }

        @Test
        @DisplayName("when nothing listens at the base URL, and is not healthy")
        void unreachable() throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            PrometheusMetricSource source = source(PrometheusConfig.builder().baseUrl("http://127.0.0.1:" + port));

            assertThat(source.query(successRate(Track.CANARY))).isInstanceOfSatisfying(MetricResult.Failed.class,
                    failed -> assertThat(failed.reason()).startsWith("unreachable: http://127.0.0.1:" + port));
            assertThat(source.isHealthy()).isFalse();
        }
    }

    @Nested
    @DisplayName("sharing")
    class Sharing {

        @Test
        @DisplayName("sends one query for stable and canary of a rollout at the same instant")
        void sameInstant() {
            PrometheusMetricSource source = source();

            MetricResult stable = source.query(successRate(Track.STABLE));
            MetricResult canary = source.query(successRate(Track.CANARY));

            assertThat(source.queriesSent()).isEqualTo(1);
            assertThat(stable).isEqualTo(new MetricResult.Value(100));
            assertThat(canary).isEqualTo(new MetricResult.Value(99.5));
        }

        @Test
        @DisplayName("sends again once the clock leaves the share window, and for a different query")
        void newWindow() {
            PrometheusMetricSource source = source();

            source.query(successRate(Track.CANARY));
            source.query(builtIn("request-duration", Track.CANARY));
            clock.advance(Duration.ofSeconds(5));
            source.query(successRate(Track.CANARY));

            assertThat(source.queriesSent()).isEqualTo(3);
            assertThat(seen).extracting(s -> s.params().get("time"))
                    .containsExactly("1704067200.250", "1704067200.250", "1704067205.250");
        }

        @Test
        @DisplayName("is off with a zero share window")
        void off() {
            PrometheusMetricSource source = PrometheusMetricSource.builder(PrometheusConfig.builder().baseUrl(url()).build())
                    .clock(clock).shareWindow(Duration.ZERO).build();

            source.query(successRate(Track.STABLE));
            source.query(successRate(Track.CANARY));

            assertThat(source.queriesSent()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("is healthy when /-/ready answers 200")
    void healthy() {
        assertThat(source().isHealthy()).isTrue();
        assertThat(seen).singleElement().extracting(Seen::path).isEqualTo("/-/ready");
    }
}
