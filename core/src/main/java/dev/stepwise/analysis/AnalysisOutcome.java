package dev.stepwise.analysis;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The combined outcome of one analysis interval, or {@link #NONE} when no analysis ran. */
public enum AnalysisOutcome {
    PASS("Pass"),
    FAIL("Fail"),
    /** Some check had no data or could not be run, and none failed. Never a pass. */
    NO_DATA("NoData"),
    /** A judge needs more evidence, and no check failed or had no data: the step holds. Never a pass. */
    HOLD("Hold"),
    NONE("None");

    private final String label;

    AnalysisOutcome(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /**
     * Combines verdicts: any {@code FAIL} fails; otherwise any {@code NO_DATA}, {@code ERROR}, or
     * an expected metric without a verdict, is {@link #NO_DATA}; otherwise any {@code HOLD} is
     * {@link #HOLD}; otherwise {@link #PASS}. An
     * analysis with no checks configured passes.
     *
     * @param verdicts        the verdicts of this interval
     * @param expectedMetrics names of the configured checks, each of which must have a verdict
     */
    public static AnalysisOutcome combine(List<Verdict> verdicts, Collection<String> expectedMetrics) {
        if (verdicts.stream().anyMatch(v -> v.status() == Verdict.Status.FAIL)) {
            return FAIL;
        }
        Set<String> judged = verdicts.stream().map(Verdict::metric).collect(Collectors.toSet());
        boolean missing = !judged.containsAll(expectedMetrics);
        boolean inconclusive = verdicts.stream().anyMatch(v -> v.status() == Verdict.Status.NO_DATA
                || v.status() == Verdict.Status.ERROR);
        if (missing || inconclusive) {
            return NO_DATA;
        }
        return verdicts.stream().anyMatch(v -> v.status() == Verdict.Status.HOLD) ? HOLD : PASS;
    }

    @Override
    public String toString() {
        return label;
    }
}
