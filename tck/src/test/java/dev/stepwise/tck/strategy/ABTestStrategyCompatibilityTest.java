package dev.stepwise.tck.strategy;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.strategy.ABTestStrategy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.tck.StrategyCompatibilityKit;
import dev.stepwise.traffic.MatchCondition;

/** The A/B test (3 iterations, a header match) keeps the strategy contract. */
class ABTestStrategyCompatibilityTest extends StrategyCompatibilityKit {

    @Override
    protected Strategy strategy(AnalysisPolicy analysis) {
        return ABTestStrategy.builder().iterations(3)
                .match(MatchCondition.header("x-canary", MatchCondition.Operator.EXACT, "insider"))
                .analysis(analysis).build();
    }
}
