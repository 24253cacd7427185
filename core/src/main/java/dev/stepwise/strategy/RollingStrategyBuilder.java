package dev.stepwise.strategy;

import org.jspecify.annotations.Nullable;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.validation.Problem;
import dev.stepwise.validation.Problems;
import java.util.ArrayList;
import java.util.List;

/** Builds a validated {@link RollingStrategy}; every default is the one its javadoc documents. */
public final class RollingStrategyBuilder {
    private @Nullable List<Integer> batches = RollingStrategy.DEFAULT_BATCHES;
    private int maxSurge = RollingStrategy.DEFAULT_MAX_SURGE;
    private int maxUnavailable = RollingStrategy.DEFAULT_MAX_UNAVAILABLE;
    private AnalysisPolicy analysis = AnalysisPolicy.ofDefaults();

    RollingStrategyBuilder() {
    }

    /** Canary shares at which the analysis runs: strictly ascending, each 1..100, the last 100. */
    public RollingStrategyBuilder batches(@Nullable List<Integer> batches) {
        this.batches = batches == null ? null : new ArrayList<>(batches);
        return this;
    }

    public RollingStrategyBuilder batches(Integer... batches) {
        return batches(List.of(batches));
    }

    /** Percent of desired replicas that may exist above desired, 0..100; default {@value RollingStrategy#DEFAULT_MAX_SURGE}. */
    public RollingStrategyBuilder maxSurge(int maxSurge) {
        this.maxSurge = maxSurge;
        return this;
    }

    /** Percent of desired replicas that may be unavailable, 0..100; default {@value RollingStrategy#DEFAULT_MAX_UNAVAILABLE}. */
    public RollingStrategyBuilder maxUnavailable(int maxUnavailable) {
        this.maxUnavailable = maxUnavailable;
        return this;
    }

    /** Default {@link AnalysisPolicy#ofDefaults()}. */
    public RollingStrategyBuilder analysis(AnalysisPolicy analysis) {
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
    public RollingStrategy build() {
        Problems problems = new Problems();
        validate(problems);
        problems.throwIfAny("rolling strategy");
        return new RollingStrategy(analysis, java.util.Objects.requireNonNull(batches, "validate() refuses a missing batches"), maxSurge,
                maxUnavailable);
    }

    private void validate(Problems problems) {
        validateBatches(problems);
        boolean surgeOk = problems.checkBetween("maxSurge", maxSurge, 0, 100);
        boolean unavailableOk = problems.checkBetween("maxUnavailable", maxUnavailable, 0, 100);
        if (surgeOk && unavailableOk && maxSurge == 0 && maxUnavailable == 0) {
            problems.add("maxUnavailable", "maxSurge and maxUnavailable cannot both be 0: nothing could move");
        }
        if (analysis == null) {
            problems.add("analysis", "is required");
        }
    }

    private void validateBatches(Problems problems) {
        if (batches == null || batches.isEmpty()) {
            problems.add("batches", "must hold at least one batch, the last one 100");
            return;
        }
        int previous = 0;
        for (int i = 0; i < batches.size(); i++) {
            Integer batch = batches.get(i);
            String path = "batches[" + i + "]";
            if (batch == null) {
                problems.add(path, "must be a number");
                continue;
            }
            if (batch < 1 || batch > 100) {
                problems.add(path, batch + " must be between 1 and 100");
            } else if (batch <= previous) {
                problems.add(path, batch + " must be greater than the previous batch " + previous);
            }
            previous = Math.max(previous, batch);
        }
        Integer last = batches.get(batches.size() - 1);
        if (last != null && last != 100) {
            problems.add("batches[" + (batches.size() - 1) + "]", "the last batch must be 100, got " + last);
        }
    }
}
