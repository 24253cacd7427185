package dev.stepwise.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.traffic.Track;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every built-in query of every flavour is PromQL a real Prometheus accepts. The Istio ones are
 * checked for exact values elsewhere; the Kuma and generic ones meet data without their series
 * here, so the answer must be no data, never a refused query and never a value.
 */
@DisplayName("The built-in queries on a real Prometheus")
class BuiltInQueriesOnRealPrometheusTest {

    static final OpenMetricsData DATA = OpenMetricsData.scenarios();
    static PrometheusServer server;

    @BeforeAll
    static void start() {
        server = PrometheusServer.start(DATA.text());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BuiltInQueries.class)
    void are_accepted_and_answer_no_data_when_their_series_are_absent(BuiltInQueries flavour) {
        PrometheusMetricSource source = PrometheusMetricSource.builder(PrometheusConfig.builder().baseUrl(server.baseUrl())
                .timeout(Duration.ofSeconds(5)).build())
                .queries(flavour).clock(Clock.fixed(OpenMetricsData.HEALTHY_AT, ZoneOffset.UTC)).build();

        for (String check : new String[] {MetricCheck.REQUEST_SUCCESS_RATE, MetricCheck.REQUEST_DURATION}) {
            MetricResult result = source.query(new MetricQuery(check, "", Track.CANARY, Duration.ofMinutes(1),
                    Map.of("namespace", "elsewhere", "target", "nothing-here")));
            assertThat(result).as("%s %s", flavour, check).isInstanceOf(MetricResult.NoData.class);
        }
    }
}
