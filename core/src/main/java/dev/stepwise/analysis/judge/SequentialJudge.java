package dev.stepwise.analysis.judge;

import dev.stepwise.analysis.judge.SequentialDecision.Outcome;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problems;
import java.util.Locale;

/**
 * A sequential probability ratio test of a canary against a control track (the baseline, or
 * stable), on bad-request counts: "no worse than the control" against "worse by the
 * {@link HarmfulEffect harmful effect}". It may be asked at every look, as often as wanted, and
 * the traffic split may change between looks: its error probabilities hold whenever it is read.
 *
 * <p><b>The test.</b> Bad requests of both tracks within one look are taken as Poisson events;
 * given that a look saw {@code k} of them, the canary's share is binomial with probability
 * {@code θ·nc / (θ·nc + ns)} ({@code nc}, {@code ns} the look's requests per track, {@code θ} the
 * ratio of the canary's rate to the control's). The unknown common rate drops out, and each look
 * is weighed by its own split. Each look adds {@code x·ln(p1/p0) + (k−x)·ln((1−p1)/(1−p0))} to the
 * log likelihood ratio, with {@code p0} at {@code θ = 1} and {@code p1} at the harmful ratio. Under
 * "no worse" ({@code θ ≤ 1}) the likelihood ratio is a nonnegative supermartingale, so by Ville's
 * inequality it ever reaches {@code 1/alpha} with probability at most {@code alpha}: that bounds
 * false rollbacks of a good canary however many looks are taken. Symmetrically, under the harmful
 * ratio its inverse ever reaches {@code 1/beta} with probability at most {@code beta}: that bounds
 * the promotion of a harmful canary. (Bernoulli requests make the share hypergeometric, which is
 * less spread than the binomial, so the bounds still hold.)
 *
 * <p><b>Outcomes.</b> {@link Outcome#HARMFUL} when the log likelihood ratio is at least
 * {@code ln(1/alpha)}, at any sample size (rolling back early is what the test is for);
 * {@link Outcome#NOT_HARMFUL} when it is at most {@code ln(beta)} and the canary has served at
 * least {@link #minimumRequests()}; otherwise {@link Outcome#KEEP_COLLECTING}, which is never
 * evidence of health. Without bad requests on either track a look teaches the ratio test nothing;
 * with a {@link HarmfulEffect.Points points} effect the judge also answers
 * {@link Outcome#NOT_HARMFUL} once the canary has served {@code ln(1/beta) / points} requests
 * without a single bad one (the chance of that at a rate of {@code points} or more is below
 * {@code beta}).
 *
 * @param alpha           the probability of rolling back a canary no worse than the control,
 *                        0.0001..0.2; default {@value #DEFAULT_ALPHA}
 * @param beta            the probability of passing a canary worse by {@code effect}, 0.0001..0.5;
 *                        default {@value #DEFAULT_BETA}
 * @param effect          the smallest harm; default a ratio of {@value #DEFAULT_RATIO}
 * @param minimumRequests canary requests before {@link Outcome#NOT_HARMFUL} may be answered,
 *                        0..1,000,000,000; default {@value #DEFAULT_MINIMUM_REQUESTS}
 */
public record SequentialJudge(double alpha, double beta, HarmfulEffect effect, long minimumRequests) {

    public static final double DEFAULT_ALPHA = 0.01;
    /** The smallest alpha, declared or after it is shared between judges. */
    public static final double MIN_ALPHA = 0.0001;
    public static final double DEFAULT_BETA = 0.05;
    public static final double DEFAULT_RATIO = 2.0;
    public static final long DEFAULT_MINIMUM_REQUESTS = 200;
    public static final long MAX_MINIMUM_REQUESTS = 1_000_000_000L;

    public SequentialJudge {
        Problems problems = new Problems();
        if (!(alpha >= MIN_ALPHA && alpha <= 0.2)) {
            problems.add("alpha", alpha + " must be between 0.0001 and 0.2");
        }
        if (!(beta >= 0.0001 && beta <= 0.5)) {
            problems.add("beta", beta + " must be between 0.0001 and 0.5");
        }
        if (effect == null) {
            problems.add("effect", "is required (a ratio such as 2, or percentage points such as 0.5)");
        }
        if (minimumRequests < 0 || minimumRequests > MAX_MINIMUM_REQUESTS) {
            problems.add("minimumRequests", minimumRequests + " must be between 0 and " + MAX_MINIMUM_REQUESTS);
        }
        problems.throwIfAny("sequential judge");
    }

