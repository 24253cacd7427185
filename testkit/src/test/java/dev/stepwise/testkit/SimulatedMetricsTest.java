package dev.stepwise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.List;
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
    @DisplayName("answers a custom-query check with an error verdict")
    void customQueryIsAnError() {
        MetricCheck custom = MetricCheck.custom("queue-depth", "sum(queue_depth)", ThresholdRange.atMost(10));
        TrafficWindow window = SimulatedService.ofDefaults().observe(TrafficSplit.canary(50), MINUTE);

        Verdict verdict = SimulatedMetrics.judge(custom, window);

        assertThat(verdict).isEqualTo(Verdict.error("queue-depth", "simulated metrics support built-in checks only"));
    }
}
