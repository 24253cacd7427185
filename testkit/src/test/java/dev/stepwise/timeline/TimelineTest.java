package dev.stepwise.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.testkit.RolloutSimulation;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.SimulationResult;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Timeline")
class TimelineTest {

    static CanaryStrategy canary(int threshold) {
        return CanaryStrategy.builder().stepWeight(25).maxWeight(50)
                .analysis(AnalysisPolicy.builder().threshold(threshold)
                        .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)))
                        .metric(MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.between(10, 500)))
                        .build())
                .build();
    }

    @Test
    @DisplayName("has one entry per simulated step, with the split in force after it")
    void oneEntryPerStep() {
        CanaryStrategy strategy = canary(1);
        SimulationResult result = RolloutSimulation.run(strategy, SimulatedService.ofDefaults());

        Timeline timeline = result.timeline("podinfo", strategy);

        assertThat(timeline.rollout()).isEqualTo("podinfo");
        assertThat(timeline.strategy()).isEqualTo(StrategyKind.CANARY);
        assertThat(timeline.result()).isEqualTo(Phase.SUCCEEDED);
        assertThat(timeline.entries()).hasSize(result.stepCount()).hasSize(strategy.stepsToSuccess());
        assertThat(timeline.canaryWeights()).isEqualTo(result.canaryWeights()).containsExactly(0, 25, 50, 50, 0, 0);
        assertThat(timeline.entries()).extracting(Timeline.Entry::time)
                .containsExactly(Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3),
                        Duration.ofMinutes(4), Duration.ofMinutes(5));
        assertThat(timeline.entries()).extracting(Timeline.Entry::verdict)
                .containsExactly(AnalysisOutcome.NONE, AnalysisOutcome.NONE, AnalysisOutcome.PASS, AnalysisOutcome.PASS,
                        AnalysisOutcome.NONE, AnalysisOutcome.NONE);
        assertThat(timeline.entries().get(2).verdictOf(MetricCheck.REQUEST_SUCCESS_RATE)).isPresent();
        assertThat(timeline.elapsed()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    @DisplayName("names the promotion as the turning point of a healthy run")
    void promotionIsTheTurningPoint() {
        CanaryStrategy strategy = canary(1);
        Timeline timeline = RolloutSimulation.run(strategy, SimulatedService.ofDefaults()).timeline("podinfo", strategy);

        assertThat(timeline.turningPoint()).map(Timeline.Entry::decision).contains(Decision.PROMOTE);
        assertThat(timeline.turningPoint()).map(Timeline.Entry::time).contains(Duration.ofMinutes(3));
    }

    @Test
    @DisplayName("names the rollback as the turning point of a failing run")
    void rollbackIsTheTurningPoint() {
        CanaryStrategy strategy = canary(2);
        SimulatedService failing = SimulatedService.builder().canaryErrorProbability(0.5).build();
        Timeline timeline = RolloutSimulation.run(strategy, failing).timeline("podinfo", strategy);

        assertThat(timeline.result()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(timeline.turningPoint()).map(Timeline.Entry::decision).contains(Decision.ROLL_BACK);
    }

    @Test
    @DisplayName("rejects a blank rollout name and an empty list of entries, naming the field")
    void rejectsBadValues() {
        assertThatThrownBy(() -> new Timeline(" ", StrategyKind.CANARY, Phase.SUCCEEDED, List.of()))
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("rollout: ");
        assertThatThrownBy(() -> new Timeline("podinfo", StrategyKind.CANARY, Phase.SUCCEEDED, List.of()))
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("entries: ");
    }
}
