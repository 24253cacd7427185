package dev.stepwise.metrics.prometheus;

import static dev.stepwise.metrics.prometheus.OpenMetricsData.BUCKETS_MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.BadRequests;
import dev.stepwise.analysis.judge.TrackCounts;
import dev.stepwise.metrics.prometheus.OpenMetricsData.Traffic;
import dev.stepwise.spi.CountQuery;
import dev.stepwise.spi.CountResult;
import dev.stepwise.traffic.Track;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PrometheusMetricSource#counts} against a real Prometheus serving
 * {@link OpenMetricsData#scenarios()} in the series of every built-in flavour at once (Istio,
 * Kuma's Envoy, application metrics): the counts per track are the generator's, one HTTP query
 * answers both tracks, and whatever is missing is never counts.
 */
@DisplayName("PrometheusMetricSource counts requests per track on a real Prometheus")
class PrometheusCountsTest {

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final OpenMetricsData DATA = OpenMetricsData.builder().length(Duration.ofMinutes(40))
            .flavours(BuiltInQueries.values())
            .traffic(OpenMetricsData.STABLE, OpenMetricsData.STABLE_TRAFFIC)
            .traffic(OpenMetricsData.CANARY, Duration.ofMinutes(5), OpenMetricsData.HEALTHY)
            .traffic(OpenMetricsData.CANARY, Duration.ofMinutes(15), OpenMetricsData.ERRORS)
            .traffic(OpenMetricsData.CANARY, Duration.ofMinutes(25), OpenMetricsData.SLOW)
            .build();
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

    static PrometheusMetricSource source(BuiltInQueries flavour, Instant at) {
        return source(server.baseUrl(), flavour, at);
    }

    static PrometheusMetricSource source(URI baseUrl, BuiltInQueries flavour, Instant at) {
        return PrometheusMetricSource.builder(PrometheusConfig.builder().baseUrl(baseUrl).timeout(Duration.ofSeconds(5)).build())
                .queries(flavour).clock(Clock.fixed(at, ZoneOffset.UTC)).shareWindow(Duration.ZERO).build();
    }

    /** The query the engine's observer builds for a judge of rollout test/podinfo. */
    static CountQuery query(BadRequests counted, Track control) {
        return new CountQuery("judge", counted, control, WINDOW, Map.of("namespace", OpenMetricsData.NAMESPACE,
                "target", OpenMetricsData.TARGET, "interval", WINDOW.toSeconds() + "s"));
    }

    /** The generator's requests and 5xx of {@code workload} over the window ending at {@code at}. */
    static TrackCounts errors(String workload, Instant at) {
        Traffic t = DATA.trafficOver(workload, at, WINDOW);
        return new TrackCounts(t.requestsPerSecond() * WINDOW.toSeconds(), t.errorsPerSecond() * WINDOW.toSeconds());
    }

    /** The generator's requests, and those slower than the bucket bound {@code boundMs}, over the window ending at {@code at}. */
    static TrackCounts slowerThanBound(String workload, Instant at, double boundMs) {
        Traffic t = DATA.trafficOver(workload, at, WINDOW);
        int bucket = Arrays.binarySearch(BUCKETS_MS, boundMs);
        assertThat(bucket).as("%s ms is a bucket bound", boundMs).isNotNegative();
        return new TrackCounts(t.requestsPerSecond() * WINDOW.toSeconds(),
                (t.requestsPerSecond() - t.cumulative(bucket)) * WINDOW.toSeconds());
    }

    static Stream<Arguments> flavoursAndPhases() {
        return Stream.of(BuiltInQueries.values()).flatMap(flavour -> Stream.of(
                Arguments.of(flavour, "healthy canary", OpenMetricsData.HEALTHY_AT),
                Arguments.of(flavour, "5xx-heavy canary", OpenMetricsData.ERRORS_AT),
                Arguments.of(flavour, "slow canary", OpenMetricsData.SLOW_AT)));
    }

    @ParameterizedTest(name = "{0}, {1}: requests and 5xx per track are the backfilled ones")
    @MethodSource("flavoursAndPhases")
    void error_counts_per_track(BuiltInQueries flavour, String phase, Instant at) {
        CountResult result = source(flavour, at).counts(query(BadRequests.errors(), Track.STABLE));

        assertThat(result).isEqualTo(new CountResult.Counts(errors(OpenMetricsData.CANARY, at),
                errors(OpenMetricsData.STABLE, at)));
    }

    @ParameterizedTest(name = "{0}, {1}: requests slower than a bucket bound per track are the backfilled ones")
    @MethodSource("flavoursAndPhases")
    void slow_counts_per_track(BuiltInQueries flavour, String phase, Instant at) {
        CountResult result = source(flavour, at).counts(query(BadRequests.slowerThan(Duration.ofMillis(250)), Track.STABLE));

        assertThat(result).isEqualTo(new CountResult.Counts(slowerThanBound(OpenMetricsData.CANARY, at, 250),
                slowerThanBound(OpenMetricsData.STABLE, at, 250)));
    }

    @Test
    @DisplayName("the phases differ where a judge must tell them apart")
    void the_phases_differ() {
        assertThat(errors(OpenMetricsData.CANARY, OpenMetricsData.ERRORS_AT)).isEqualTo(new TrackCounts(1200, 180));
        assertThat(errors(OpenMetricsData.CANARY, OpenMetricsData.HEALTHY_AT)).isEqualTo(new TrackCounts(1200, 0));
        assertThat(slowerThanBound(OpenMetricsData.CANARY, OpenMetricsData.SLOW_AT, 250)).isEqualTo(new TrackCounts(1200, 720));
        assertThat(slowerThanBound(OpenMetricsData.STABLE, OpenMetricsData.SLOW_AT, 250)).isEqualTo(new TrackCounts(12000, 0));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BuiltInQueries.class)
    @DisplayName("sends one HTTP query per metric, which answers both tracks")
    void one_query_per_metric(BuiltInQueries flavour) {
        PrometheusMetricSource source = source(flavour, OpenMetricsData.ERRORS_AT);

        assertThat(source.counts(query(BadRequests.errors(), Track.STABLE))).isInstanceOf(CountResult.Counts.class);
        assertThat(source.queriesSent()).isEqualTo(1);
        assertThat(source.counts(query(BadRequests.slowerThan(Duration.ofMillis(500)), Track.STABLE)))
                .isInstanceOf(CountResult.Counts.class);
        assertThat(source.queriesSent()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BuiltInQueries.class)
    @DisplayName("counts a threshold between two bucket bounds at the bound below it: no slow request is counted fast")
    void threshold_between_bounds(BuiltInQueries flavour) {
        Instant at = OpenMetricsData.SLOW_AT;
        CountResult result = source(flavour, at).counts(query(BadRequests.slowerThan(Duration.ofMillis(200)), Track.STABLE));

        // 200 ms lies between the bounds 100 and 250: every request above 100 ms counts as slow
        assertThat(result).isEqualTo(new CountResult.Counts(slowerThanBound(OpenMetricsData.CANARY, at, 100),
                slowerThanBound(OpenMetricsData.STABLE, at, 100)));
        CountResult.Counts counts = (CountResult.Counts) result;
        assertThat(counts.canary().bad()).isGreaterThanOrEqualTo(slowerThanBound(OpenMetricsData.CANARY, at, 250).bad());
        assertThat(counts.control().bad()).isGreaterThanOrEqualTo(slowerThanBound(OpenMetricsData.STABLE, at, 250).bad());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BuiltInQueries.class)
    @DisplayName("a canary without series is no data, never zero counts")
    void missing_canary(BuiltInQueries flavour) {
        PrometheusMetricSource source = source(flavour, OpenMetricsData.NO_TRAFFIC_AT);

        for (BadRequests counted : new BadRequests[] {BadRequests.errors(), BadRequests.slowerThan(Duration.ofMillis(250))}) {
            assertThat(source.counts(query(counted, Track.STABLE))).as("%s", counted)
                    .isInstanceOfSatisfying(CountResult.NoData.class, noData -> assertThat(noData.reason())
                            .contains("no series for the canary", flavour.trackLabels().valueFor(Track.CANARY, "podinfo")));
        }
    }

    @Test
    @DisplayName("a baseline control without series is no data")
    void missing_baseline() {
        CountResult result = source(BuiltInQueries.ISTIO, OpenMetricsData.HEALTHY_AT)
                .counts(query(BadRequests.errors(), Track.BASELINE));

        assertThat(result).isInstanceOfSatisfying(CountResult.NoData.class,
                noData -> assertThat(noData.reason()).contains("no series for the control", "podinfo-baseline"));
    }

    @Test
    @DisplayName("a threshold below the smallest bucket bound fails: the histogram cannot count it")
    void threshold_below_every_bound() {
        CountResult result = source(BuiltInQueries.ISTIO, OpenMetricsData.SLOW_AT)
                .counts(query(BadRequests.slowerThan(Duration.ofMillis(1)), Track.STABLE));

        assertThat(result).isInstanceOfSatisfying(CountResult.Failed.class,
                failed -> assertThat(failed.reason()).contains("below the smallest bucket bound (5ms)"));
    }

    @Test
    @DisplayName("an unreachable Prometheus fails with the reason, never zero counts")
    void unreachable() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        CountResult result = source(closed, BuiltInQueries.ISTIO, OpenMetricsData.HEALTHY_AT)
                .counts(query(BadRequests.errors(), Track.STABLE));

        assertThat(result).isInstanceOfSatisfying(CountResult.Failed.class,
                failed -> assertThat(failed.reason()).contains("unreachable"));
    }
}
