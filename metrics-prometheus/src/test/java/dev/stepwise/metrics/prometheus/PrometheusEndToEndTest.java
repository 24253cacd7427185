package dev.stepwise.metrics.prometheus;

import static dev.stepwise.metrics.prometheus.OpenMetricsData.CANARY;
import static dev.stepwise.metrics.prometheus.OpenMetricsData.STABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.engine.InMemoryStateStore;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.metrics.prometheus.OpenMetricsData.Traffic;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The engine, a canary strategy and the Prometheus source on a real Prometheus, on virtual time.
 *
 * <p>Backfilled data cannot follow the router, so it is written for the timeline the strategy
 * will take (verified by the engine's own test of a healthy canary, one step per interval):
 * <pre>
 *   T      start (canary scaled up, weight 0)        canary: no series
 *   T+1m   10%                                       canary 10 rps, no 5xx      stable 90 rps
 *   T+2m   analysis over [T+1m, T+2m]: 100% -> 20%   canary 20 rps, no 5xx      stable 80 rps
 *   T+3m   analysis over [T+2m, T+3m]: 100% -> 30%   canary 30 rps, 3 5xx/s     stable 70 rps
 *   T+4m   analysis over [T+3m, T+4m]: 90%, failed 1 of 2: hold at 30%
 *   T+5m   analysis over [T+4m, T+5m]: 90%, failed 2 of 2: rolled back, all traffic on stable
 * </pre>
 * Counters grow after a sample by the segment in force at that sample, so the increase up to
 * T+3m is healthy and every increase after T+3m is bad.
 */
@DisplayName("A canary rollout judged by a real Prometheus")
class PrometheusEndToEndTest {

    static final Duration INTERVAL = Duration.ofMinutes(1);
    static final Instant T = OpenMetricsData.START.plus(Duration.ofMinutes(5));

    static OpenMetricsData data() {
        Duration t = Duration.between(OpenMetricsData.START, T);
        return OpenMetricsData.builder().length(Duration.ofMinutes(30))
                .traffic(STABLE, Traffic.of(100, 0, 0, 100))
                .traffic(STABLE, t.plus(INTERVAL), Traffic.of(90, 0, 0, 90))
                .traffic(STABLE, t.plus(INTERVAL.multipliedBy(2)), Traffic.of(80, 0, 0, 80))
                .traffic(STABLE, t.plus(INTERVAL.multipliedBy(3)), Traffic.of(70, 0, 0, 70))
                .traffic(CANARY, t.plus(INTERVAL), Traffic.of(10, 0, 0, 10))
                .traffic(CANARY, t.plus(INTERVAL.multipliedBy(2)), Traffic.of(20, 0, 0, 20))
                .traffic(CANARY, t.plus(INTERVAL.multipliedBy(3)), Traffic.of(30, 3, 0, 30))
                .build();
    }

    static CanaryStrategy strategy() {
        return CanaryStrategy.builder().stepWeight(10).maxWeight(50).analysis(AnalysisPolicy.builder()
                .interval(INTERVAL).threshold(2)
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build()).build();
    }

    @Test
    void a_canary_whose_errors_start_at_30_percent_is_rolled_back_at_the_second_failed_analysis() {
        OpenMetricsData data = data();
        assertThat(data.successRate(CANARY, T.plus(INTERVAL.multipliedBy(3)), INTERVAL)).hasValue(100);
        assertThat(data.successRate(CANARY, T.plus(INTERVAL.multipliedBy(4)), INTERVAL)).hasValue(90);

        try (PrometheusServer server = PrometheusServer.start(data.text())) {
            Rig rig = new Rig(server);
            VirtualScheduler scheduler = rig.scheduler;
            PrometheusMetricSource source = rig.source;
            InMemoryTrafficRouter router = rig.router;
            InMemoryWorkload workload = rig.workload;
            List<RolloutEvent> events = rig.events;
            RolloutEngine engine = rig.engine;
            String id = rig.id;

            StoredRollout end = runToEnd(scheduler, engine, id);
            engine.close();

            assertThat(end.state().phase()).isEqualTo(Phase.ROLLED_BACK);
            assertThat(end.state().failedAnalyses()).isEqualTo(2);
            assertThat(events).filteredOn(e -> e instanceof RolloutEvent.Ended).singleElement()
                    .extracting(RolloutEvent::at).isEqualTo(T.plus(INTERVAL.multipliedBy(5)));
            assertThat(events).filteredOn(e -> e instanceof RolloutEvent.Stepped s && s.transition().analysis() != AnalysisOutcome.NONE)
                    .extracting(RolloutEvent::at, e -> ((RolloutEvent.Stepped) e).transition().analysis())
                    .containsExactly(
                            tuple(T.plus(INTERVAL.multipliedBy(2)), AnalysisOutcome.PASS),
                            tuple(T.plus(INTERVAL.multipliedBy(3)), AnalysisOutcome.PASS),
                            tuple(T.plus(INTERVAL.multipliedBy(4)), AnalysisOutcome.FAIL),
                            tuple(T.plus(INTERVAL.multipliedBy(5)), AnalysisOutcome.FAIL));
            // The hold after the first failure is at step index 2, the 30% weight.
            assertThat(events).filteredOn(e -> e instanceof RolloutEvent.Stepped s && s.at().equals(T.plus(INTERVAL.multipliedBy(4))))
                    .singleElement().satisfies(e -> {
                        var state = ((RolloutEvent.Stepped) e).transition().state();
                        assertThat(state.stepIndex()).isEqualTo(2);
                        assertThat(state.split()).isEqualTo(TrafficSplit.canary(30));
                    });
            assertThat(distinct(router.applied())).containsExactly(TrafficSplit.canary(10), TrafficSplit.canary(20),
                    TrafficSplit.canary(30), TrafficSplit.allStable());
            assertThat(router.current()).isEqualTo(TrafficSplit.allStable());
            assertThat(workload.percent(Track.CANARY)).isZero();
            assertThat(workload.stableRevision()).isEqualTo("v1");
            assertThat(source.queriesSent()).as("one query per analysis").isEqualTo(4);
        }
    }

    @Test
    void a_healthy_canary_holds_and_never_promotes_once_prometheus_stops_answering() {
        Duration t = Duration.between(OpenMetricsData.START, T);
        OpenMetricsData healthy = OpenMetricsData.builder().length(Duration.ofMinutes(30))
                .traffic(STABLE, Traffic.of(100, 0, 0, 100))
                .traffic(STABLE, t.plus(INTERVAL), Traffic.of(90, 0, 0, 90))
                .traffic(STABLE, t.plus(INTERVAL.multipliedBy(2)), Traffic.of(80, 0, 0, 80))
                .traffic(CANARY, t.plus(INTERVAL), Traffic.of(10, 0, 0, 10))
                .traffic(CANARY, t.plus(INTERVAL.multipliedBy(2)), Traffic.of(20, 0, 0, 20))
                .build();

        try (PrometheusServer server = PrometheusServer.start(healthy.text())) {
            Rig rig = new Rig(server);
            VirtualScheduler scheduler = rig.scheduler;
            PrometheusMetricSource source = rig.source;
            InMemoryTrafficRouter router = rig.router;
            InMemoryWorkload workload = rig.workload;
            List<RolloutEvent> events = rig.events;
            RolloutEngine engine = rig.engine;
            String id = rig.id;
            scheduler.advance(INTERVAL.multipliedBy(2).plusSeconds(30));
            assertThat(router.current()).as("one passed analysis before the outage").isEqualTo(TrafficSplit.canary(20));

            server.stop();
            StoredRollout end = runToEnd(scheduler, engine, id);
            engine.close();

            assertThat(events).filteredOn(e -> e instanceof RolloutEvent.Stepped s && s.at().isAfter(T.plus(INTERVAL.multipliedBy(2))))
                    .extracting(e -> ((RolloutEvent.Stepped) e).transition().analysis())
                    .as("every analysis after the outage: held twice, then counted as failures")
                    .containsExactly(AnalysisOutcome.NO_DATA, AnalysisOutcome.NO_DATA, AnalysisOutcome.NO_DATA, AnalysisOutcome.NO_DATA);
            assertThat(distinct(router.applied())).as("never another step forward")
                    .containsExactly(TrafficSplit.canary(10), TrafficSplit.canary(20), TrafficSplit.allStable());
            assertThat(workload.promotions()).isEmpty();
            assertThat(end.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        }
    }

    /** The engine, a canary and the Prometheus source on {@code server}, on virtual time from T. */
    static final class Rig {
        final VirtualScheduler scheduler = VirtualScheduler.startingAt(T);
        final PrometheusMetricSource source;
        final InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        final InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        final List<RolloutEvent> events = new ArrayList<>();
        final RolloutEngine engine;
        final String id;

        Rig(PrometheusServer server) {
            source = PrometheusMetricSource.builder(PrometheusConfig.builder()
                    .baseUrl(server.baseUrl()).timeout(Duration.ofSeconds(5)).build())
                    .queries(BuiltInQueries.ISTIO).clock(scheduler.clock()).build();
            workload.deploy("v2");
            engine = RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                    .stateStore(new InMemoryStateStore()).listener(events::add).build();
            id = engine.register(RolloutDefinition.builder(OpenMetricsData.NAMESPACE, OpenMetricsData.TARGET)
                    .strategy(strategy()).router(router).workload(workload).metrics(source).build());
        }
    }

    /** Advances virtual time a second at a time until the rollout ends; at most an hour of virtual time. */
    static StoredRollout runToEnd(VirtualScheduler scheduler, RolloutEngine engine, String id) {
        for (int i = 0; i < 3600; i++) {
            StoredRollout rec = engine.status(id).orElse(null);
            if (rec != null && rec.state().phase().isTerminal() && rec.isCommitted()) {
                return rec;
            }
            scheduler.advance(Duration.ofSeconds(1));
        }
        throw new AssertionError("rollout " + id + " did not end within an hour of virtual time: " + engine.status(id));
    }

    static List<TrafficSplit> distinct(List<TrafficSplit> applied) {
        List<TrafficSplit> out = new ArrayList<>();
        for (TrafficSplit s : applied) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
