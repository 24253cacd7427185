package dev.stepwise.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.rollout.Phase;
import dev.stepwise.strategy.LifecycleStrategy;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.testkit.RolloutSimulation;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.SimulationResult;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The doubling canary, written with the public lifecycle")
class DoublingCanaryTest {

    private static final AnalysisPolicy ANALYSIS = AnalysisPolicy.builder().interval(Duration.ofMinutes(1)).threshold(2)
            .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build();

    @Test
    @DisplayName("doubles 1, 2, 4, ... 32 through the real engine on virtual time, then promotes: Succeeded in stepsToSuccess steps")
    void doubles_then_promotes() {
        LifecycleStrategy strategy = DoublingCanary.upTo(32, ANALYSIS);

        SimulationResult result = RolloutSimulation.builder(strategy)
                .service(SimulatedService.builder().seed(42).canaryErrorProbability(0.001).build()).build().run();

        assertThat(result.phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(result.canaryWeights()).containsSubsequence(1, 2, 4, 8, 16, 32, 0);
        assertThat(result.stepCount()).isEqualTo(strategy.stepsToSuccess()).isEqualTo(10);
        assertThat(strategy.kind()).isEqualTo(StrategyKind.CUSTOM);
    }

    @Test
    @DisplayName("a canary that breaks rolls back to stable at the threshold, through the lifecycle it inherits")
    void rolls_back_a_failing_canary() {
        SimulationResult result = RolloutSimulation.builder(DoublingCanary.upTo(32, ANALYSIS))
                .service(SimulatedService.builder().seed(42).canaryErrorProbability(0.2).build()).build().run();

        assertThat(result.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(result.finalState().split()).isEqualTo(TrafficSplit.allStable());
        assertThat(result.canaryWeights()).doesNotContain(32);
    }
}
