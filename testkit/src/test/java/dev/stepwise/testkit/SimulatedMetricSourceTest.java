package dev.stepwise.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.SampleQuery;
import dev.stepwise.spi.SampleResult;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("SimulatedMetricSource")
class SimulatedMetricSourceTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final MetricQuery CANARY_SUCCESS = builtIn(MetricCheck.REQUEST_SUCCESS_RATE, Track.CANARY);
    private static final MetricQuery CANARY_P99 = builtIn(MetricCheck.REQUEST_DURATION, Track.CANARY);

    private final InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();

    private static MetricQuery builtIn(String name, Track track) {
        return new MetricQuery(name, "", track, MINUTE, Map.of());
    }

    private static double value(MetricResult result) {
        assertThat(result).isInstanceOf(MetricResult.Value.class);
        return ((MetricResult.Value) result).value();
    }

    @Nested
    @DisplayName("following the applied split")
    class FollowingTheSplit {

        @Test
        @DisplayName("has no data for the canary's success rate while the canary gets 0% of traffic")
        void zeroCanaryIsNoData() {
            SimulatedMetricSource source = SimulatedMetricSource.of(SimulatedService.ofDefaults(), router);
            router.reconcile();

            MetricResult result = source.query(CANARY_SUCCESS);

            assertThat(result).isEqualTo(new MetricResult.NoData(
                    "no requests to the canary track in PT1M at stable 100% / canary 0%"));
        }

        @Test
        @DisplayName("measures the canary as soon as the router sends it traffic, and stops when it is released")
        void followsTheRouter() {
            SimulatedMetricSource source = SimulatedMetricSource.of(SimulatedService.ofDefaults(), router);
            router.reconcile();

            router.apply(TrafficSplit.canary(10));
            MetricResult during = source.query(CANARY_SUCCESS);
            router.release();
            MetricResult after = source.query(CANARY_SUCCESS);

            assertThat(value(during)).isEqualTo(100.0);
            assertThat(after).isInstanceOf(MetricResult.NoData.class);
        }

        @Test
        @DisplayName("keeps measuring while the router's calls are made to fail")
        void routerFaultsDoNotReachMetrics() {
            SimulatedMetricSource source = SimulatedMetricSource.of(SimulatedService.ofDefaults(), router);
            router.reconcile();
            router.apply(TrafficSplit.canary(50));
            router.failNext(1, new IllegalStateException("mesh down"));

            assertThat(source.query(CANARY_SUCCESS)).isInstanceOf(MetricResult.Value.class);
        }

        @Test
        @DisplayName("fails, without throwing, when the applied split cannot be read")
        void supplierFailureIsFailed() {
            SimulatedMetricSource source = SimulatedMetricSource.of(SimulatedService.ofDefaults(), () -> {
                throw new IllegalStateException("no split");
            });

            assertThat(source.query(CANARY_SUCCESS))
                    .isEqualTo(new MetricResult.Failed("cannot read the applied split: no split"));
        }
    }

    @Nested
    @DisplayName("measuring")
    class Measuring {

        @Test
        @DisplayName("reflects the canary's error probability in its success rate")
        void errorProbabilityReflected() {
            SimulatedService service = SimulatedService.builder().canaryErrorProbability(0.3).build();
            SimulatedMetricSource source = SimulatedMetricSource.of(service, () -> TrafficSplit.canary(50));

            assertThat(value(source.query(CANARY_SUCCESS))).isBetween(65.0, 75.0);
            assertThat(value(source.query(builtIn(MetricCheck.REQUEST_SUCCESS_RATE, Track.STABLE)))).isEqualTo(100.0);
        }

        @Test
        @DisplayName("follows a change of the canary's behaviour from the next query on")
        void behaviourChange() {
            SimulatedService service = SimulatedService.ofDefaults();
            SimulatedMetricSource source = SimulatedMetricSource.of(service, () -> TrafficSplit.canary(50));
            double before = value(source.query(CANARY_SUCCESS));

            service.canaryErrorProbability(1.0);

            assertThat(before).isEqualTo(100.0);
            assertThat(value(source.query(CANARY_SUCCESS))).isZero();
        }

        @Test
        @DisplayName("answers request-duration with the track's p99 latency in milliseconds")
        void p99Latency() {
            SimulatedService service = SimulatedService.builder().canaryLatency(100, 1000).build();
            SimulatedMetricSource source = SimulatedMetricSource.of(service, () -> TrafficSplit.canary(50));

            assertThat(value(source.query(CANARY_P99))).isBetween(700.0, 1400.0);
            assertThat(value(source.query(builtIn(MetricCheck.REQUEST_DURATION, Track.STABLE)))).isBetween(100.0, 300.0);
        }

        @Test
        @DisplayName("gives the same answers for the same seed and the same calls")
        void deterministic() {
            assertThat(answers(7)).isEqualTo(answers(7)).isNotEqualTo(answers(8));
        }

        private List<MetricResult> answers(long seed) {
            SimulatedService service = SimulatedService.builder().seed(seed).canaryErrorProbability(0.1).build();
            SimulatedMetricSource source = SimulatedMetricSource.of(service, () -> TrafficSplit.canary(20));
            List<MetricResult> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(source.query(CANARY_SUCCESS));
                answers.add(source.query(CANARY_P99));
            }
            return answers;
        }
    }

    @Nested
    @DisplayName("failing")
    class Failing {

        private final SimulatedMetricSource source =
                SimulatedMetricSource.of(SimulatedService.ofDefaults(), () -> TrafficSplit.canary(10));

        @Test
        @DisplayName("refuses a custom query: it supports built-in checks only")
        void customQuery() {
            MetricQuery custom = new MetricQuery("error-budget", "sum(rate(errors[1m]))", Track.CANARY, MINUTE, Map.of());
            MetricQuery unknownBuiltIn = builtIn("request-count", Track.CANARY);

            assertThat(source.query(custom)).isEqualTo(new MetricResult.Failed("simulated metrics support built-in checks only"));
            assertThat(source.query(unknownBuiltIn)).isEqualTo(new MetricResult.Failed(SimulatedMetrics.BUILT_IN_ONLY));
        }

        @Test
        @DisplayName("answers unreachable while unavailable, and reports itself unhealthy")
        void unavailable() {
            source.unavailable(true);

            assertThat(source.query(CANARY_SUCCESS)).isEqualTo(new MetricResult.Failed("unreachable"));
            assertThat(source.isHealthy()).isFalse();
            assertThat(source).hasToString("SimulatedMetricSource[" + SimulatedService.ofDefaults() + ", unavailable]");

            source.unavailable(false);

            assertThat(source.query(CANARY_SUCCESS)).isInstanceOf(MetricResult.Value.class);
            assertThat(source.isHealthy()).isTrue();
        }
    }

    @Nested
    @DisplayName("answering custom metrics")
    class CustomMetrics {

        private static final MetricQuery LAG =
                new MetricQuery("queue-lag-seconds", "max(lag{namespace=\"{{ namespace }}\"})", Track.CANARY, MINUTE, Map.of());

        private final SimulatedMetricSource source =
                SimulatedMetricSource.of(SimulatedService.ofDefaults(), () -> TrafficSplit.canary(10));

        @Test
        @DisplayName("answers a custom query with the value supplied for its name, read at every query")
        void suppliedValueChangesOverTime() {
            AtomicReference<Double> lag = new AtomicReference<>(3.0);
            SimulatedMetricSource answering = source.withCustomMetric("queue-lag-seconds", lag::get);

            MetricResult before = answering.query(LAG);
            lag.set(42.0);
            MetricResult after = answering.query(LAG);

            assertThat(before).isEqualTo(new MetricResult.Value(3.0));
            assertThat(after).isEqualTo(new MetricResult.Value(42.0));
        }

        @Test
        @DisplayName("has no data when the supplied value is NaN")
        void suppliedNaNIsNoData() {
            SimulatedMetricSource answering = source.withCustomMetric("queue-lag-seconds", () -> Double.NaN);

            assertThat(answering.query(LAG)).isInstanceOf(MetricResult.NoData.class);
        }

        @Test
        @DisplayName("still refuses a custom query without a supplied value, and leaves the original source unchanged")
        void unsuppliedIsStillRefused() {
            SimulatedMetricSource answering = source.withCustomMetric("checkout-conversion", () -> 5);
            MetricQuery conversion = new MetricQuery("checkout-conversion", "sum(conversions)", Track.CANARY, MINUTE, Map.of());

            assertThat(answering.query(LAG)).isEqualTo(new MetricResult.Failed(SimulatedMetrics.BUILT_IN_ONLY));
            assertThat(answering.query(conversion)).isEqualTo(new MetricResult.Value(5.0));
            assertThat(source.query(conversion)).isEqualTo(new MetricResult.Failed(SimulatedMetrics.BUILT_IN_ONLY));
        }

        @Test
        @DisplayName("answers only queries with a template: a bare name that is not a built-in is still refused")
        void onlyCustomQueries() {
            SimulatedMetricSource answering = source.withCustomMetric("queue-lag-seconds", () -> 3);

            assertThat(answering.query(builtIn("queue-lag-seconds", Track.CANARY)))
                    .isEqualTo(new MetricResult.Failed(SimulatedMetrics.BUILT_IN_ONLY));
        }

        @Test
        @DisplayName("fails, without throwing, when the supplied value cannot be read, and while unavailable")
        void failures() {
            SimulatedMetricSource throwing = source.withCustomMetric("queue-lag-seconds", () -> {
                throw new IllegalStateException("exporter down");
            });
            SimulatedMetricSource answering = source.withCustomMetric("queue-lag-seconds", () -> 3);
            answering.unavailable(true);

            assertThat(throwing.query(LAG)).isEqualTo(
                    new MetricResult.Failed("cannot read the simulated value of queue-lag-seconds: exporter down"));
            assertThat(answering.query(LAG)).isEqualTo(new MetricResult.Failed(SimulatedMetricSource.UNREACHABLE));
        }
    }

    @Nested
    @DisplayName("answering samples per track for a distribution judge")
    class Samples {

        private SampleQuery query(String template, Track track) {
            return new SampleQuery("judge", "m", template, track, Duration.ofMinutes(10), Duration.ofSeconds(30), Map.of());
        }

        @Test
        @DisplayName("serves lookback / step windows and answers the track's value in each")
        void onePerStep() {
            SimulatedService service = SimulatedService.builder().canaryLatency(100, 400).build();
            SimulatedMetricSource source = SimulatedMetricSource.of(service, router);
            router.reconcile();
            router.apply(TrafficSplit.canary(50));

            SampleResult canary = source.samples(query(MetricCheck.REQUEST_DURATION, Track.CANARY));
            SampleResult stable = source.samples(query(MetricCheck.REQUEST_DURATION, Track.STABLE));
            SampleResult success = source.samples(query(MetricCheck.REQUEST_SUCCESS_RATE, Track.STABLE));

            assertThat(((SampleResult.Samples) canary).values()).hasSize(20).allSatisfy(v -> assertThat(v).isGreaterThan(200.0));
            assertThat(((SampleResult.Samples) stable).values()).hasSize(20).allSatisfy(v -> assertThat(v).isLessThan(400.0));
            assertThat(((SampleResult.Samples) success).values()).containsOnly(100.0);
        }

        @Test
        @DisplayName("answers NaN for a window without a request to the track, never a value")
        void emptyWindowsAreNaN() {
            SimulatedMetricSource source = SimulatedMetricSource.of(SimulatedService.ofDefaults(), router);
            router.reconcile();

            SampleResult canary = source.samples(query(MetricCheck.REQUEST_DURATION, Track.CANARY));

            assertThat(((SampleResult.Samples) canary).values()).hasSize(20).allSatisfy(v -> assertThat(v).isNaN());
        }

        @Test
        @DisplayName("fails a query that is not a built-in's name, and every query while unavailable")
        void failures() {
            SimulatedMetricSource source = SimulatedMetricSource.of(SimulatedService.ofDefaults(), router);
            router.reconcile();

            assertThat(source.samples(query("rate(x[1m])", Track.CANARY)))
                    .isEqualTo(new SampleResult.Failed(SimulatedMetrics.BUILT_IN_ONLY));
            source.unavailable(true);
            assertThat(source.samples(query(MetricCheck.REQUEST_DURATION, Track.CANARY)))
                    .isEqualTo(new SampleResult.Failed(SimulatedMetricSource.UNREACHABLE));
        }
    }
}
