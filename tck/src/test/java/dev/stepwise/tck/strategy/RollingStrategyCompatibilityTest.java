package dev.stepwise.tck.strategy;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.strategy.RollingStrategy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.tck.StrategyCompatibilityKit;
import java.util.List;

/** The rolling update (batches 30 and 100, maxSurge 25, maxUnavailable 10) keeps the strategy contract. */
class RollingStrategyCompatibilityTest extends StrategyCompatibilityKit {

    @Override
    protected Strategy strategy(AnalysisPolicy analysis) {
        return RollingStrategy.builder().batches(List.of(30, 100)).maxSurge(25).maxUnavailable(10)
                .analysis(analysis).build();
    }
}
