package dev.stepwise.examples;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.tck.StrategyCompatibilityKit;

/** The doubling canary keeps the strategy contract: one class, the kit does the rest. */
class DoublingCanaryCompatibilityTest extends StrategyCompatibilityKit {

    @Override
    protected Strategy strategy(AnalysisPolicy analysis) {
        return DoublingCanary.upTo(32, analysis);
    }
}
