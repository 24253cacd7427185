package dev.stepwise.tck.strategy;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.strategy.BlueGreenStrategy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.tck.StrategyCompatibilityKit;
import java.time.Duration;

/** Blue/green (3 mirrored preview iterations, 2 post-promotion, 90 s scale-down delay) keeps the strategy contract. */
class BlueGreenStrategyCompatibilityTest extends StrategyCompatibilityKit {

    @Override
    protected Strategy strategy(AnalysisPolicy analysis) {
        return BlueGreenStrategy.builder().iterations(3).mirror(true).postPromotionIterations(2)
                .scaleDownDelay(Duration.ofSeconds(90)).analysis(analysis).build();
    }
}
