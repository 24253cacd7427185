package dev.stepwise.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.rollout.Phase;
import dev.stepwise.strategy.LifecycleStrategy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.testkit.EngineRun;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.RolloutRun;
import dev.stepwise.testkit.SimulatedMetricSource;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The doubling canary, written with the public lifecycle")
class DoublingCanaryTest {

    private static final AnalysisPolicy ANALYSIS = AnalysisPolicy.builder().interval(Duration.ofMinutes(1)).threshold(2)
            .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build();

    /** {@code strategy} rolling out v2 through the real engine on virtual time, against a service whose canary fails that share. */
    static RolloutRun run(Strategy strategy, double canaryErrors) {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        workload.deploy("v2");
        SimulatedService service = SimulatedService.builder().seed(42).canaryErrorProbability(canaryErrors).build();
        RolloutDefinition definition = RolloutDefinition.builder("test", "podinfo").strategy(strategy).router(router)
                .workload(workload).metrics(SimulatedMetricSource.of(service, router)).build();
        return EngineRun.of(definition).run().rollout(definition.id());
    }

    @Test
    @DisplayName("doubles 1, 2, 4, ... 32 through the real engine on virtual time, then promotes: Succeeded in stepsToSuccess steps")
    void doubles_then_promotes() {
        LifecycleStrategy strategy = DoublingCanary.upTo(32, ANALYSIS);

        RolloutRun run = run(strategy, 0.001);

        assertThat(run.phase()).contains(Phase.SUCCEEDED);
        assertThat(run.splits()).extracting(TrafficSplit::canary).containsSubsequence(1, 2, 4, 8, 16, 32, 0);
        assertThat(run.steps()).hasSize(strategy.stepsToSuccess()).hasSize(10);
        assertThat(strategy.kind()).isEqualTo(StrategyKind.CUSTOM);
    }

    @Test
    @DisplayName("a canary that breaks rolls back to stable at the threshold, through the lifecycle it inherits")
    void rolls_back_a_failing_canary() {
        RolloutRun run = run(DoublingCanary.upTo(32, ANALYSIS), 0.2);

        assertThat(run.phase()).contains(Phase.ROLLED_BACK);
        assertThat(run.stored().orElseThrow().state().split()).isEqualTo(TrafficSplit.allStable());
        assertThat(run.splits()).extracting(TrafficSplit::canary).doesNotContain(32);
    }
}
