package dev.stepwise.tck.strategy;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.strategy.CanaryStep;
import dev.stepwise.strategy.StepListStrategy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.tck.StrategyCompatibilityKit;
import dev.stepwise.traffic.MatchCondition;
import java.time.Duration;
import java.util.List;

/**
 * The step list (a header route, a mirror, weights, a timed pause, a pause until promoted and an
 * analysis step of its own) keeps the strategy contract.
 */
class StepListStrategyCompatibilityTest extends StrategyCompatibilityKit {

    @Override
    protected Strategy strategy(AnalysisPolicy analysis) {
        return StepListStrategy.builder().analysis(analysis).steps(List.of(
                new CanaryStep.SetHeaderRoute("beta", List.of(MatchCondition.header("x-beta", MatchCondition.Operator.EXACT, "yes"))),
                CanaryStep.SetMirrorRoute.of("shadow", 50),
                new CanaryStep.SetWeight(10),
                CanaryStep.Pause.of(Duration.ofMinutes(2)),
                new CanaryStep.SetWeight(40),
                CanaryStep.Analysis.of(MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.atMost(500))),
                CanaryStep.Pause.untilPromoted(),
                new CanaryStep.SetWeight(100))).build();
    }
}
