package dev.stepwise.analysis;

import dev.stepwise.analysis.judge.SequentialDecision;
import dev.stepwise.analysis.judge.SequentialJudge;
import dev.stepwise.analysis.judge.TrackCounts;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problems;

/**
 * A statistical judge next to the threshold checks: at each analysis, the canary's bad requests
 * against the control's (the baseline when the strategy routes one, else stable), weighed by a
 * {@link SequentialJudge}. Its verdict: {@link SequentialDecision.Outcome#NOT_HARMFUL} a pass;
 * {@link SequentialDecision.Outcome#HARMFUL} a {@linkplain Verdict#critical() critical} failure,
 * which rolls back at once whatever the threshold; {@link SequentialDecision.Outcome#KEEP_COLLECTING}
 * a {@link Verdict.Status#HOLD hold} of the step, for up to {@code holdLimit} consecutive looks; the
 * next one, and every further one, is a failed analysis (never a pass).
 *
 * @param name      the verdict's name, unique among the analysis' metrics, webhooks and judges
 * @param counts    what counts as a bad request; default {@link BadRequests#errors()}
 * @param judge     the test; default {@link SequentialJudge#ofDefaults()}
 * @param holdLimit consecutive looks that keep collecting to hold before each further one fails,
 *                  0..1000; default {@value #DEFAULT_HOLD_LIMIT}
 */
public record JudgeCheck(String name, BadRequests counts, SequentialJudge judge, int holdLimit) {

    public static final int DEFAULT_HOLD_LIMIT = 10;
    public static final int MAX_HOLD_LIMIT = 1000;

    public JudgeCheck {
        Problems problems = new Problems();
        if (name == null || name.isBlank()) {
            problems.add("name", "must be a non-empty name");
        }
        if (counts == null) {
            problems.add("metric", "is required (errors, or slow with slowerThan)");
        }
        if (judge == null) {
            problems.add("judge", "is required");
        }
        problems.checkBetween("holdLimit", holdLimit, 0, MAX_HOLD_LIMIT);
        problems.throwIfAny("judge");
    }

    /** The default judge on {@code counts}: named {@code sequential-<metric>}, default test, default hold limit. */
    public static JudgeCheck sequential(BadRequests counts) {
        return new JudgeCheck(defaultName(counts), counts, SequentialJudge.ofDefaults(), DEFAULT_HOLD_LIMIT);
    }

    /** The name a judge gets when none is given: {@code sequential-errors}, {@code sequential-slow}. */
    public static String defaultName(BadRequests counts) {
        return "sequential-" + InvalidValueException.requireNonNull("counts", counts).metric();
    }

    /**
     * One look: the evidence after adding the canary's and the control's counts of this look, and
     * the verdict on it. The verdict's observed value is the test statistic (log likelihood
     * ratio); its reason the decision with its bounds ({@link SequentialDecision#toString()}).
     */
    public JudgeLook look(JudgeEvidence before, TrackCounts canary, TrackCounts control) {
        InvalidValueException.requireNonNull("before", before);
        SequentialDecision decision = judge.decide(judge.update(before.evidence(), canary, control));
        double statistic = decision.statistic();
        if (decision.outcome() == SequentialDecision.Outcome.HARMFUL) {
            return new JudgeLook(Verdict.criticalFail(name, statistic, decision.toString()),
                    new JudgeEvidence(decision.evidence(), 0));
        }
        if (decision.outcome() == SequentialDecision.Outcome.NOT_HARMFUL) {
            return new JudgeLook(new Verdict(name, Verdict.Status.PASS, statistic, decision.toString()),
                    new JudgeEvidence(decision.evidence(), 0));
        }
        int held = before.heldLooks() + 1;
        JudgeEvidence after = new JudgeEvidence(decision.evidence(), held);
        String why = decision + " (held " + held + " of " + holdLimit + " looks)";
        return new JudgeLook(held > holdLimit ? Verdict.fail(name, statistic, why + ": hold limit passed")
                : Verdict.hold(name, statistic, why), after);
    }

    @Override
    public String toString() {
        return name + " on " + counts + ": " + judge + ", hold limit " + holdLimit;
    }
}
