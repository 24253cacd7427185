package dev.stepwise.examples;

import static dev.stepwise.rollout.Decision.ADVANCE;
import static dev.stepwise.rollout.Decision.HOLD;
import static dev.stepwise.rollout.Decision.ROLL_BACK;
import static dev.stepwise.rollout.Decision.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.rollout.Phase;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.RolloutSimulation;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.SimulationResult;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The code of the README's "Strategies in 30 seconds", kept compiling and passing. */
@DisplayName("README: strategies in 30 seconds")
class ReadmeCanaryTest {

    // README: builder
    CanaryStrategy canary = CanaryStrategy.builder()
            .stepWeight(10)                       // canary weight +10% per step...
            .maxWeight(50)                        // ...up to 50%, then promote
            .analysis(AnalysisPolicy.builder()
                    .interval(Duration.ofMinutes(1))
                    .threshold(2)                 // roll back at the 2nd failed analysis
                    .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)))
                    .metric(MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.atMost(500)))
                    .build())
            .build();

    // README: test
    @Test
    void aCanaryFailingHalfItsRequestsIsRolledBackAtTheSecondAnalysis() {
        SimulatedService service = SimulatedService.builder().canaryErrorProbability(0.5).build();

        SimulationResult result = RolloutSimulation.run(canary, service);

        assertThat(result.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(result.decisions()).containsExactly(START, ADVANCE, HOLD, ROLL_BACK);
        assertThat(result.canaryWeights()).containsExactly(0, 10, 10, 0);
    }

    @Test
    void aHealthyCanaryIsPromotedInTheFewestSteps() {
        SimulationResult result = RolloutSimulation.run(canary, SimulatedService.ofDefaults());

        assertThat(result.phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(result.stepCount()).isEqualTo(canary.stepsToSuccess());
    }
}
