package dev.stepwise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stepwise.analysis.judge.TrackCounts;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("SimulatedService with realistic traffic (opt-in)")
class RealisticTrafficTest {

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Nested
    @DisplayName("Poisson arrivals")
    class Arrivals {

        @Test
        @DisplayName("draw each window's request count with the Poisson mean and variance")
        void meanAndVariance() {
            SimulatedService service = SimulatedService.builder().requestRate(2.0).poissonArrivals(true).seed(7).build();
            double[] counts = liveCounts(service, 5_000, TEN_SECONDS);
            assertThat(mean(counts)).isCloseTo(20.0, within(0.3));
            assertThat(variance(counts)).isCloseTo(20.0, within(1.5));
        }

        @Test
        @DisplayName("give a service at 0.1 requests/s a request now and then in 1-second windows, where fixed counts give none")
        void lowTraffic() {
            SimulatedService fixed = SimulatedService.builder().requestRate(0.1).build();
            SimulatedService poisson = SimulatedService.builder().requestRate(0.1).poissonArrivals(true).build();
            assertThat(mean(liveCounts(fixed, 10_000, Duration.ofSeconds(1)))).isZero();
            assertThat(mean(liveCounts(poisson, 10_000, Duration.ofSeconds(1)))).isCloseTo(0.1, within(0.01));
        }

        @Test
        @DisplayName("keep large windows served from counts, with the Poisson mean")
        void largeWindows() {
            SimulatedService service = SimulatedService.builder().requestRate(1_000).poissonArrivals(true).build();
            double[] counts = liveCounts(service, 40, Duration.ofMinutes(10));
            assertThat(mean(counts)).isCloseTo(600_000, within(400.0));
            assertThat(Math.sqrt(variance(counts))).isBetween(500.0, 1_100.0);
        }

        @Test
        @DisplayName("are deterministic for a seed")
        void deterministic() {
            SimulatedService a = SimulatedService.builder().poissonArrivals(true).errorBursts(ErrorBursts.ofDefaults())
                    .errorProbability(Track.STABLE, 0.01).seed(3).build();
            SimulatedService b = SimulatedService.builder().poissonArrivals(true).errorBursts(ErrorBursts.ofDefaults())
                    .errorProbability(Track.STABLE, 0.01).seed(3).build();
            for (int i = 0; i < 50; i++) {
                assertThat(a.observe(TrafficSplit.canary(10), TEN_SECONDS)).isEqualTo(b.observe(TrafficSplit.canary(10), TEN_SECONDS));
            }
        }
    }

    @Nested
    @DisplayName("error bursts")
    class Bursts {

        @Test
        @DisplayName("raise the mean error rate by the share of time in bursts and make errors overdispersed")
        void correlatedErrors() {
            ErrorBursts bursts = new ErrorBursts(10.0, Duration.ofMinutes(5), Duration.ofMinutes(1));
            SimulatedService service = SimulatedService.builder().requestRate(10).errorBursts(bursts)
                    .errorProbability(Track.STABLE, 0.01).seed(11).build();
            double[] errors = new double[10_000];
            for (int i = 0; i < errors.length; i++) {
                errors[i] = service.observe(TrafficSplit.allStable(), TEN_SECONDS).track(Track.STABLE).errors();
            }
            // calm 5/6 of the time at 1%, bursts 1/6 at 10%: 2.5% of 100 requests
            assertThat(bursts.burstShare()).isCloseTo(1.0 / 6, within(1e-9));
            assertThat(mean(errors)).isCloseTo(2.5, within(0.4));
            // a binomial count would have a variance about its mean; bursts make it several times larger
            assertThat(variance(errors)).isGreaterThan(3 * mean(errors));
        }

        @Test
        @DisplayName("apply to windows served from counts as well")
        void countedWindows() {
            SimulatedService service = SimulatedService.builder().requestRate(1_000)
                    .errorBursts(new ErrorBursts(10.0, Duration.ofMinutes(5), Duration.ofMinutes(1)))
                    .errorProbability(Track.STABLE, 0.01).seed(5).build();
            double errors = 0;
            double requests = 0;
            for (int i = 0; i < 40; i++) {
                TrackStats stable = service.observe(TrafficSplit.allStable(), Duration.ofMinutes(30)).track(Track.STABLE);
                errors += stable.errors();
                requests += stable.requests();
            }
            assertThat(errors / requests).isCloseTo(0.025, within(0.005));
        }

        @Test
        @DisplayName("reject a factor or a mean out of range, naming the field")
        void validation() {
            assertThatThrownBy(() -> new ErrorBursts(0.5, Duration.ofMinutes(1), Duration.ofSeconds(10)))
                    .isInstanceOf(InvalidValueException.class).hasMessageContaining("errorBursts.factor");
            assertThatThrownBy(() -> new ErrorBursts(2, Duration.ofMillis(10), Duration.ofSeconds(10)))
                    .isInstanceOf(InvalidValueException.class).hasMessageContaining("errorBursts.meanCalm");
            assertThatThrownBy(() -> new ErrorBursts(2, Duration.ofMinutes(1), Duration.ofDays(2)))
                    .isInstanceOf(InvalidValueException.class).hasMessageContaining("errorBursts.meanBurst");
        }
    }

    @Nested
    @DisplayName("counts for a judge")
    class Counts {

        @Test
        @DisplayName("give each track's requests with its errors, or with its requests slower than a threshold")
        void counts() {
            SimulatedService service = SimulatedService.builder().canaryErrorProbability(0.5).canaryLatency(50, 200).seed(1).build();
            TrackStats canary = service.observe(TrafficSplit.canary(50), TEN_SECONDS).canary();
            assertThat(canary.errorCounts()).isEqualTo(new TrackCounts(canary.requests(), canary.errors()));
            TrackCounts slow = canary.slowCounts(200);
            assertThat(slow.requests()).isEqualTo(canary.requests());
            assertThat(slow.bad()).isEqualTo(canary.latenciesMs().stream().filter(ms -> ms > 200).count());
            assertThatThrownBy(() -> canary.slowCounts(0)).isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("thresholdMs");
        }

        @Test
        @DisplayName("scale the slow share of the latency sample to the requests of a window served from counts")
        void slowCountsFromASample() {
            SimulatedService service = SimulatedService.builder().requestRate(1_000).seed(2).build();
            TrackStats stable = service.observe(TrafficSplit.allStable(), Duration.ofMinutes(5)).track(Track.STABLE);
            // 1% of requests are slower than the p99 of 200 ms
            assertThat(stable.slowCounts(200).rate()).isCloseTo(0.01, within(0.001));
        }

        @Test
        @DisplayName("tell a window listener of every window served")
        void windowListener() {
            List<TrafficWindow> seen = new ArrayList<>();
            SimulatedService service = SimulatedService.builder().windowListener(seen::add).build();
            TrafficWindow first = service.observe(TrafficSplit.canary(10), TEN_SECONDS);
            TrafficWindow second = service.observe(TrafficSplit.canary(20), TEN_SECONDS);
            assertThat(seen).containsExactly(first, second);
        }
    }

    private static double[] liveCounts(SimulatedService service, int windows, Duration window) {
        double[] counts = new double[windows];
        for (int i = 0; i < windows; i++) {
            counts[i] = service.observe(TrafficSplit.allStable(), window).liveRequests();
        }
        return counts;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double variance(double[] values) {
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (values.length - 1);
    }
}
