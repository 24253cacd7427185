package dev.stepwise.timeline;

import dev.stepwise.analysis.JudgeCheck;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.analysis.judge.SequentialDecision;
import dev.stepwise.analysis.judge.SequentialJudge;
import dev.stepwise.validation.InvalidValueException;
import java.util.Locale;
import java.util.Optional;

/**
 * What one statistical judge read at one step: its statistic (the summed log likelihood ratio),
 * the two bounds it was compared with and its answer. The bounds are those of the test as it ran,
 * alpha shared by the analysis' judges ({@link JudgeCheck#effectiveJudge()}): the harmful bound is
 * {@code ln(1/(alpha/k))} for {@code k} judges, e.g. 5.30 for two judges at 0.01.
 *
 * @param name          the judge's name, as its verdict's metric
 * @param statistic     the log likelihood ratio after this step's look; finite
 * @param harmfulBound  at or above it the judge answers {@code HARMFUL}; finite
 * @param harmlessBound at or below it (and with enough canary requests) {@code NOT_HARMFUL}; finite, below the harmful bound
 * @param outcome       the judge's answer at this look
 */
public record JudgeReading(String name, double statistic, double harmfulBound, double harmlessBound,
                           SequentialDecision.Outcome outcome) {

    public JudgeReading {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", name == null ? "null" : "\"" + name + "\"", "must be a non-empty name");
        }
        requireFinite("statistic", statistic);
        requireFinite("harmfulBound", harmfulBound);
        requireFinite("harmlessBound", harmlessBound);
        if (harmlessBound >= harmfulBound) {
            throw new InvalidValueException("harmlessBound", harmlessBound, "must be below harmfulBound " + harmfulBound);
        }
        InvalidValueException.requireNonNull("outcome", outcome);
    }

    /**
     * The reading of {@code check}'s {@code verdict}; empty when the verdict is not the judge's or
     * holds no statistic (the source had no counts: NoData or Error). The answer is the one the
     * verdict's reason starts with ({@link SequentialDecision#toString()}); a reason that starts
     * with none is read from the statistic: harmful at or above the harmful bound, else keep collecting.
     */
    public static Optional<JudgeReading> of(JudgeCheck check, Verdict verdict) {
        InvalidValueException.requireNonNull("check", check);
        InvalidValueException.requireNonNull("verdict", verdict);
        if (!check.name().equals(verdict.metric()) || !verdict.hasObservedValue()
                || !Double.isFinite(verdict.observed())) {
            return Optional.empty();
        }
        SequentialJudge test = check.effectiveJudge();
        return Optional.of(new JudgeReading(check.name(), verdict.observed(), test.harmfulBound(), test.harmlessBound(),
                outcome(verdict, test)));
    }

    private static SequentialDecision.Outcome outcome(Verdict verdict, SequentialJudge test) {
        for (SequentialDecision.Outcome outcome : SequentialDecision.Outcome.values()) {
            if (verdict.reason().startsWith(outcome.name() + ":")) {
                return outcome;
            }
        }
        return verdict.observed() >= test.harmfulBound() ? SequentialDecision.Outcome.HARMFUL
                : SequentialDecision.Outcome.KEEP_COLLECTING;
    }

    /** The answer in words: {@code harmful}, {@code not harmful} or {@code keep collecting}. */
    public String answer() {
        return outcome.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static void requireFinite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidValueException(field, value, "must be a finite number");
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: LLR %.2f (rollback at >= %.2f, healthy at <= %.2f): %s", name, statistic,
                harmfulBound, harmlessBound, answer());
    }
}
