package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.Transition;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.SimulatedMetricSource;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A rollout whose spec declares a mann-whitney judge, on the engine and the testkit")
class MannWhitneyRolloutTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String SPEC = "apiVersion: stepwise.dev/v1alpha1\n"
            + "kind: Rollout\n"
            + "metadata: {name: podinfo, namespace: test}\n"
            + "spec:\n"
            + "  target: {name: podinfo}\n"
            + "  strategy: {canary: {stepWeight: 10, maxWeight: 50}}\n"
            + "  analysis:\n"
            + "    interval: 1m\n"
            + "    threshold: 2\n"
            + "    judges:\n"
            + "    - type: mann-whitney\n"
            + "      name: latency\n"
            + "      metrics: [{name: p99, query: request-duration, direction: increase, tolerance: {relative: 0.2}}]\n"
            + "      step: 30s\n"
            + "      lookback: 10m\n";

    final VirtualScheduler scheduler = VirtualScheduler.startingAt(T0);
    @RegisterExtension
    final EveryRolloutHasOneNextLook nextLooks = new EveryRolloutHasOneNextLook();
    final List<RolloutEvent> events = new ArrayList<>();
    final InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();

    StoredRollout run(MetricSource metrics) {
        RolloutEngine engine = nextLooks.watch(RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                .stateStore(new InMemoryStateStore()).listener(events::add).build(), scheduler);
        InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        workload.deploy("v2");
        String id = engine.register(RolloutDefinition.builder("test", "podinfo").strategy(RolloutSpec.parseYaml(SPEC).strategy())
                .router(router).workload(workload).metrics(metrics).build());
        for (int i = 0; i < 4 * 3600; i++) {
            StoredRollout rec = engine.status(id).orElse(null);
            if (rec != null && rec.state().phase().isTerminal() && rec.isCommitted()) {
                return rec;
            }
            scheduler.advance(Duration.ofSeconds(1));
        }
        throw new AssertionError("rollout did not end within four hours of virtual time: " + engine.status(id));
    }

    static SimulatedService service(double requestRate, double canaryLatencyFactor) {
        return SimulatedService.builder().requestRate(requestRate).poissonArrivals(true).seed(11)
                .latency(Track.STABLE, 50, 200).canaryLatency(50 * canaryLatencyFactor, 200 * canaryLatencyFactor).build();
    }

    List<Transition> steps() {
        return events.stream().filter(e -> e instanceof RolloutEvent.Stepped).map(e -> ((RolloutEvent.Stepped) e).transition())
                .toList();
    }

    List<Verdict> judgeVerdicts() {
        return events.stream().filter(e -> e instanceof RolloutEvent.Stepped).flatMap(e -> ((RolloutEvent.Stepped) e).verdicts()
                .stream()).filter(v -> v.metric().equals("latency")).toList();
    }

    @Test
    @DisplayName("a canary 50% slower at the p99 is rolled back at 10% weight, the judge's reason naming the shift")
    void slowCanaryRolledBack() {
        StoredRollout end = run(SimulatedMetricSource.of(service(100, 1.5), router));

        assertThat(end.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(router.applied()).contains(TrafficSplit.canary(10)).doesNotContain(TrafficSplit.canary(20));
        assertThat(judgeVerdicts()).isNotEmpty().allSatisfy(v -> {
            assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
            assertThat(v.reason()).startsWith("FAIL: score 0.0").contains("p99 HIGH (harmful): shift").contains("98% CI").contains("canary 20 samples");
        });
    }

    @Test
    @DisplayName("a canary as fast as stable is promoted, every look of the judge a pass")
    void goodCanaryPromoted() {
        StoredRollout end = run(SimulatedMetricSource.of(service(100, 1.0), router));

        assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(router.applied()).contains(TrafficSplit.canary(50));
        assertThat(steps()).filteredOn(t -> t.decision() == Decision.PROMOTE).hasSize(1);
        assertThat(judgeVerdicts()).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(v -> assertThat(v.status()).isEqualTo(Verdict.Status.PASS));
    }

    @Test
    @DisplayName("too few samples (0.02 requests/s: most 30s windows of the canary are empty) is NoData, never a pass: not promoted")
    void tooFewSamplesIsNotAPass() {
        StoredRollout end = run(SimulatedMetricSource.of(service(0.02, 1.0), router));

        assertThat(end.state().phase()).isNotEqualTo(Phase.SUCCEEDED);
        assertThat(router.applied()).doesNotContain(TrafficSplit.canary(20));
        assertThat(judgeVerdicts()).isNotEmpty().allSatisfy(v -> {
            assertThat(v.status()).isEqualTo(Verdict.Status.NO_DATA);
            assertThat(v.reason()).contains("never evidence of health");
        });
        assertThat(steps()).noneMatch(t -> t.analysis() == AnalysisOutcome.PASS);
    }

    @Test
    @DisplayName("a metric source without samples per track fails the judge's look (an Error verdict), never passes it")
    void sourceWithoutSamplesFails() {
        StoredRollout end = run(new MetricSource() {
            @Override
            public MetricResult query(MetricQuery query) {
                return new MetricResult.Failed("no metrics here");
            }
        });

        assertThat(end.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(judgeVerdicts()).isNotEmpty().allSatisfy(v -> {
            assertThat(v.status()).isEqualTo(Verdict.Status.ERROR);
            assertThat(v.reason()).isEqualTo("samples of p99 for the canary track: " + MetricSource.NO_SAMPLES);
        });
    }
}
