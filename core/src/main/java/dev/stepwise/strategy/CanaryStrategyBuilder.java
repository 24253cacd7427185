package dev.stepwise.strategy;

import org.jspecify.annotations.Nullable;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.validation.Problem;
import dev.stepwise.validation.Problems;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a validated {@link CanaryStrategy}. Set either {@code stepWeight} (with
 * {@code maxWeight}) or {@code stepWeights}; with neither, steps of
 * {@value CanaryStrategy#DEFAULT_STEP_WEIGHT} up to {@code maxWeight}.
 */
public final class CanaryStrategyBuilder {
    private @Nullable Integer stepWeight;
    private @Nullable Integer maxWeight;
    private @Nullable List<Integer> stepWeights;
    private int stepWeightPromotion;
    private boolean mirror;
    private int mirrorWeight = CanaryStrategy.DEFAULT_MIRROR_WEIGHT;
    private boolean baseline;
    private AnalysisPolicy analysis = AnalysisPolicy.ofDefaults();

    CanaryStrategyBuilder() {
    }

    /** Percent added to the canary's weight at each step, 1..100. */
    public CanaryStrategyBuilder stepWeight(int stepWeight) {
        this.stepWeight = stepWeight;
        return this;
    }

    /** The canary's highest weight, reached before promotion, 1..100; default {@value CanaryStrategy#DEFAULT_MAX_WEIGHT}. */
    public CanaryStrategyBuilder maxWeight(int maxWeight) {
        this.maxWeight = maxWeight;
        return this;
    }

    /** Explicit weights, strictly ascending, each 1..100; instead of stepWeight. */
    public CanaryStrategyBuilder stepWeights(@Nullable List<Integer> stepWeights) {
        this.stepWeights = stepWeights == null ? null : new ArrayList<>(stepWeights);
        return this;
    }

    public CanaryStrategyBuilder stepWeights(Integer... stepWeights) {
        return stepWeights(List.of(stepWeights));
    }

    /** Percent moved back to stable per step after promotion, 0..100; 0 (default) moves it all at once. */
    public CanaryStrategyBuilder stepWeightPromotion(int stepWeightPromotion) {
        this.stepWeightPromotion = stepWeightPromotion;
        return this;
    }

    /** One mirror-only step (stable serves, the canary gets a copy) before the first shift; default off. */
    public CanaryStrategyBuilder mirror(boolean mirror) {
        this.mirror = mirror;
        return this;
    }

    /** Percent of traffic copied during the mirror step, 1..100; default 100. */
    public CanaryStrategyBuilder mirrorWeight(int mirrorWeight) {
        this.mirrorWeight = mirrorWeight;
        return this;
    }

    /**
     * Run a baseline track (a fresh copy of stable) with the same weight as the canary, for a
     * like-for-like comparison; every weight must then be at most 50. Default off.
     */
    public CanaryStrategyBuilder baseline(boolean baseline) {
        this.baseline = baseline;
        return this;
    }

    public CanaryStrategyBuilder analysis(AnalysisPolicy analysis) {
        this.analysis = analysis;
        return this;
    }

    /** Every problem with this configuration, each with its field; empty when valid. */
    public List<Problem> problems() {
        Problems problems = new Problems();
        validate(problems);
        return problems.toList();
    }

    /** @throws dev.stepwise.validation.InvalidConfigException listing every problem */
    public CanaryStrategy build() {
        Problems problems = new Problems();
        List<Integer> weights = validate(problems);
        problems.throwIfAny("canary strategy");
        return new CanaryStrategy(analysis, weights, stepWeights != null, stepWeightPromotion, mirror, mirrorWeight,
                baseline);
    }

    private List<Integer> validate(Problems problems) {
        List<Integer> weights = weights(problems);
        problems.checkBetween("stepWeightPromotion", stepWeightPromotion, 0, 100);
        problems.checkBetween("mirrorWeight", mirrorWeight, 1, 100);
        if (analysis == null) {
            problems.add("analysis", "is required");
        }
        return weights;
    }

    private List<Integer> weights(Problems problems) {
        int limit = baseline ? 50 : 100;
        String limitWhy = baseline ? " (with a baseline, canary and baseline each get that weight)" : "";
        List<Integer> result = new ArrayList<>();
        if (stepWeights != null) {
            if (stepWeight != null) {
                problems.add("stepWeight", "set either stepWeight or stepWeights, not both");
            }
            if (stepWeights.isEmpty()) {
                problems.add("stepWeights", "must hold at least one weight");
            }
            int previous = 0;
            for (int i = 0; i < stepWeights.size(); i++) {
                Integer w = stepWeights.get(i);
                String path = "stepWeights[" + i + "]";
                if (w == null) {
                    problems.add(path, "must be a number");
                    continue;
                }
                if (w < 1 || w > limit) {
                    problems.add(path, w + " must be between 1 and " + limit + limitWhy);
                } else if (w <= previous) {
                    problems.add(path, w + " must be greater than the previous step " + previous);
                }
                if (maxWeight != null && w > maxWeight) {
                    problems.add(path, w + " must not exceed maxWeight " + maxWeight);
                }
                previous = Math.max(previous, w);
                result.add(w);
            }
            if (maxWeight != null && (maxWeight < 1 || maxWeight > limit)) {
                problems.add("maxWeight", maxWeight + " must be between 1 and " + limit + limitWhy);
            }
            return result;
        }
        int step = stepWeight == null ? CanaryStrategy.DEFAULT_STEP_WEIGHT : stepWeight;
        int max = maxWeight == null ? Math.min(CanaryStrategy.DEFAULT_MAX_WEIGHT, limit) : maxWeight;
        boolean ok = true;
        if (step < 1 || step > limit) {
            problems.add("stepWeight", step + " must be between 1 and " + limit + limitWhy);
            ok = false;
        }
        if (max < 1 || max > limit) {
            problems.add("maxWeight", max + " must be between 1 and " + limit + limitWhy);
            ok = false;
        }
        if (ok && step > max) {
            problems.add("stepWeight", step + " must not exceed maxWeight " + max);
            ok = false;
        }
        if (ok) {
            for (int w = step; w < max; w += step) {
                result.add(w);
            }
            result.add(max);
        }
        return result;
    }
}
