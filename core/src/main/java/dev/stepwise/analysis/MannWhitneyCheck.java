package dev.stepwise.analysis;

import dev.stepwise.analysis.judge.DistributionDecision;
import dev.stepwise.analysis.judge.MannWhitneyJudge;
import dev.stepwise.analysis.judge.MetricComparison;
import dev.stepwise.time.Durations;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problems;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * A Kayenta-style judge next to the threshold checks ({@code analysis.judges[{type: mann-whitney}]}):
 * at each analysis, every metric's samples of the canary and of the control (the baseline when
 * the strategy routes one, else stable) over the last {@code lookback}, one every {@code step},
 * compared by a {@link MannWhitneyJudge}. Its verdict ({@link #verdict}): a pass at or above the
 * pass score; a {@link Verdict.Status#HOLD hold} (promotion waits, the steps go on) at or above
 * the marginal score; a failure below it, {@linkplain Verdict#critical() critical} when a
 * critical metric was harmed; NoData when no metric, or a critical one, had enough samples.
 * Each look judges its own window: unlike the sequential judge it keeps no evidence.
 *
 * @param name     the verdict's name, unique among the analysis' metrics, webhooks and judges; default {@value #DEFAULT_NAME}
 * @param judge    the comparison
 * @param step     time between two samples, {@link #MIN_STEP 1s}..{@link #MAX_STEP 1h}; default 30 seconds.
 *                 It is also the query's {@code interval} variable (the rate window of each sample), so keep it
 *                 at least twice the scrape interval
 * @param lookback how far back samples are taken, at least {@code step × minSamples} and at most
 *                 {@code step × 2000} and 24 hours; default 10 minutes (20 samples a track)
 */
public record MannWhitneyCheck(String name, MannWhitneyJudge judge, Duration step, Duration lookback) {

    public static final String DEFAULT_NAME = "mann-whitney";
    public static final Duration DEFAULT_STEP = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(10);
    public static final Duration MIN_STEP = Duration.ofSeconds(1);
    public static final Duration MAX_STEP = Duration.ofHours(1);
    public static final Duration MAX_LOOKBACK = Duration.ofHours(24);

    public MannWhitneyCheck {
        Problems problems = new Problems();
        if (name == null || name.isBlank()) {
            problems.add("name", "must be a non-empty name");
        }
        if (judge == null) {
            problems.add("judge", "is required");
        }
        if (problems.checkBetween("step", step, MIN_STEP, MAX_STEP)
                && problems.checkBetween("lookback", lookback, MIN_STEP, MAX_LOOKBACK) && judge != null) {
            long samples = lookback.toMillis() / step.toMillis();
            if (samples < judge.minSamples()) {
                problems.add("lookback", Durations.format(lookback) + " holds " + samples + " samples at step "
                        + Durations.format(step) + ", fewer than minSamples ("
                        + judge.minSamples() + "): every look would be NoData; lengthen lookback or shorten step");
            } else if (samples > MannWhitneyJudge.MAX_SAMPLES) {
                problems.add("lookback", Durations.format(lookback) + " holds " + samples + " samples at step "
                        + Durations.format(step) + ", more than "
                        + MannWhitneyJudge.MAX_SAMPLES + "; shorten lookback or lengthen step");
            }
        }
        problems.throwIfAny("judge");
    }

    /** {@code judge} with the default name, step and lookback. */
    public static MannWhitneyCheck of(MannWhitneyJudge judge) {
        return new MannWhitneyCheck(DEFAULT_NAME, judge, DEFAULT_STEP, DEFAULT_LOOKBACK);
    }

    /**
     * The verdict on {@code decision}: its score as the observed value; as the reason its outcome,
     * its reason and each metric's comparison (shift, interval, samples kept and dropped).
     */
    public Verdict verdict(DistributionDecision decision) {
        InvalidValueException.requireNonNull("decision", decision);
        // the decision and every metric's shift, interval and samples: what an operator needs to see why
        String reason = decision.outcome() + ": " + decision.reason() + "; " + decision.comparisons().stream()
                .map(MetricComparison::toString).collect(Collectors.joining("; "));
        return switch (decision.outcome()) {
            case PASS -> new Verdict(name, Verdict.Status.PASS, decision.score(), reason);
            case MARGINAL -> Verdict.hold(name, decision.score(), reason + ": marginal, promotion waits");
            case FAIL -> decision.critical() ? Verdict.criticalFail(name, decision.score(), reason)
                    : Verdict.fail(name, decision.score(), reason);
            case NO_DATA -> Verdict.noData(name, reason);
        };
    }

    @Override
    public String toString() {
        return name + ": " + judge + ", samples every " + step + " over " + lookback;
    }
}