    /** alpha 0.01, beta 0.05, harm at twice the control's rate, 200 canary requests before a pass. */
    public static SequentialJudge ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * This judge with its alpha shared by {@code judges} judges (Bonferroni): {@code alpha / judges},
     * so that {@code judges} such judges together roll a good canary back with probability at most
     * {@code alpha}. Itself for one judge.
     *
     * @throws dev.stepwise.validation.InvalidConfigException when the share is below {@link #MIN_ALPHA}
     */
    public SequentialJudge sharedBy(int judges) {
        InvalidValueException.requireAtLeast("judges", judges, 1);
        return judges == 1 ? this : new SequentialJudge(alpha / judges, beta, effect, minimumRequests);
    }

    /** {@code ln(1/alpha)}: the log likelihood ratio at or above which the canary is harmful. */
    public double harmfulBound() {
        return Math.log(1.0 / alpha);
    }

    /** {@code ln(beta)}: the log likelihood ratio at or below which the canary is not harmful. */
    public double harmlessBound() {
        return Math.log(beta);
    }

    /**
     * The evidence after one more look, in which the canary served {@code canary} and the control
     * {@code control}. The harmful ratio of a points effect is taken from the control's counts
     * before this look, so the test stays valid. A look with no bad request, or no traffic on a
     * track, leaves the statistic as it was (the counts still add up).
     */
    public SequentialEvidence update(SequentialEvidence before, TrackCounts canary, TrackCounts control) {
        InvalidValueException.requireNonNull("before", before);
        InvalidValueException.requireNonNull("canary", canary);
        InvalidValueException.requireNonNull("control", control);
        double llr = before.logLikelihoodRatio() + logRatioOfLook(before.control(), canary, control);
        return new SequentialEvidence(llr, before.canary().plus(canary), before.control().plus(control), before.looks() + 1);
    }

    private double logRatioOfLook(TrackCounts controlBefore, TrackCounts canary, TrackCounts control) {
        long k = canary.bad() + control.bad();
        if (k == 0 || canary.requests() == 0 || control.requests() == 0) {
            return 0.0;
        }
        // Jeffreys' estimate: never 0, so a points effect has a finite ratio before the first bad request.
        double controlRate = controlBefore.requests() == 0 ? Double.NaN
                : (controlBefore.bad() + 0.5) / (controlBefore.requests() + 1.0);
        double theta = effect.ratio(controlRate);
        if (Double.isNaN(theta)) {
            return 0.0;
        }
        double nc = canary.requests();
        double ns = control.requests();
        double p0 = nc / (nc + ns);
        double p1 = theta * nc / (theta * nc + ns);
        double x = canary.bad();
        return x * Math.log(p1 / p0) + (k - x) * Math.log((1 - p1) / (1 - p0));
    }

    /** What the evidence concludes now. */
    public SequentialDecision decide(SequentialEvidence evidence) {
        InvalidValueException.requireNonNull("evidence", evidence);
        double llr = evidence.logLikelihoodRatio();
        TrackCounts canary = evidence.canary();
        String rates = String.format(Locale.ROOT, "canary %s (%.3f%%), control %s (%.3f%%)", canary,
                percent(canary), evidence.control(), percent(evidence.control()));
        if (llr >= harmfulBound()) {
            return decision(Outcome.HARMFUL, evidence, "worse than the control (" + effect + ", alpha " + alpha + "): " + rates);
        }
        if (canary.requests() >= minimumRequests && (llr <= harmlessBound() || cleanLongEnough(canary))) {
            return decision(Outcome.NOT_HARMFUL, evidence, "not worse by " + effect + " (beta " + beta + "): " + rates);
        }
        if (canary.requests() < minimumRequests) {
            return decision(Outcome.KEEP_COLLECTING, evidence, canary.requests() + " of " + minimumRequests
                    + " canary requests: " + rates);
        }
        return decision(Outcome.KEEP_COLLECTING, evidence, "not enough evidence yet: " + rates);
    }

    /** A points effect, and so many canary requests without a bad one that its rate is below the points but with chance beta. */
    private boolean cleanLongEnough(TrackCounts canary) {
        return effect instanceof HarmfulEffect.Points points && canary.bad() == 0
                && canary.requests() >= Math.log(1.0 / beta) / (points.points() / 100.0);
    }

    private SequentialDecision decision(Outcome outcome, SequentialEvidence evidence, String reason) {
        return new SequentialDecision(outcome, evidence, harmfulBound(), harmlessBound(), reason);
    }

    private static double percent(TrackCounts counts) {
        return counts.requests() == 0 ? Double.NaN : 100.0 * counts.rate();
    }

    @Override
    public String toString() {
        return "SequentialJudge[alpha " + alpha + ", beta " + beta + ", harm " + effect + ", minimum "
                + minimumRequests + " canary requests]";
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private double alpha = DEFAULT_ALPHA;
        private double beta = DEFAULT_BETA;
        private HarmfulEffect effect = new HarmfulEffect.Ratio(DEFAULT_RATIO);
        private long minimumRequests = DEFAULT_MINIMUM_REQUESTS;

        private Builder() {
        }

        /** The probability of rolling back a good canary, 0.0001..0.2; default 0.01. */
        public Builder alpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /** The probability of passing a canary worse by the effect, 0.0001..0.5; default 0.05. */
        public Builder beta(double beta) {
            this.beta = beta;
            return this;
        }

        /** The smallest harm; default {@code new HarmfulEffect.Ratio(2)}. */
        public Builder effect(HarmfulEffect effect) {
            this.effect = effect;
            return this;
        }

        /** Canary requests before a pass, 0..1,000,000,000; default 200. */
        public Builder minimumRequests(long minimumRequests) {
            this.minimumRequests = minimumRequests;
            return this;
        }

        public SequentialJudge build() {
            return new SequentialJudge(alpha, beta, effect, minimumRequests);
        }
    }
}
