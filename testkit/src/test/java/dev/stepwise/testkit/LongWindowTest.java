package dev.stepwise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.rollout.Phase;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A window of more than {@link SimulatedService#MAX_ROUTED_REQUESTS} requests is served from
 * counts, so that the longest analysis interval (24h) or any request rate costs no more memory
 * than a window of a quarter of an hour.
 */
@DisplayName("SimulatedService on a long window")
class LongWindowTest {

    private static final Duration DAY = AnalysisPolicy.MAX_INTERVAL;

    @Test
    @DisplayName("serves a day at 100 req/s: every request counted, shares, errors and p99 as routed, at most 100,000 samples kept")
    void aDay() {
        SimulatedService service = SimulatedService.builder().canaryErrorProbability(0.1).canaryLatency(100, 400).build();

        TrafficWindow window = service.observe(TrafficSplit.canaryWithBaseline(20), DAY);

        assertThat(window.liveRequests()).isEqualTo(8_640_000);
        assertThat(share(window, Track.STABLE)).isCloseTo(0.6, within(0.001));
        assertThat(share(window, Track.CANARY)).isCloseTo(0.2, within(0.001));
        TrackStats canary = window.canary();
        assertThat(canary.successRatePercent()).isCloseTo(90.0, within(0.1));
        assertThat(canary.latencyPercentileMs(50)).isCloseTo(100.0, within(2.0));
        assertThat(canary.p99Ms()).isCloseTo(400.0, within(15.0));
        assertThat(canary.latenciesMs()).hasSize(TrackStats.MAX_LATENCY_SAMPLES);
        assertThat(window.track(Track.STABLE).successRatePercent()).isEqualTo(100.0);
    }

    @Test
    @DisplayName("serves a day at a billion req/s with the same bounded sample, mirrored copies and route matches included")
    void anyRate() {
        SimulatedService service = SimulatedService.builder().requestRate(1e9).matchingShare(0.25).build();
        TrafficSplit split = TrafficSplit.allStable().withMirror(10).withMatches(List.of(
                RouteMatch.toCanary(MatchCondition.header("x-canary", MatchCondition.Operator.EXACT, "always"))));

        TrafficWindow window = service.observe(split, DAY);

        assertThat(window.liveRequests()).isEqualTo(86_400_000_000_000L);
        assertThat(share(window, Track.CANARY)).isCloseTo(0.25 + 0.75 * 0.10, within(0.001));
        assertThat(window.canary().mirrored()).isCloseTo((long) (0.75 * 0.10 * 86.4e12), within((long) 1e9));
        assertThat(window.tracks().values()).allSatisfy(stats ->
                assertThat(stats.latenciesMs()).hasSizeLessThanOrEqualTo(TrackStats.MAX_LATENCY_SAMPLES));
    }

    @Test
    @DisplayName("routes a window of exactly the limit request by request, as before")
    void atTheLimit() {
        SimulatedService service = SimulatedService.builder().requestRate(SimulatedService.MAX_ROUTED_REQUESTS).build();

        TrafficWindow window = service.observe(TrafficSplit.canary(50), Duration.ofSeconds(1));

        assertThat(window.liveRequests()).isEqualTo(SimulatedService.MAX_ROUTED_REQUESTS);
        assertThat(window.canary().latenciesMs()).hasSize((int) window.canary().requests());
    }

    @Test
    @DisplayName("draws binomial counts with the right mean and spread, small and large")
    void binomialCounts() {
        Random random = new Random(1);
        double sum = 0;
        double sumOfSquares = 0;
        int draws = 2000;
        for (int i = 0; i < draws; i++) {
            long x = CountedWindow.binomial(random, 1_000_000, 0.3);
            sum += x;
            sumOfSquares += (double) x * x;
        }
        double mean = sum / draws;
        double sd = Math.sqrt(sumOfSquares / draws - mean * mean);
        assertThat(mean).isCloseTo(300_000, within(30.0));
        assertThat(sd).isCloseTo(Math.sqrt(1_000_000 * 0.3 * 0.7), within(30.0));
        long small = 0;
        for (int i = 0; i < draws; i++) {
            small += CountedWindow.binomial(random, 10_000_000, 2e-7);
        }
        assertThat((double) small / draws).isCloseTo(2.0, within(0.2));
        assertThat(CountedWindow.binomial(random, 5, 0.0)).isZero();
        assertThat(CountedWindow.binomial(random, 5, 1.0)).isEqualTo(5);
    }

    @Test
    @DisplayName("simulates a rollout with 24h intervals to the end, judging each day's traffic")
    void aRolloutOfDays() {
        CanaryStrategy strategy = CanaryStrategy.builder().stepWeight(25).maxWeight(50)
                .analysis(AnalysisPolicy.builder().interval(DAY)
                        .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)))
                        .metric(MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.atMost(500)))
                        .build())
                .build();

        SimulationResult result = RolloutSimulation.builder(strategy).build().run();

        assertThat(result.finalState().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(result.steps()).anySatisfy(step -> assertThat(step.verdicts()).isNotEmpty());
    }

    private static double share(TrafficWindow window, Track track) {
        return (double) window.track(track).requests() / window.liveRequests();
    }
}
