package dev.stepwise.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.testkit.VirtualClock;
import dev.stepwise.traffic.Track;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PrometheusMetricSource} against a real Prometheus 2.42 serving {@link OpenMetricsData#scenarios()}:
 * exact values at fixed times, and every fault as a value, never an exception.
 */
@DisplayName("PrometheusMetricSource on a real Prometheus")
class RealPrometheusTest {

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final OpenMetricsData DATA = OpenMetricsData.scenarios();
    static PrometheusServer server;

    @BeforeAll
    static void start() {
        server = PrometheusServer.start(DATA.text());
    }

    @AfterAll
    static void close() {
        if (server != null) {
            server.close();
        }
    }

    static PrometheusMetricSource source(URI baseUrl, Duration timeout, Clock clock) {
        PrometheusConfig config = PrometheusConfig.builder().baseUrl(baseUrl).timeout(timeout).build();
        return PrometheusMetricSource.builder(config).queries(BuiltInQueries.ISTIO).clock(clock).build();
    }

    static PrometheusMetricSource sourceAt(Instant at) {
        return source(server.baseUrl(), Duration.ofSeconds(5), Clock.fixed(at, ZoneOffset.UTC));
    }

    /** The query the engine's observer builds for a built-in check of rollout test/podinfo. */
    static MetricQuery builtIn(String name, Track track) {
        return new MetricQuery(name, "", track, WINDOW, Map.of("namespace", OpenMetricsData.NAMESPACE,
                "target", OpenMetricsData.TARGET, "interval", WINDOW.toSeconds() + "s"));
    }

    static String workload(Track track) {
        return track == Track.STABLE ? OpenMetricsData.STABLE : OpenMetricsData.CANARY;
    }

    @Nested
    @DisplayName("reads exact values")
    class ExactValues {

        static Stream<Arguments> cases() {
            return Stream.of(
                    Arguments.of("healthy canary", OpenMetricsData.HEALTHY_AT, Track.CANARY),
                    Arguments.of("stable beside the healthy canary", OpenMetricsData.HEALTHY_AT, Track.STABLE),
                    Arguments.of("5xx-heavy canary", OpenMetricsData.ERRORS_AT, Track.CANARY),
                    Arguments.of("slow canary", OpenMetricsData.SLOW_AT, Track.CANARY),
                    Arguments.of("stable beside the slow canary", OpenMetricsData.SLOW_AT, Track.STABLE));
        }

        @ParameterizedTest(name = "{0}: request-success-rate is the generator''s value")
        @MethodSource("cases")
        void success_rate(String name, Instant at, Track track) {
            assertValue(sourceAt(at).query(builtIn(MetricCheck.REQUEST_SUCCESS_RATE, track)),
                    DATA.successRate(workload(track), at, WINDOW));
        }

        @ParameterizedTest(name = "{0}: request-duration (p99 ms) is the generator''s value")
        @MethodSource("cases")
        void duration(String name, Instant at, Track track) {
            assertValue(sourceAt(at).query(builtIn(MetricCheck.REQUEST_DURATION, track)),
                    DATA.p99(workload(track), at, WINDOW));
        }

        @Test
        void the_scenarios_differ_where_the_checks_must_tell_them_apart() {
            assertThat(value(sourceAt(OpenMetricsData.HEALTHY_AT).query(builtIn(MetricCheck.REQUEST_SUCCESS_RATE, Track.CANARY))))
                    .isEqualTo(100.0, within(1e-7));
            assertThat(value(sourceAt(OpenMetricsData.ERRORS_AT).query(builtIn(MetricCheck.REQUEST_SUCCESS_RATE, Track.CANARY))))
                    .isEqualTo(85.0, within(85e-9));
            assertThat(value(sourceAt(OpenMetricsData.SLOW_AT).query(builtIn(MetricCheck.REQUEST_DURATION, Track.CANARY))))
                    .isEqualTo(975.0, within(975e-9));
        }

        @Test
        void a_canary_without_traffic_yet_is_no_data_never_a_value() {
            PrometheusMetricSource source = sourceAt(OpenMetricsData.NO_TRAFFIC_AT);

            MetricResult rate = source.query(builtIn(MetricCheck.REQUEST_SUCCESS_RATE, Track.CANARY));
            MetricResult duration = source.query(builtIn(MetricCheck.REQUEST_DURATION, Track.CANARY));

            assertThat(rate).isInstanceOf(MetricResult.NoData.class);
            assertThat(((MetricResult.NoData) rate).reason()).contains("canary").contains("podinfo");
            assertThat(duration).isInstanceOf(MetricResult.NoData.class);
            // Stable has traffic at the same instant: the answer had series, just not the canary's.
            assertThat(source.query(builtIn(MetricCheck.REQUEST_SUCCESS_RATE, Track.STABLE))).isInstanceOf(MetricResult.Value.class);
        }
    }

    @Nested
    @DisplayName("answers faults as Failed, never with an exception")
    class Faults {

        @Test
        void a_server_stopped_mid_rollout_is_failed() {
            try (PrometheusServer own = PrometheusServer.start(DATA.text())) {
                VirtualClock clock = VirtualClock.startingAt(OpenMetricsData.HEALTHY_AT);
                PrometheusMetricSource source = source(own.baseUrl(), Duration.ofSeconds(5), clock);
                assertThat(source.query(builtIn(MetricCheck.REQUEST_SUCCESS_RATE, Track.CANARY)))
                        .isInstanceOf(MetricResult.Value.class);

                own.stop();
                clock.advance(Duration.ofMinutes(1)); // the next analysis: a new evaluation time, nothing cached

                MetricResult[] after = new MetricResult[1];
                assertThatCode(() -> after[0] = source.query(builtIn(MetricCheck.REQUEST_SUCCESS_RATE, Track.CANARY)))
                        .doesNotThrowAnyException();
                assertThat(after[0]).isInstanceOf(MetricResult.Failed.class);
                assertThat(((MetricResult.Failed) after[0]).reason()).contains("unreachable");
                assertThat(source.isHealthy()).isFalse();
            }
        }

        @Test
        void a_server_answering_slower_than_the_timeout_is_failed_saying_so() throws IOException {
            try (DelayingProxy proxy = new DelayingProxy(server.baseUrl(), Duration.ofSeconds(2))) {
                PrometheusMetricSource source = source(proxy.baseUrl(), Duration.ofMillis(300),
                        Clock.fixed(OpenMetricsData.HEALTHY_AT, ZoneOffset.UTC));

                long started = System.nanoTime();
                MetricResult result = source.query(builtIn(MetricCheck.REQUEST_SUCCESS_RATE, Track.CANARY));
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(result).isInstanceOf(MetricResult.Failed.class);
                assertThat(((MetricResult.Failed) result).reason()).containsIgnoringCase("timed out");
                assertThat(took).as("the client gave up at its timeout, not after the proxy's delay")
                        .isLessThan(Duration.ofMillis(1500));
            }
        }

        @Test
        void an_unreachable_port_is_failed() throws IOException {
            PrometheusMetricSource source = source(URI.create("http://127.0.0.1:" + closedPort()), Duration.ofSeconds(2),
                    Clock.fixed(OpenMetricsData.HEALTHY_AT, ZoneOffset.UTC));

            MetricResult result = source.query(builtIn(MetricCheck.REQUEST_SUCCESS_RATE, Track.CANARY));

            assertThat(result).isInstanceOf(MetricResult.Failed.class);
            assertThat(((MetricResult.Failed) result).reason()).contains("unreachable");
            assertThat(source.isHealthy()).isFalse();
        }

        @Test
        void a_query_prometheus_rejects_is_failed_with_its_error_type() {
            MetricQuery invalid = new MetricQuery("broken", "sum(rate(x[", Track.CANARY, WINDOW,
                    Map.of("namespace", OpenMetricsData.NAMESPACE, "target", OpenMetricsData.TARGET));

            MetricResult result = sourceAt(OpenMetricsData.HEALTHY_AT).query(invalid);

            assertThat(result).isInstanceOf(MetricResult.Failed.class);
            assertThat(((MetricResult.Failed) result).reason()).startsWith("bad_data");
        }
    }

    @Nested
    @DisplayName("shares queries")
    class Sharing {

        /**
         * 3 rollouts of podinfo (e.g. three engines, or three revisions in a row within one tick)
         * each judge both built-in checks for stable and canary at the same instant: 12 calls of
         * {@code query}. One query per rollout per metric would be 6 HTTP requests, one per call
         * 12; the source sends 2 (one per metric): a third of the former, a sixth of the latter.
         */
        @Test
        void one_http_query_per_metric_for_every_track_and_rollout_at_one_instant() {
            PrometheusMetricSource source = sourceAt(OpenMetricsData.HEALTHY_AT);
            int rollouts = 3;
            List<String> metrics = List.of(MetricCheck.REQUEST_SUCCESS_RATE, MetricCheck.REQUEST_DURATION);
            List<Track> tracks = List.of(Track.STABLE, Track.CANARY);

            for (int r = 0; r < rollouts; r++) {
                for (String metric : metrics) {
                    for (Track track : tracks) {
                        OptionalDouble expected = metric.equals(MetricCheck.REQUEST_SUCCESS_RATE)
                                ? DATA.successRate(workload(track), OpenMetricsData.HEALTHY_AT, WINDOW)
                                : DATA.p99(workload(track), OpenMetricsData.HEALTHY_AT, WINDOW);
                        assertValue(source.query(builtIn(metric, track)), expected);
                    }
                }
            }

            assertThat(source.queriesSent()).isEqualTo(metrics.size());
            assertThat((double) source.queriesSent() / (rollouts * metrics.size())).isEqualTo(1.0 / 3);
        }

        @Test
        void a_new_evaluation_time_outside_the_share_window_sends_a_new_query() {
            VirtualClock clock = VirtualClock.startingAt(OpenMetricsData.HEALTHY_AT);
            PrometheusMetricSource source = source(server.baseUrl(), Duration.ofSeconds(5), clock);

            source.query(builtIn(MetricCheck.REQUEST_SUCCESS_RATE, Track.CANARY));
            clock.advance(Duration.ofMinutes(1));
            source.query(builtIn(MetricCheck.REQUEST_SUCCESS_RATE, Track.CANARY));

            assertThat(source.queriesSent()).isEqualTo(2);
        }
    }

    static double value(MetricResult result) {
        assertThat(result).isInstanceOf(MetricResult.Value.class);
        return ((MetricResult.Value) result).value();
    }

    static void assertValue(MetricResult result, OptionalDouble expected) {
        assertThat(expected).as("the generator expects a value").isPresent();
        double want = expected.getAsDouble();
        assertThat(value(result)).isCloseTo(want, within(Math.abs(want) * 1e-9));
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * A TCP proxy on 127.0.0.1 that holds every connection for {@code delay} before passing bytes
     * both ways: a Prometheus that answers slowly. Connections end when the test closes it.
     */
    static final class DelayingProxy implements AutoCloseable {
        private final ServerSocket listener;
        private final URI upstream;
        private final Duration delay;
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "delaying-proxy");
            t.setDaemon(true);
            return t;
        });

        DelayingProxy(URI upstream, Duration delay) throws IOException {
            this.upstream = upstream;
            this.delay = delay;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            threads.execute(this::accept);
        }

        URI baseUrl() {
            return URI.create("http://127.0.0.1:" + listener.getLocalPort());
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    threads.execute(() -> relay(client));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void relay(Socket client) {
            // Bounded wait: the delay once (parkNanos may return early, so to a deadline), then plain
            // copying until either side closes.
            long until = System.nanoTime() + delay.toNanos();
            for (long left = delay.toNanos(); left > 0 && !listener.isClosed(); left = until - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            try (client; Socket server = new Socket(upstream.getHost(), upstream.getPort())) {
                threads.execute(() -> copy(client, server));
                copy(server, client);
            } catch (IOException | RejectedExecutionException e) {
                // the client gave up (its timeout) or the test closed the proxy
            }
        }

        private static void copy(Socket from, Socket to) {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                in.transferTo(out);
                to.shutdownOutput();
            } catch (IOException e) {
                // one side closed
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            threads.shutdownNow();
            try {
                threads.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
