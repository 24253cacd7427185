package dev.stepwise.tck.strategy;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.tck.StrategyCompatibilityKit;

/** The canary (steps of 20 up to 50, mirror step, baseline, route back in steps of 30) keeps the strategy contract. */
class CanaryStrategyCompatibilityTest extends StrategyCompatibilityKit {

    @Override
    protected Strategy strategy(AnalysisPolicy analysis) {
        return CanaryStrategy.builder().stepWeight(20).maxWeight(50).mirror(true).baseline(true)
                .stepWeightPromotion(30).analysis(analysis).build();
    }
}
