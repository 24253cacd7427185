package dev.stepwise.metrics.prometheus;

import static dev.stepwise.metrics.prometheus.OpenMetricsData.CANARY;
import static dev.stepwise.metrics.prometheus.OpenMetricsData.STABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.judge.DistributionDecision;
import dev.stepwise.analysis.judge.DistributionMetric;
import dev.stepwise.analysis.judge.MannWhitneyJudge;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.spi.SampleQuery;
import dev.stepwise.spi.SampleResult;
import dev.stepwise.traffic.Track;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Samples per track for a distribution judge, one range query each, against a real Prometheus on backfilled data. */
@DisplayName("Samples per track from a real Prometheus")
class PrometheusSamplesTest {

    static final Duration STEP = Duration.ofSeconds(30);
    static final Duration LOOKBACK = Duration.ofMinutes(5);
    static final OpenMetricsData DATA = OpenMetricsData.scenarios();
    static final String REQUEST_RATE = "sum(rate(istio_requests_total{destination_workload_namespace=\"{{ namespace }}\","
            + " destination_workload=\"{{ track }}\"}[{{ interval }}]))";
    static PrometheusServer server;

    @BeforeAll
    static void start() {
        server = PrometheusServer.start(DATA.text());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static PrometheusMetricSource sourceAt(Instant now) {
        return PrometheusMetricSource.builder(PrometheusConfig.builder().baseUrl(server.baseUrl())
                .timeout(Duration.ofSeconds(5)).build())
                .queries(BuiltInQueries.ISTIO).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    }

    /** The query the engine builds for one metric of judge "latency" of rollout test/podinfo. */
    static SampleQuery query(String template, Track track) {
        return new SampleQuery("latency", "m", template, track, LOOKBACK, STEP, Map.of("namespace", OpenMetricsData.NAMESPACE,
                "target", OpenMetricsData.TARGET, "interval", STEP.toSeconds() + "s"));
    }

    static List<Double> values(SampleResult result) {
        assertThat(result).isInstanceOf(SampleResult.Samples.class);
        return ((SampleResult.Samples) result).values();
    }

    @Test
    @DisplayName("answers a built-in's name with lookback / step samples of the track, each the data's value, in one query per track")
    void builtInSamples() {
        PrometheusMetricSource source = sourceAt(OpenMetricsData.SLOW_AT.plus(Duration.ofMinutes(5)));

        List<Double> canary = values(source.samples(query(MetricCheck.REQUEST_DURATION, Track.CANARY)));
        List<Double> stable = values(source.samples(query(MetricCheck.REQUEST_DURATION, Track.STABLE)));

        assertThat(source.queriesSent()).isEqualTo(2);
        double slowP99 = DATA.p99(CANARY, OpenMetricsData.SLOW_AT, STEP).orElseThrow();
        double stableP99 = DATA.p99(STABLE, OpenMetricsData.SLOW_AT, STEP).orElseThrow();
        assertThat(canary).hasSize(10).allSatisfy(v -> assertThat(v).isCloseTo(slowP99, within(1e-6)));
        assertThat(stable).hasSize(10).allSatisfy(v -> assertThat(v).isCloseTo(stableP99, within(1e-6)));
        assertThat(slowP99).isGreaterThan(3 * stableP99);
    }

    @Test
    @DisplayName("renders a custom template with the track's workload and the step as interval")
    void customTemplate() {
        PrometheusMetricSource source = sourceAt(OpenMetricsData.HEALTHY_AT.plus(Duration.ofMinutes(2)));

        assertThat(values(source.samples(query(REQUEST_RATE, Track.CANARY))))
                .hasSize(10).allSatisfy(v -> assertThat(v).isCloseTo(20.0, within(1e-6)));
        assertThat(values(source.samples(query(REQUEST_RATE, Track.STABLE))))
                .hasSize(10).allSatisfy(v -> assertThat(v).isCloseTo(200.0, within(1e-6)));
    }

    @Test
    @DisplayName("keeps only the evaluations with a value: a canary born mid-range has fewer samples, one without series none")
    void gapsStayGaps() {
        List<Double> young = values(sourceAt(OpenMetricsData.START.plus(Duration.ofMinutes(7)))
                .samples(query(MetricCheck.REQUEST_DURATION, Track.CANARY)));
        SampleResult unborn = sourceAt(OpenMetricsData.NO_TRAFFIC_AT).samples(query(MetricCheck.REQUEST_DURATION, Track.CANARY));

        assertThat(young).hasSizeBetween(3, 5);
        assertThat(unborn).isInstanceOf(SampleResult.NoData.class);
    }

    @Test
    @DisplayName("fails, never answers samples, when the server is gone, and a source without samples says so")
    void failures() {
        PrometheusMetricSource unreachable = PrometheusMetricSource.builder(PrometheusConfig.builder()
                .baseUrl("http://127.0.0.1:1").timeout(Duration.ofSeconds(2)).build()).build();
        MetricSource plain = query -> new dev.stepwise.spi.MetricResult.Failed("none");

        assertThat(unreachable.samples(query(MetricCheck.REQUEST_DURATION, Track.CANARY)))
                .isInstanceOfSatisfying(SampleResult.Failed.class, f -> assertThat(f.reason()).contains("unreachable"));
        assertThat(plain.samples(query(MetricCheck.REQUEST_DURATION, Track.CANARY)))
                .isEqualTo(new SampleResult.Failed(MetricSource.NO_SAMPLES));
    }

    @Test
    @DisplayName("feeds the judge: the slow canary's p99 is HIGH and fails it, the healthy one's passes")
    void judgesRealSamples() {
        MannWhitneyJudge judge = MannWhitneyJudge.of(List.of(DistributionMetric.of("p99", MetricCheck.REQUEST_DURATION)));
        DistributionMetric p99 = judge.metrics().get(0);

        DistributionDecision slow = decide(judge, p99, sourceAt(OpenMetricsData.SLOW_AT.plus(Duration.ofMinutes(5))));
        DistributionDecision healthy = decide(judge, p99, sourceAt(OpenMetricsData.HEALTHY_AT.plus(Duration.ofMinutes(2))));

        assertThat(slow.outcome()).isEqualTo(DistributionDecision.Outcome.FAIL);
        assertThat(healthy.outcome()).isEqualTo(DistributionDecision.Outcome.PASS);
    }

    private static DistributionDecision decide(MannWhitneyJudge judge, DistributionMetric metric, PrometheusMetricSource source) {
        double[] canary = ((SampleResult.Samples) source.samples(query(metric.query(), Track.CANARY))).toArray();
        double[] stable = ((SampleResult.Samples) source.samples(query(metric.query(), Track.STABLE))).toArray();
        return judge.decide(List.of(judge.compare(metric, canary, stable)));
    }
}
