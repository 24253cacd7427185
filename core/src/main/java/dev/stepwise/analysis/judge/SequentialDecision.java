package dev.stepwise.analysis.judge;

import java.util.Locale;

/**
 * A {@link SequentialJudge}'s answer at one look, with the statistic and the bounds it was
 * compared with (what {@code stepwise plan} shows per step).
 *
 * @param outcome       harmful, not harmful, or keep collecting
 * @param evidence      the evidence the answer was drawn from
 * @param harmfulBound  the log likelihood ratio at or above which the canary is harmful: {@code ln(1/alpha)}
 * @param harmlessBound the log likelihood ratio at or below which it is not harmful: {@code ln(beta)}
 * @param reason        why, in words
 */
public record SequentialDecision(Outcome outcome, SequentialEvidence evidence, double harmfulBound,
                                 double harmlessBound, String reason) {

    /** What a look concludes. */
    public enum Outcome {
        /** Roll back now: the canary is worse than the control, at the judge's alpha. */
        HARMFUL,
        /** May advance: the canary is not worse by the harmful effect, at the judge's beta. */
        NOT_HARMFUL,
        /** Neither yet: hold the step and look again. Never evidence of health. */
        KEEP_COLLECTING
    }

    /** The summed log likelihood ratio. */
    public double statistic() {
        return evidence.logLikelihoodRatio();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: log LR %.2f in (%.2f, %.2f): %s", outcome, statistic(),
                harmlessBound, harmfulBound, reason);
    }
}
