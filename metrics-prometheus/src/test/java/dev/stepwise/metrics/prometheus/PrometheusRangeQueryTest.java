package dev.stepwise.metrics.prometheus;

import static dev.stepwise.metrics.prometheus.OpenMetricsData.CANARY;
import static dev.stepwise.metrics.prometheus.OpenMetricsData.STABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.traffic.Track;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Range queries ({@code /api/v1/query_range}) against a real Prometheus on backfilled data. */
@DisplayName("A Prometheus range query")
class PrometheusRangeQueryTest {

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration STEP = Duration.ofMinutes(1);
    static final OpenMetricsData DATA = OpenMetricsData.scenarios();
    static PrometheusServer server;
    static PrometheusMetricSource source;

    @BeforeAll
    static void start() {
        server = PrometheusServer.start(DATA.text());
        source = PrometheusMetricSource.builder(PrometheusConfig.builder().baseUrl(server.baseUrl())
                .timeout(Duration.ofSeconds(5)).build())
                .queries(BuiltInQueries.ISTIO).clock(Clock.fixed(DATA.end(), ZoneOffset.UTC)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static MetricQuery successRate(Track track) {
        return new MetricQuery(MetricCheck.REQUEST_SUCCESS_RATE, "", track, WINDOW,
                Map.of("namespace", OpenMetricsData.NAMESPACE, "target", OpenMetricsData.TARGET));
    }

    static Instant at(int minute) {
        return OpenMetricsData.START.plus(Duration.ofMinutes(minute));
    }

    @Test
    void gives_the_canary_value_at_every_step_exactly_as_the_data_was_written() {
        RangeResult result = source.queryRange(successRate(Track.CANARY), at(7), at(13), STEP);

        assertThat(result).isInstanceOf(RangeResult.Points.class);
        var points = ((RangeResult.Points) result).points();
        assertThat(points).extracting(RangeResult.Point::at).containsExactly(at(7), at(8), at(9), at(10), at(11), at(12), at(13));
        points.forEach(p -> assertThat(p.value()).isCloseTo(DATA.successRate(CANARY, p.at(), WINDOW).orElseThrow(), within(1e-9)));
    }

    @Test
    void picks_each_track_out_of_the_same_all_tracks_query() {
        RangeResult stable = source.queryRange(successRate(Track.STABLE), at(17), at(23), STEP);
        RangeResult canary = source.queryRange(successRate(Track.CANARY), at(17), at(23), STEP);

        assertThat(((RangeResult.Points) stable).points()).allSatisfy(p ->
                assertThat(p.value()).isCloseTo(DATA.successRate(STABLE, p.at(), WINDOW).orElseThrow(), within(1e-9)));
        assertThat(((RangeResult.Points) canary).points()).allSatisfy(p ->
                assertThat(p.value()).isCloseTo(85.0, within(1e-9)));
    }

    @Test
    void is_no_data_for_a_canary_without_traffic_never_a_value() {
        RangeResult result = source.queryRange(successRate(Track.CANARY), at(1), at(4), STEP);

        assertThat(result).isInstanceOf(RangeResult.NoData.class);
    }

    @Test
    void refuses_a_range_that_ends_before_it_starts_or_has_too_many_points_as_a_failure() {
        assertThat(source.queryRange(successRate(Track.CANARY), at(10), at(5), STEP)).isInstanceOf(RangeResult.Failed.class);
        assertThat(source.queryRange(successRate(Track.CANARY), at(0), at(600), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(RangeResult.Failed.class, f -> assertThat(f.reason()).contains("11000"));
    }

    @Test
    void fails_as_a_value_when_the_server_is_gone() {
        PrometheusMetricSource unreachable = PrometheusMetricSource.builder(PrometheusConfig.builder()
                .baseUrl("http://127.0.0.1:1").timeout(Duration.ofSeconds(2)).build()).build();

        assertThat(unreachable.queryRange(successRate(Track.CANARY), at(7), at(13), STEP))
                .isInstanceOfSatisfying(RangeResult.Failed.class, f -> assertThat(f.reason()).contains("unreachable"));
    }
}
