package dev.stepwise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SimulatedMetrics")
class SimulatedMetricsTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final AnalysisPolicy POLICY = AnalysisPolicy.builder()
            .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)))
            .metric(MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.atMost(500)))
            .build();

    @Test
    @DisplayName("judges a canary without requests as no data, never as a pass")
    void noTrafficIsNoData() {
        SimulatedMetrics metrics = SimulatedMetrics.of(SimulatedService.ofDefaults());

        List<Verdict> verdicts = metrics.verdicts(POLICY, TrafficSplit.allStable(), MINUTE);

        assertThat(verdicts).extracting(Verdict::status)
                .containsExactly(Verdict.Status.NO_DATA, Verdict.Status.NO_DATA);
    }

    @Test
    @DisplayName("passes a healthy canary on success rate and p99 latency")
    void healthyCanaryPasses() {
        SimulatedMetrics metrics = SimulatedMetrics.of(SimulatedService.ofDefaults());

        List<Verdict> verdicts = metrics.verdicts(POLICY, TrafficSplit.canary(10), MINUTE);

        assertThat(verdicts).extracting(Verdict::metric, Verdict::status).containsExactly(
                tuple(MetricCheck.REQUEST_SUCCESS_RATE, Verdict.Status.PASS),
                tuple(MetricCheck.REQUEST_DURATION, Verdict.Status.PASS));
        assertThat(verdicts.get(0).observed()).isEqualTo(100.0);
        assertThat(verdicts.get(1).observed()).isBetween(100.0, 400.0);
    }

    @Test
    @DisplayName("fails a canary whose success rate is below min or whose p99 is above max")
    void failingCanaryFails() {
        SimulatedService service = SimulatedService.builder()
                .canaryErrorProbability(0.5).canaryLatency(400, 2000).build();

        List<Verdict> verdicts = SimulatedMetrics.of(service).verdicts(POLICY, TrafficSplit.canary(10), MINUTE);

        assertThat(verdicts).extracting(Verdict::status).containsOnly(Verdict.Status.FAIL);
        assertThat(verdicts.get(0).observed()).isBetween(40.0, 60.0);
        assertThat(verdicts.get(0).reason()).endsWith("< min 99.0");
    }

    @Test
    @DisplayName("measures the canary only, mirrored requests included")
    void measuresTheCanaryOnly() {
        SimulatedService service = SimulatedService.builder().canaryErrorProbability(1.0).build();

        List<Verdict> verdicts = SimulatedMetrics.of(service)
                .verdicts(POLICY, TrafficSplit.allStable().withMirror(50), MINUTE);

        assertThat(verdicts.get(0).status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(verdicts.get(0).observed()).isEqualTo(0.0);
    }

    @Test
    @DisplayName("gives stable's value of each built-in check in the same window, none for a custom check or an idle stable")
    void stableValues() {
        SimulatedService service = SimulatedService.builder().canaryErrorProbability(1.0).build();
        MetricCheck custom = MetricCheck.custom("queue-depth", "sum(queue_depth)", ThresholdRange.atMost(10));
        List<MetricCheck> checks = List.of(POLICY.metrics().get(0), custom, POLICY.metrics().get(1));
        TrafficWindow window = service.observe(TrafficSplit.canary(10), MINUTE);

        Map<String, Double> values = SimulatedMetrics.stableValues(checks, window);

        assertThat(values).containsOnlyKeys(MetricCheck.REQUEST_SUCCESS_RATE, MetricCheck.REQUEST_DURATION);
        assertThat(values.get(MetricCheck.REQUEST_SUCCESS_RATE)).isEqualTo(window.track(Track.STABLE).successRatePercent())
                .isGreaterThan(99.0);
        assertThat(values.get(MetricCheck.REQUEST_DURATION)).isEqualTo(window.track(Track.STABLE).p99Ms());
        assertThat(SimulatedMetrics.stableValues(checks, service.observe(TrafficSplit.canary(100), MINUTE))).isEmpty();
    }

    @Test
    @DisplayName("answers a custom-query check with an error verdict")
    void customQueryIsAnError() {
        MetricCheck custom = MetricCheck.custom("queue-depth", "sum(queue_depth)", ThresholdRange.atMost(10));
        TrafficWindow window = SimulatedService.ofDefaults().observe(TrafficSplit.canary(50), MINUTE);

        Verdict verdict = SimulatedMetrics.judge(custom, window);

        assertThat(verdict).isEqualTo(Verdict.error("queue-depth", "simulated metrics support built-in checks only"));
    }

    private static final MetricCheck LAG = MetricCheck.custom("queue-lag-seconds", "max(lag)", ThresholdRange.atMost(10));
    private static final MetricCheck CONVERSION =
            MetricCheck.custom("checkout-conversion", "sum(conversions)", ThresholdRange.atLeast(2));
    private static final AnalysisPolicy CUSTOM_POLICY = AnalysisPolicy.builder()
            .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)))
            .metric(LAG)
            .metric(CONVERSION)
            .build();

    @Test
    @DisplayName("judges a supplied custom metric by its threshold range: inside passes, outside fails")
    void suppliedCustomMetricIsJudgedByItsRange() {
        SimulatedMetrics metrics = SimulatedMetrics.of(SimulatedService.ofDefaults())
                .withCustomMetrics(Map.of(LAG.name(), () -> 3, CONVERSION.name(), () -> 1.5));

        List<Verdict> verdicts = metrics.verdicts(CUSTOM_POLICY, TrafficSplit.canary(10), MINUTE);

        assertThat(verdicts).containsExactly(
                Verdict.pass(MetricCheck.REQUEST_SUCCESS_RATE, 100.0),
                Verdict.pass("queue-lag-seconds", 3),
                Verdict.fail("checkout-conversion", 1.5, "1.5 < min 2.0"));
    }

    @Test
    @DisplayName("judges a supplied NaN as no data, never as a pass")
    void suppliedNaNIsNoData() {
        SimulatedMetrics metrics = SimulatedMetrics.of(SimulatedService.ofDefaults())
                .withCustomMetrics(Map.of(LAG.name(), () -> Double.NaN));

        List<Verdict> verdicts = metrics.verdicts(CUSTOM_POLICY, TrafficSplit.canary(10), MINUTE);

        assertThat(verdicts.get(1).status()).isEqualTo(Verdict.Status.NO_DATA);
    }

    @Test
    @DisplayName("still answers a custom check without a supplied value with an error verdict")
    void unsuppliedCustomMetricIsStillAnError() {
        SimulatedMetrics original = SimulatedMetrics.of(SimulatedService.ofDefaults());
        SimulatedMetrics withLag = original.withCustomMetrics(Map.of(LAG.name(), () -> 3));

        List<Verdict> verdicts = withLag.verdicts(CUSTOM_POLICY, TrafficSplit.canary(10), MINUTE);
        List<Verdict> originalVerdicts = original.verdicts(CUSTOM_POLICY, TrafficSplit.canary(10), MINUTE);

        assertThat(verdicts.get(2)).isEqualTo(Verdict.error("checkout-conversion", SimulatedMetrics.BUILT_IN_ONLY));
        assertThat(originalVerdicts.get(1)).isEqualTo(Verdict.error("queue-lag-seconds", SimulatedMetrics.BUILT_IN_ONLY));
    }

    @Test
    @DisplayName("reads a supplied value at every judgement, so changes between analyses are seen")
    void suppliedValuesAreReadEachTime() {
        AtomicReference<Double> lag = new AtomicReference<>(3.0);
        SimulatedMetrics metrics = SimulatedMetrics.of(SimulatedService.ofDefaults())
                .withCustomMetrics(Map.of(LAG.name(), lag::get));

        Verdict before = metrics.verdicts(CUSTOM_POLICY, TrafficSplit.canary(10), MINUTE).get(1);
        lag.set(42.0);
        Verdict after = metrics.verdicts(CUSTOM_POLICY, TrafficSplit.canary(10), MINUTE).get(1);

        assertThat(before).isEqualTo(Verdict.pass("queue-lag-seconds", 3));
        assertThat(after).isEqualTo(Verdict.fail("queue-lag-seconds", 42, "42.0 > max 10.0"));
    }

    @Test
    @DisplayName("measures a built-in check from the traffic even when a value is supplied for its name")
    void builtInsAreNotOverridden() {
        SimulatedMetrics metrics = SimulatedMetrics.of(SimulatedService.ofDefaults())
                .withCustomMetrics(Map.of(MetricCheck.REQUEST_SUCCESS_RATE, () -> 0));

        List<Verdict> verdicts = metrics.verdicts(POLICY, TrafficSplit.canary(10), MINUTE);

        assertThat(verdicts.get(0)).isEqualTo(Verdict.pass(MetricCheck.REQUEST_SUCCESS_RATE, 100.0));
    }

    @Test
    @DisplayName("answers with an error verdict, without throwing, when a supplied value cannot be read")
    void throwingSupplierIsAnError() {
        SimulatedMetrics metrics = SimulatedMetrics.of(SimulatedService.ofDefaults())
                .withCustomMetrics(Map.of(LAG.name(), () -> {
                    throw new IllegalStateException("exporter down");
                }));

        Verdict verdict = metrics.verdicts(CUSTOM_POLICY, TrafficSplit.canary(10), MINUTE).get(1);

        assertThat(verdict).isEqualTo(Verdict.error("queue-lag-seconds", "cannot read the simulated value: exporter down"));
    }
}
