package dev.stepwise.analysis;

import dev.stepwise.analysis.judge.SequentialDecision;
import dev.stepwise.analysis.judge.SequentialJudge;
import dev.stepwise.analysis.judge.TrackCounts;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problems;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A statistical judge next to the threshold checks: at each analysis, the canary's bad requests
 * against the control's (the baseline when the strategy routes one, else stable), weighed by a
 * {@link SequentialJudge} whose alpha is shared with the policy's other judges
 * ({@link #sharedBy}). Its verdict:
 * <ul>
 *   <li>{@link SequentialDecision.Outcome#HARMFUL}: a {@linkplain Verdict#critical() critical}
 *       failure, which rolls back at once whatever the threshold;</li>
 *   <li>{@link SequentialDecision.Outcome#NOT_HARMFUL}: a pass;</li>
 *   <li>{@link SequentialDecision.Outcome#KEEP_COLLECTING}: a {@link Verdict.Status#HOLD hold}.
 *       A hold never holds the weight: the threshold checks decide the steps as before, and only
 *       promotion waits for the judge's {@code NOT_HARMFUL};</li>
 *   <li>{@code KEEP_COLLECTING} for more than {@code holdLimit} looks in a row: inconclusive, and
 *       {@code onInconclusive} decides ({@link OnInconclusive}): a failure, a pass that says the
 *       judge abstained, or a hold that goes on; the reason says which.</li>
 * </ul>
 *
 * @param name           the verdict's name, unique among the analysis' metrics, webhooks and judges
 * @param counts         what counts as a bad request; default {@link BadRequests#errors()}
 * @param judge          the test as declared; default {@link SequentialJudge#ofDefaults()}
 * @param holdLimit      looks in a row without a conclusion, from the first look of the revision,
 *                       after which the judge is inconclusive, 0..1000; default {@value #DEFAULT_HOLD_LIMIT}
 * @param onInconclusive what an inconclusive judge answers; default {@link OnInconclusive#PROMOTE_ON_CHECKS}
 * @param sharedBy       how many judges share the declared alpha (each gets {@code alpha / sharedBy}),
 *                       at least 1; set by {@link AnalysisPolicy} to its number of judges
 * @param interval       how often the engine looks into this judge between the analyses (its
 *                       <em>judge looks</em>: only the judges, on the counts since their last look;
 *                       a {@code HARMFUL} answer rolls back at once, any other answer only adds
 *                       evidence), {@value #MIN_INTERVAL_SECONDS} s up to the analysis interval;
 *                       empty: {@link #DEFAULT_INTERVAL}, or the analysis interval when that is shorter
 *                       ({@link #lookInterval})
 */
public record JudgeCheck(String name, BadRequests counts, SequentialJudge judge, int holdLimit,
                         OnInconclusive onInconclusive, int sharedBy, Optional<Duration> interval) {

    /** The default look interval: measured in the decision-quality bench (bench/decisions.md). */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final long MIN_INTERVAL_SECONDS = 1;

    public static final int DEFAULT_HOLD_LIMIT = 10;
    public static final int MAX_HOLD_LIMIT = 1000;
    public static final OnInconclusive DEFAULT_ON_INCONCLUSIVE = OnInconclusive.PROMOTE_ON_CHECKS;

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
        if (onInconclusive == null) {
            problems.add("onInconclusive", "is required (one of " + OnInconclusive.labels() + ")");
        }
        if (sharedBy < 1) {
            problems.add("sharedBy", sharedBy + " must be at least 1");
        } else if (judge != null && judge.alpha() / sharedBy < SequentialJudge.MIN_ALPHA) {
            problems.add("alpha", judge.alpha() + " shared by " + sharedBy + " judges is below "
                    + "0.0001: raise alpha or declare fewer judges");
        }
        if (interval == null) {
            problems.add("interval", "is required (empty for the default)");
        } else if (interval.isPresent()) {
            problems.checkBetween("interval", interval.get(), Duration.ofSeconds(MIN_INTERVAL_SECONDS),
                    AnalysisPolicy.MAX_INTERVAL);
        }
        problems.throwIfAny("judge");
    }

    /** A judge looking at the default interval ({@link #lookInterval}). */
    public JudgeCheck(String name, BadRequests counts, SequentialJudge judge, int holdLimit,
                      OnInconclusive onInconclusive, int sharedBy) {
        this(name, counts, judge, holdLimit, onInconclusive, sharedBy, Optional.empty());
    }

    /** A judge alone (its alpha not shared), abstaining when inconclusive ({@link #DEFAULT_ON_INCONCLUSIVE}). */
    public JudgeCheck(String name, BadRequests counts, SequentialJudge judge, int holdLimit) {
        this(name, counts, judge, holdLimit, DEFAULT_ON_INCONCLUSIVE, 1);
    }

    /** The default judge on {@code counts}: named {@code sequential-<metric>}, default test, hold limit and choice. */
    public static JudgeCheck sequential(BadRequests counts) {
        return new JudgeCheck(defaultName(counts), counts, SequentialJudge.ofDefaults(), DEFAULT_HOLD_LIMIT);
    }

    /** The name a judge gets when none is given: {@code sequential-errors}, {@code sequential-slow}. */
    public static String defaultName(BadRequests counts) {
        return "sequential-" + InvalidValueException.requireNonNull("counts", counts).metric();
    }

    /** This judge answering {@code choice} when inconclusive. */
    public JudgeCheck onInconclusive(OnInconclusive choice) {
        return new JudgeCheck(name, counts, judge, holdLimit, choice, sharedBy, interval);
    }

    /** This judge with its alpha shared by {@code judges} judges. */
    public JudgeCheck sharedBy(int judges) {
        return new JudgeCheck(name, counts, judge, holdLimit, onInconclusive, judges, interval);
    }

    /** This judge looking every {@code every} between the analyses (see {@link #interval()}). */
    public JudgeCheck interval(Duration every) {
        return new JudgeCheck(name, counts, judge, holdLimit, onInconclusive, sharedBy,
                Optional.of(InvalidValueException.requireNonNull("interval", every)));
    }

    /**
     * How often this judge looks when the analysis runs every {@code analysisInterval}: its
     * {@link #interval()}, else the shorter of {@link #DEFAULT_INTERVAL} and the analysis interval.
     * A judge whose look interval equals the analysis interval looks only at the analyses.
     */
    public Duration lookInterval(Duration analysisInterval) {
        Duration every = interval.orElse(DEFAULT_INTERVAL);
        return every.compareTo(analysisInterval) < 0 ? every : analysisInterval;
    }

    /** The test as it runs: the declared one with alpha divided by {@link #sharedBy()}. */
    public SequentialJudge effectiveJudge() {
        return judge.sharedBy(sharedBy);
    }

    /**
     * One look: the evidence after adding the canary's and the control's counts of this look, and
     * the verdict on it. The verdict's observed value is the test statistic (log likelihood
     * ratio); its reason the decision with its bounds ({@link SequentialDecision#toString()}).
     */
    public JudgeLook look(JudgeEvidence before, TrackCounts canary, TrackCounts control) {
        InvalidValueException.requireNonNull("before", before);
        SequentialJudge test = effectiveJudge();
        SequentialDecision decision = test.decide(test.update(before.evidence(), canary, control));
        double statistic = decision.statistic();
        if (decision.outcome() == SequentialDecision.Outcome.HARMFUL) {
            return new JudgeLook(Verdict.criticalFail(name, statistic, decision + alphaNote()),
                    new JudgeEvidence(decision.evidence(), 0));
        }
        if (decision.outcome() == SequentialDecision.Outcome.NOT_HARMFUL) {
            return new JudgeLook(new Verdict(name, Verdict.Status.PASS, statistic, decision.toString()),
                    new JudgeEvidence(decision.evidence(), 0));
        }
        int held = before.heldLooks() + 1;
        JudgeEvidence after = new JudgeEvidence(decision.evidence(), held);
        String why = decision + " (look " + held + " of " + holdLimit + " without a conclusion)";
        if (held <= holdLimit) {
            return new JudgeLook(Verdict.hold(name, statistic, why + ": steps go on, promotion waits"), after);
        }
        String inconclusive = why + ": inconclusive, too little data is never evidence of health; onInconclusive: "
                + onInconclusive;
        return new JudgeLook(switch (onInconclusive) {
            case ROLLBACK -> Verdict.fail(name, statistic, inconclusive + ", a failed analysis");
            case PROMOTE_ON_CHECKS -> new Verdict(name, Verdict.Status.PASS, statistic,
                    inconclusive + ": the judge abstains, the threshold checks decide");
            case HOLD -> Verdict.hold(name, statistic, inconclusive
                    + ": promotion waits for the judge, or an operator's promote or abort");
        }, after);
    }

    private String alphaNote() {
        return sharedBy == 1 ? "" : String.format(Locale.ROOT, " (alpha %s shared by %d judges)", judge.alpha(), sharedBy);
    }

    @Override
    public String toString() {
        return name + " on " + counts + ": " + judge + (sharedBy == 1 ? "" : ", alpha shared by " + sharedBy + " judges")
                + ", hold limit " + holdLimit + ", on inconclusive " + onInconclusive
                + interval.map(every -> ", looking every " + every).orElse("");
    }
}
