package dev.stepwise.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.BadRequests;
import dev.stepwise.analysis.JudgeCheck;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.engine.InMemoryStateStore;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.EngineRun;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.RolloutRun;
import dev.stepwise.testkit.SimulatedMetricSource;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StepwiseMetrics, on the real engine on virtual time")
class StepwiseMetricsTest {

    static final MetricCheck SUCCESS = MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99));

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final InMemoryStateStore store = new InMemoryStateStore();
    final InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();

    static CanaryStrategy canary(AnalysisPolicy.Builder analysis) {
        return CanaryStrategy.builder().stepWeight(10).maxWeight(50)
                .analysis(analysis.interval(Duration.ofMinutes(1)).build()).build();
    }

    RolloutDefinition definition(CanaryStrategy strategy, SimulatedService service) {
        InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        workload.deploy("v2");
        return RolloutDefinition.builder("test", "podinfo").strategy(strategy).router(router).workload(workload)
                .metrics(SimulatedMetricSource.of(service, router)).build();
    }

    StepwiseMetrics metrics(RolloutDefinition definition) {
        return StepwiseMetrics.builder().registry(registry).tag("cluster", "eu-1").evidence(store)
                .definitions(id -> id.equals(definition.id()) ? Optional.of(definition) : Optional.empty()).build();
    }

    double counter(String name, String... tags) {
        return registry.get(name).tags("namespace", "test", "name", "podinfo", "cluster", "eu-1").tags(tags).counter().count();
    }

    @Nullable Gauge gauge(String name, String... tags) {
        return registry.find(name).tags("namespace", "test", "name", "podinfo").tags(tags).gauge();
    }

    @Test
    @DisplayName("a healthy canary 10..50: five advances, the weight gauge follows every step, and the gauges are gone after the end")
    void healthy_canary() {
        RolloutDefinition def = definition(canary(AnalysisPolicy.builder().threshold(2).metric(SUCCESS)),
                SimulatedService.builder().seed(42).canaryErrorProbability(0.001).build());
        StepwiseMetrics metrics = metrics(def);
        List<String> seen = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        RolloutRun run = EngineRun.of(def).stateStore(store).listener(metrics).listener(event -> {
            if (event instanceof RolloutEvent.Stepped stepped && !stepped.transition().isTerminal()) {
                expected.add(stepped.transition().state().phase() + "@" + stepped.transition().state().split().canary());
                Gauge phase = registry.find("stepwise.rollout.phase").tags("name", "podinfo").gauge();
                Gauge weight = gauge("stepwise.rollout.canary.weight");
                seen.add(phase.getId().getTag("phase") + "@" + (int) weight.value());
            }
        }).run().rollout(def.id());

        assertThat(run.phase()).contains(Phase.SUCCEEDED);
        assertThat(counter("stepwise.decisions", "decision", "advance")).isEqualTo(5)
                .isEqualTo(run.decisions().stream().filter(d -> d == Decision.ADVANCE).count());
        assertThat(seen).isEqualTo(expected).contains("Progressing@10", "Progressing@50");
        long passes = run.steps().stream().flatMap(s -> s.verdicts().stream())
                .filter(v -> v.status() == Verdict.Status.PASS).count();
        assertThat(passes).isPositive();
        assertThat(counter("stepwise.analyses", "result", "pass", "metric", MetricCheck.REQUEST_SUCCESS_RATE)).isEqualTo(passes);
        assertThat(registry.find("stepwise.analyses").tags("result", "fail").counter()).isNull();
        assertThat(registry.get("stepwise.step.duration").tags("name", "podinfo").timer().count())
                .isEqualTo(run.steps().size() - 1);
        assertThat(counter("stepwise.rollouts.ended", "phase", "Succeeded")).isEqualTo(1);
        assertThat(gauge("stepwise.rollout.phase")).isNull();
        assertThat(gauge("stepwise.rollout.canary.weight")).isNull();
    }

    @Test
    @DisplayName("a failing canary: its failed analyses counted by result, a roll back decided, the end counted as RolledBack")
    void failing_canary() {
        RolloutDefinition def = definition(canary(AnalysisPolicy.builder().threshold(2).metric(SUCCESS)),
                SimulatedService.builder().seed(42).canaryErrorProbability(0.2).build());

        RolloutRun run = EngineRun.of(def).stateStore(store).listener(metrics(def)).run().rollout(def.id());

        assertThat(run.phase()).contains(Phase.ROLLED_BACK);
        long failures = run.steps().stream().flatMap(s -> s.verdicts().stream())
                .filter(v -> v.status() == Verdict.Status.FAIL).count();
        assertThat(failures).isEqualTo(2);
        assertThat(counter("stepwise.analyses", "result", "fail", "metric", MetricCheck.REQUEST_SUCCESS_RATE)).isEqualTo(2);
        assertThat(counter("stepwise.decisions", "decision", Decision.ROLL_BACK.label())).isEqualTo(1);
        assertThat(counter("stepwise.rollouts.ended", "phase", "RolledBack")).isEqualTo(1);
        assertThat(registry.find("stepwise.rollout.phase").gauges()).isEmpty();
    }

    @Test
    @DisplayName("a judged canary: the judge's statistic, bounds and request counts are gauges while the rollout runs")
    void judged_canary() {
        JudgeCheck judge = JudgeCheck.sequential(BadRequests.errors());
        RolloutDefinition def = definition(canary(AnalysisPolicy.builder().threshold(5).metric(SUCCESS).judge(judge)),
                SimulatedService.builder().seed(7).requestRate(100).errorProbability(Track.STABLE, 0.005)
                        .canaryErrorProbability(0.005).build());
        List<String> problems = new ArrayList<>();
        List<Double> statistics = new ArrayList<>();
        RolloutRun run = EngineRun.of(def).stateStore(store).listener(metrics(def)).listener(event -> {
            if (!(event instanceof RolloutEvent.Stepped stepped)) {
                return;
            }
            stepped.verdicts().stream().filter(v -> v.metric().equals(judge.name()) && v.hasObservedValue()).forEach(v -> {
                statistics.add(v.observed());
                Map<String, Double> read = Map.of(
                        "llr", gauge("stepwise.judge.llr", "judge", judge.name()).value(),
                        "harmful", gauge("stepwise.judge.bound", "judge", judge.name(), "bound", "harmful").value(),
                        "harmless", gauge("stepwise.judge.bound", "judge", judge.name(), "bound", "harmless").value(),
                        "canary", gauge("stepwise.judge.requests", "judge", judge.name(), "track", "canary").value());
                var evidence = store.load(def.id()).orElseThrow().evidence().get(judge.name()).evidence();
                Map<String, Double> want = Map.of("llr", v.observed(),
                        "harmful", judge.effectiveJudge().harmfulBound(), "harmless", judge.effectiveJudge().harmlessBound(),
                        "canary", (double) evidence.canary().requests());
                if (!read.equals(want)) {
                    problems.add("read " + read + ", want " + want);
                }
            });
        }).run().rollout(def.id());

        assertThat(run.ended()).isTrue();
        assertThat(statistics).isNotEmpty();
        assertThat(problems).isEmpty();
        assertThat(registry.find("stepwise.judge.llr").gauges()).isEmpty();
    }

    @Test
    @DisplayName("a router that fails once: spi.errors{kind=io} counts the Failed event, and the rollout goes on")
    void failed_event_counted_by_kind() {
        RolloutDefinition def = definition(canary(AnalysisPolicy.builder().threshold(2).metric(SUCCESS)),
                SimulatedService.builder().seed(42).canaryErrorProbability(0.001).build());
        router.failNext(1, new UncheckedIOException(new IOException("connection refused")));

        RolloutRun run = EngineRun.of(def).stateStore(store).listener(metrics(def)).run().rollout(def.id());

        assertThat(run.failures()).hasSize(1);
        assertThat(counter("stepwise.spi.errors", "kind", "io")).isEqualTo(1);
        assertThat(registry.find("stepwise.spi.errors").counters()).hasSize(1);
        assertThat(run.phase()).contains(Phase.SUCCEEDED);
    }

    @Test
    @DisplayName("without rollout tags, meters carry only the common tags; the prefix names every meter")
    void without_rollout_tags() {
        StepwiseMetrics metrics = StepwiseMetrics.builder().registry(registry).prefix("acme.delivery").rolloutTags(false).build();

        metrics.onEvent(new RolloutEvent.Failed("test/podinfo", java.time.Instant.EPOCH, 1, "StaleStateException: v3", Duration.ZERO));
        metrics.onEvent(new RolloutEvent.Conflicted("test/podinfo", java.time.Instant.EPOCH, "a.yaml", "changed by hand"));

        assertThat(registry.get("acme.delivery.spi.errors").tags("kind", "stale-state").counter().count()).isEqualTo(1);
        assertThat(registry.get("acme.delivery.spi.errors").tags("kind", "conflict").counter().getId().getTags())
                .extracting(t -> t.getKey()).containsExactly("kind");
    }

    @Test
    @DisplayName("the builder requires a registry and refuses a prefix ending with a dot")
    void builder_validates() {
        assertThatThrownBy(() -> StepwiseMetrics.builder().build()).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("registry");
        assertThatThrownBy(() -> StepwiseMetrics.builder().prefix("stepwise.")).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("prefix");
    }
}
