package dev.stepwise.analysis.judge;

import java.util.List;
import java.util.Locale;

/**
 * A {@link MannWhitneyJudge}'s answer: the weighted score of the passing metrics and the outcome.
 *
 * @param outcome     pass, marginal, fail, or no data
 * @param score       weights of passing metrics over all weights × 100, 0..100 ({@code NaN} with no data)
 * @param critical    whether a critical metric's harm decided (a critical fail, whatever the score)
 * @param comparisons each metric's result, in the judge's order
 * @param reason      why, in words
 */
public record DistributionDecision(Outcome outcome, double score, boolean critical, List<MetricComparison> comparisons,
                                   String reason) {

    /** What the judge concludes. */
    public enum Outcome {
        /** Score at least the pass score, and no critical metric harmed. */
        PASS,
        /** Score at least the marginal score but below the pass score: hold, neither pass nor fail. */
        MARGINAL,
        /** Score below the marginal score, or a critical metric harmed. */
        FAIL,
        /** No metric could be compared, or a critical one could not: never a pass. */
        NO_DATA
    }

    public DistributionDecision {
        comparisons = List.copyOf(comparisons);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: score %.1f: %s", outcome, score, reason);
    }
}
