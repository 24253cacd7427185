package dev.stepwise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EngineRun: rollout definitions through the real engine on virtual time, in one call")
class EngineRunTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static CanaryStrategy canary(Duration interval) {
        return CanaryStrategy.builder().stepWeight(10).maxWeight(30).analysis(AnalysisPolicy.builder()
                .interval(interval).threshold(1)
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build()).build();
    }

    /** A rollout of v2 against a simulated service whose canary fails the given share of requests. */
    static RolloutDefinition rollout(String name, Duration interval, double canaryErrors) {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        workload.deploy("v2");
        SimulatedService service = SimulatedService.builder().canaryErrorProbability(canaryErrors).build();
        return RolloutDefinition.builder("test", name).strategy(canary(interval)).router(router).workload(workload)
                .metrics(SimulatedMetricSource.of(service, router)).build();
    }

    @Test
    @DisplayName("runs a healthy and a failing rollout side by side to their ends, each with its own steps")
    void healthyAndFailing() {
        RolloutDefinition healthy = rollout("healthy", Duration.ofMinutes(1), 0.001);
        RolloutDefinition failing = rollout("failing", Duration.ofMinutes(1), 0.5);

        EngineRunResult result = EngineRun.of(healthy, failing).scheduler(VirtualScheduler.startingAt(T0))
                .until(Duration.ofHours(1)).run();

        assertThat(result.stop()).isEqualTo(EngineRunResult.Stop.ALL_ENDED);
        assertThat(result.start()).isEqualTo(T0);
        RolloutRun ok = result.rollout("test/healthy");
        assertThat(ok.ended()).isTrue();
        assertThat(ok.phase()).contains(Phase.SUCCEEDED);
        assertThat(ok.splits()).containsSubsequence(TrafficSplit.canary(10), TrafficSplit.canary(20),
                TrafficSplit.canary(30), TrafficSplit.allStable());
        assertThat(ok.steps()).hasSize(canary(Duration.ofMinutes(1)).stepsToSuccess());
        RolloutRun bad = result.rollout("test/failing");
        assertThat(bad.ended()).isTrue();
        assertThat(bad.phase()).contains(Phase.ROLLED_BACK);
        assertThat(bad.decisions()).containsExactly(Decision.START, Decision.ADVANCE, Decision.ROLL_BACK);
        assertThat(bad.splits()).last().isEqualTo(TrafficSplit.allStable());
        // the run stops at the last task it needed, not at the deadline
        assertThat(result.elapsed()).isLessThan(Duration.ofHours(1)).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
    }

    @Test
    @DisplayName("stops at the deadline and says so: the rollout not ended, its phase and split as they stood")
    void deadlineReached() {
        RolloutDefinition slow = rollout("slow", Duration.ofHours(1), 0.001);

        EngineRunResult result = EngineRun.of(slow).scheduler(VirtualScheduler.startingAt(T0))
                .until(Duration.ofMinutes(150)).run();

        assertThat(result.stop()).isEqualTo(EngineRunResult.Stop.DEADLINE);
        assertThat(result.allEnded()).isFalse();
        assertThat(result.end()).isEqualTo(T0.plus(Duration.ofMinutes(150)));
        RolloutRun run = result.rollout("test/slow");
        assertThat(run.ended()).isFalse();
        assertThat(run.phase()).contains(Phase.PROGRESSING);
        // steps at +0 (start, all on stable), +1h (10%) and +2h (20%); the next is due after the deadline
        assertThat(run.splits()).containsExactly(TrafficSplit.allStable(), TrafficSplit.canary(10), TrafficSplit.canary(20));
        assertThat(result).hasToString("EngineRunResult[DEADLINE after PT2H30M: test/slow: not ended, Progressing at "
                + TrafficSplit.canary(20) + " after 3 steps]");
    }

    @Test
    @DisplayName("is the same run twice: deterministic on a seeded service")
    void deterministic() {
        List<TrafficSplit> first = EngineRun.of(rollout("a", Duration.ofMinutes(1), 0.02)).run().rollout("test/a").splits();
        List<TrafficSplit> second = EngineRun.of(rollout("a", Duration.ofMinutes(1), 0.02)).run().rollout("test/a").splits();

        assertThat(first).isEqualTo(second).isNotEmpty();
    }

    @Test
    @DisplayName("a listener is told of every event as it happens, in the order the result holds them")
    void listener() {
        List<RolloutEvent> told = new ArrayList<>();

        EngineRunResult result = EngineRun.of(rollout("healthy", Duration.ofMinutes(1), 0.001)).listener(told::add).run();

        assertThat(told).isNotEmpty().containsExactlyElementsOf(result.rollout("test/healthy").events());
    }

    @Test
    @DisplayName("refuses no definitions, two with one id, and a deadline that is not positive")
    void refusals() {
        assertThatThrownBy(() -> EngineRun.of(List.of())).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("at least one");
        RolloutDefinition one = rollout("one", Duration.ofMinutes(1), 0);
        assertThatThrownBy(() -> EngineRun.of(one, rollout("one", Duration.ofMinutes(1), 0)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("distinct ids");
        assertThatThrownBy(() -> EngineRun.of(one).until(Duration.ZERO)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("must be positive");
    }
}
