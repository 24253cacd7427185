package dev.stepwise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SimulatedService")
class SimulatedServiceTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    @DisplayName("sends the canary no request while its weight is 0")
    void zeroWeightGetsNothing() {
        SimulatedService service = SimulatedService.ofDefaults();

        TrafficWindow window = service.observe(TrafficSplit.allStable(), MINUTE);

        assertThat(window.canary().requests()).isZero();
        assertThat(window.canary().successRatePercent()).isNaN();
        assertThat(window.track(Track.BASELINE).requests()).isZero();
        assertThat(window.track(Track.STABLE).requests()).isEqualTo(6000);
    }

    @Test
    @DisplayName("answers no request with a 5xx when all traffic goes to a stable track without errors")
    void noErrorsOnAHealthyStableTrack() {
        SimulatedService service = SimulatedService.builder().canaryErrorProbability(1.0).build();

        TrafficWindow window = service.observe(TrafficSplit.allStable(), MINUTE);

        assertThat(window.track(Track.STABLE).errors()).isZero();
        assertThat(window.track(Track.STABLE).successRatePercent()).isEqualTo(100.0);
    }

    @Test
    @DisplayName("divides requests by the weights of the split in force")
    void followsTheWeights() {
        SimulatedService service = SimulatedService.builder().requestRate(1000).build();

        TrafficWindow window = service.observe(TrafficSplit.canaryWithBaseline(20), MINUTE);

        assertThat(window.liveRequests()).isEqualTo(60_000);
        assertThat(share(window, Track.STABLE)).isCloseTo(0.6, within(0.01));
        assertThat(share(window, Track.CANARY)).isCloseTo(0.2, within(0.01));
        assertThat(share(window, Track.BASELINE)).isCloseTo(0.2, within(0.01));
    }

    @Test
    @DisplayName("counts mirrored copies of stable requests in the canary's metrics")
    void mirroredRequestsCountForTheCanary() {
        SimulatedService service = SimulatedService.builder().canaryErrorProbability(1.0).build();

        TrafficWindow window = service.observe(TrafficSplit.allStable().withMirror(100), MINUTE);

        assertThat(window.track(Track.STABLE).requests()).isEqualTo(6000);
        assertThat(window.canary().requests()).isEqualTo(6000);
        assertThat(window.canary().mirrored()).isEqualTo(6000);
        assertThat(window.canary().successRatePercent()).isEqualTo(0.0);
        assertThat(window.liveRequests()).isEqualTo(6000);
    }

    @Test
    @DisplayName("sends matching requests to the track of the route match, whatever the weights")
    void routeMatchesTakePrecedence() {
        SimulatedService service = SimulatedService.builder().matchingShare(0.25).build();
        TrafficSplit split = TrafficSplit.allStable().withMatches(List.of(
                RouteMatch.toCanary(MatchCondition.header("x-canary", MatchCondition.Operator.EXACT, "always"))));

        TrafficWindow window = service.observe(split, MINUTE);

        assertThat(share(window, Track.CANARY)).isCloseTo(0.25, within(0.02));
    }

    @Test
    @DisplayName("gives error rates and latencies that follow each track's behaviour")
    void followsTheBehaviour() {
        SimulatedService service = SimulatedService.builder().requestRate(1000)
                .canaryErrorProbability(0.1).canaryLatency(100, 400).build();

        TrackStats canary = service.observe(TrafficSplit.canary(50), MINUTE).canary();

        assertThat(canary.successRatePercent()).isCloseTo(90.0, within(0.5));
        assertThat(canary.latencyPercentileMs(50)).isCloseTo(100.0, within(3.0));
        assertThat(canary.p99Ms()).isCloseTo(400.0, within(30.0));
    }

    @Test
    @DisplayName("serves the same windows for the same seed, and others for another seed")
    void seededReproducibility() {
        TrafficSplit split = TrafficSplit.canary(30);
        SimulatedService first = SimulatedService.builder().seed(7).canaryErrorProbability(0.05).build();
        SimulatedService again = SimulatedService.builder().seed(7).canaryErrorProbability(0.05).build();
        SimulatedService other = SimulatedService.builder().seed(8).canaryErrorProbability(0.05).build();

        for (int i = 0; i < 3; i++) {
            TrafficWindow a = first.observe(split, MINUTE);
            TrafficWindow b = again.observe(split, MINUTE);
            TrafficWindow c = other.observe(split, MINUTE);
            assertThat(a).isEqualTo(b);
            assertThat(a).isNotEqualTo(c);
        }
    }

    @Test
    @DisplayName("applies a changed behaviour from the next window on")
    void behaviourChangesBetweenWindows() {
        SimulatedService service = SimulatedService.ofDefaults();
        assertThat(service.observe(TrafficSplit.canary(50), MINUTE).canary().errors()).isZero();

        service.canaryErrorProbability(1.0);

        TrackStats canary = service.observe(TrafficSplit.canary(50), MINUTE).canary();
        assertThat(canary.errors()).isEqualTo(canary.requests()).isPositive();
    }

    @Test
    @DisplayName("serves no request in an empty window")
    void emptyWindow() {
        TrafficWindow window = SimulatedService.ofDefaults().observe(TrafficSplit.canary(50), Duration.ZERO);

        assertThat(window.liveRequests()).isZero();
        assertThat(window.canary().p99Ms()).isNaN();
    }

    @Test
    @DisplayName("rejects an error probability outside 0..1, naming the field and the range")
    void rejectsBadErrorProbability() {
        assertThatThrownBy(() -> SimulatedService.builder().canaryErrorProbability(1.5))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("canary.errorProbability: 1.5 must be between 0 and 1");
        assertThatThrownBy(() -> SimulatedService.builder().errorProbability(Track.STABLE, -0.1))
                .hasMessage("stable.errorProbability: -0.1 must be between 0 and 1");
        assertThatThrownBy(() -> SimulatedService.ofDefaults().canaryErrorProbability(Double.NaN))
                .hasMessage("canary.errorProbability: NaN must be between 0 and 1");
        assertThatThrownBy(() -> new TrackBehaviour(2, 50, 200))
                .hasMessage("errorProbability: 2.0 must be between 0 and 1");
    }

    @Test
    @DisplayName("rejects a p99 latency below the median and a negative request rate")
    void rejectsBadLatencyAndRate() {
        assertThatThrownBy(() -> SimulatedService.builder().canaryLatency(100, 50))
                .hasMessage("canary.latencyP99Ms: 50.0 must be a finite number at least the median 100.0");
        assertThatThrownBy(() -> SimulatedService.builder().requestRate(-1))
                .hasMessageStartingWith("requestRate: -1.0 must be");
    }

    private static double share(TrafficWindow window, Track track) {
        return (double) window.track(track).requests() / window.liveRequests();
    }
}
