package dev.stepwise.analysis.judge;

import java.util.Locale;

/**
 * What a {@link SequentialJudge} has learnt so far about one canary: the log of the likelihood
 * ratio (harmful effect against "no worse than the control"), summed over every look, and the
 * counts it came from. Immutable; {@link SequentialJudge#update} returns the next one. Kept with
 * the rollout's state, so that a restarted engine goes on from the same evidence.
 *
 * @param logLikelihoodRatio the summed log likelihood ratio; 0 before any look
 * @param canary             the canary's counts over every look
 * @param control            the control's counts over every look
 * @param looks              looks taken, at least 0
 */
public record SequentialEvidence(double logLikelihoodRatio, TrackCounts canary, TrackCounts control, int looks) {

    /** Before the first look. */
    public static final SequentialEvidence NONE = new SequentialEvidence(0.0, TrackCounts.NONE, TrackCounts.NONE, 0);

    public SequentialEvidence {
        if (!Double.isFinite(logLikelihoodRatio)) {
            throw new IllegalArgumentException("logLikelihoodRatio: " + logLikelihoodRatio + " must be finite");
        }
        if (looks < 0) {
            throw new IllegalArgumentException("looks: " + looks + " must be at least 0");
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "log LR %.3f after %d looks (canary %s, control %s)",
                logLikelihoodRatio, looks, canary, control);
    }
}
