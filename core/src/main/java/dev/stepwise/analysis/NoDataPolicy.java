package dev.stepwise.analysis;

import dev.stepwise.validation.InvalidValueException;

/**
 * What an analysis interval without data means. Missing data is never a pass: the rollout
 * holds (does not advance) for up to {@code holdIntervals} consecutive intervals without data;
 * the next one, and every further one, counts as a failed analysis. Any interval with data
 * resets the count.
 *
 * <p>Default: {@link #DEFAULT_HOLD_INTERVALS} (2). Low-traffic services often have no request
 * in the first interval after a shift; Flagger fails at once ({@code holdIntervals: 0}), which
 * rolls such services back for no reason.
 *
 * @param holdIntervals consecutive intervals without data to hold before counting failures, 0..100
 */
public record NoDataPolicy(int holdIntervals) {

    public static final int DEFAULT_HOLD_INTERVALS = 2;

    public NoDataPolicy {
        InvalidValueException.requireBetween("noData.holdIntervals", holdIntervals, 0, 100);
    }

    public static NoDataPolicy ofDefaults() {
        return new NoDataPolicy(DEFAULT_HOLD_INTERVALS);
    }

    /** Fail at the first interval without data, as Flagger does. */
    public static NoDataPolicy failImmediately() {
        return new NoDataPolicy(0);
    }

    /** Whether the {@code consecutive}-th interval in a row without data counts as a failure. */
    public boolean countsAsFailure(int consecutive) {
        return consecutive > holdIntervals;
    }
}
