package dev.stepwise.strategy;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.validation.Problem;
import dev.stepwise.validation.Problems;
import java.time.Duration;
import java.util.List;

/** Builds a validated {@link BlueGreenStrategy}; every setting has a default. */
public final class BlueGreenStrategyBuilder {
    private int iterations = BlueGreenStrategy.DEFAULT_ITERATIONS;
    private boolean mirror;
    private int mirrorWeight = BlueGreenStrategy.DEFAULT_MIRROR_WEIGHT;
    private int postPromotionIterations = BlueGreenStrategy.DEFAULT_POST_PROMOTION_ITERATIONS;
    private Duration scaleDownDelay = BlueGreenStrategy.DEFAULT_SCALE_DOWN_DELAY;
    private boolean autoPromotion = true;
    private AnalysisPolicy analysis = AnalysisPolicy.ofDefaults();

    BlueGreenStrategyBuilder() {
    }

    /** Passed analyses in the preview before the switch, 1..1000; default {@value BlueGreenStrategy#DEFAULT_ITERATIONS}. */
    public BlueGreenStrategyBuilder iterations(int iterations) {
        this.iterations = iterations;
        return this;
    }

    /** Copy live traffic to the canary during the preview; default off. */
    public BlueGreenStrategyBuilder mirror(boolean mirror) {
        this.mirror = mirror;
        return this;
    }

    /** Percent of live traffic copied when mirroring, 1..100; default {@value BlueGreenStrategy#DEFAULT_MIRROR_WEIGHT}. */
    public BlueGreenStrategyBuilder mirrorWeight(int mirrorWeight) {
        this.mirrorWeight = mirrorWeight;
        return this;
    }

    /**
     * Passed analyses with all traffic on the new version before its template is copied to
     * stable, 0..100; default {@value BlueGreenStrategy#DEFAULT_POST_PROMOTION_ITERATIONS}. 0 copies it one
     * step after the switch, without analysis.
     */
    public BlueGreenStrategyBuilder postPromotionIterations(int postPromotionIterations) {
        this.postPromotionIterations = postPromotionIterations;
        return this;
    }

    /** How long the canary keeps running after traffic is back on stable, 0..24h; default 30 seconds. */
    public BlueGreenStrategyBuilder scaleDownDelay(Duration scaleDownDelay) {
        this.scaleDownDelay = scaleDownDelay;
        return this;
    }

    /**
     * Whether the switch happens as soon as the preview's analyses pass (and confirm-promotion is
     * open); default {@code true}. {@code false} waits in AwaitingPromotion, the preview still
     * analysed, until an operator's {@code promote} (Argo Rollouts' {@code autoPromotionEnabled: false}).
     */
    public BlueGreenStrategyBuilder autoPromotion(boolean autoPromotion) {
        this.autoPromotion = autoPromotion;
        return this;
    }

    /** How rollouts are judged; default {@link AnalysisPolicy#ofDefaults()}. */
    public BlueGreenStrategyBuilder analysis(AnalysisPolicy analysis) {
        this.analysis = analysis;
        return this;
    }

    /** Every problem with this configuration, each with its field; empty when valid. */
    public List<Problem> problems() {
        return validate().toList();
    }

    /** @throws dev.stepwise.validation.InvalidConfigException listing every problem */
    public BlueGreenStrategy build() {
        validate().throwIfAny("blue/green strategy");
        return new BlueGreenStrategy(analysis, iterations, mirror, mirrorWeight, postPromotionIterations, scaleDownDelay,
                autoPromotion);
    }

    private Problems validate() {
        Problems problems = new Problems();
        problems.checkBetween("iterations", iterations, 1, BlueGreenStrategy.MAX_ITERATIONS);
        problems.checkBetween("mirrorWeight", mirrorWeight, 1, 100);
        problems.checkBetween("postPromotionIterations", postPromotionIterations, 0, BlueGreenStrategy.MAX_POST_PROMOTION_ITERATIONS);
        problems.checkBetween("scaleDownDelay", scaleDownDelay, Duration.ZERO, BlueGreenStrategy.MAX_SCALE_DOWN_DELAY);
        if (analysis == null) {
            problems.add("analysis", "is required");
        }
        return problems;
    }
}
