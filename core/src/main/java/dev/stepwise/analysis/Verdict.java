package dev.stepwise.analysis;

import dev.stepwise.validation.InvalidValueException;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The judgement of one metric (or check webhook) for one analysis interval.
 *
 * @param metric   the metric check's name
 * @param status   pass, fail, no data or error
 * @param observed the observed value; {@code NaN} when there was none
 * @param reason   why, in words (e.g. {@code 97.2 < min 99}); empty for a plain pass
 * @param critical whether a {@link Status#FAIL} rolls the rollout back at once, whatever the analysis
 *                 threshold (a judge that found the canary harmful); false for every other status
 */
public record Verdict(String metric, Status status, double observed, String reason, boolean critical) {

    /** The outcome of one check. */
    public enum Status {
        PASS("Pass"),
        FAIL("Fail"),
        /** The source answered, but with nothing to judge (empty result, NaN, infinity). */
        NO_DATA("NoData"),
        /** The source could not be asked or refused the query. Never a pass. */
        ERROR("Error"),
        /**
         * A judge needs more evidence: the step holds, neither a pass, nor a failure, nor an
         * interval without data (within the judge's hold limit).
         */
        HOLD("Hold");

        private final String label;
        Status(String label) { this.label = label; }
        @JsonValue public String label() { return label; }
        @Override public String toString() { return label; }
    }

    public Verdict {
        InvalidValueException.requireNonNull("metric", metric);
        InvalidValueException.requireNonNull("status", status);
        reason = reason == null ? "" : reason;
        if (critical && status != Status.FAIL) {
            throw new InvalidValueException("critical", status, "only a Fail verdict can be critical");
        }
    }

    /** A verdict that is not critical. */
    public Verdict(String metric, Status status, double observed, String reason) {
        this(metric, status, observed, reason, false);
    }

    public static Verdict pass(String metric, double observed) {
        return new Verdict(metric, Status.PASS, observed, "");
    }

    public static Verdict fail(String metric, double observed, String reason) {
        return new Verdict(metric, Status.FAIL, observed, reason);
    }

    /** A failure that rolls back at once, whatever the threshold: a judge found the canary harmful. */
    public static Verdict criticalFail(String metric, double observed, String reason) {
        return new Verdict(metric, Status.FAIL, observed, reason, true);
    }

    /** A judge that needs more evidence: the step holds. */
    public static Verdict hold(String metric, double observed, String reason) {
        return new Verdict(metric, Status.HOLD, observed, reason);
    }

    public static Verdict noData(String metric, String reason) {
        return new Verdict(metric, Status.NO_DATA, Double.NaN, reason);
    }

    public static Verdict error(String metric, String reason) {
        return new Verdict(metric, Status.ERROR, Double.NaN, reason);
    }

    /** Whether an observed value is present. */
    public boolean hasObservedValue() {
        return !Double.isNaN(observed);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(metric).append(' ').append(status).append(critical ? " (critical)" : "");
        if (hasObservedValue()) {
            sb.append(" (").append(observed).append(')');
        }
        if (!reason.isEmpty()) {
            sb.append(": ").append(reason);
        }
        return sb.toString();
    }
}
