package dev.stepwise.strategy;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficNeeds;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Blue/green, as Flagger runs it, with Argo Rollouts' post-promotion analysis and scale-down
 * delay: the new revision (green, on the canary track) is analysed for {@code iterations}
 * intervals while every live request still goes to stable (blue); then all traffic switches to
 * it at once, is watched for {@code postPromotionIterations} more intervals, and only then is
 * the template copied to stable and traffic routed back to it.
 *
 * <p>A healthy rollout, step by step ({@link #stepsToSuccess()} of them):
 * <ol>
 *   <li>start: canary scaled up, pre-rollout hooks called;</li>
 *   <li>the preview begins: no live traffic on the canary (with {@code mirror}, a copy of
 *       {@code mirrorWeight} percent of it);</li>
 *   <li>{@code iterations} analyses; the last pass (once confirm-promotion is open) switches all
 *       traffic to the canary;</li>
 *   <li>{@code postPromotionIterations} analyses at 100% on the canary (one plain step when 0);
 *       the last one copies the canary template to stable;</li>
 *   <li>once stable is ready, all traffic back to stable;</li>
 *   <li>after {@code scaleDownDelay}, canary scaled to zero, post-rollout hooks: Succeeded.</li>
 * </ol>
 * With {@code autoPromotion} off, step 3 ends in AwaitingPromotion instead, the preview still
 * analysed, until an operator's {@code promote} switches.
 * Preview failures count towards the analysis threshold, as in Flagger. A failure after the
 * switch rolls back at once whatever the threshold: live users are on the new version, and stable
 * still runs the old one until the template is copied, so switching back is instant and safe.
 */
public final class BlueGreenStrategy extends BuiltInMovement {

    /** Analyses in the preview: 10. */
    public static final int DEFAULT_ITERATIONS = 10;
    /** The most iterations allowed: 1000. */
    public static final int MAX_ITERATIONS = 1000;
    /** Percent of stable traffic copied to the canary in the preview when mirroring: 100, Flagger's. */
    public static final int DEFAULT_MIRROR_WEIGHT = 100;
    /** Analyses with all traffic on the new version before its template is copied to stable: 1. */
    public static final int DEFAULT_POST_PROMOTION_ITERATIONS = 1;
    /** The most post-promotion iterations allowed: 100. */
    public static final int MAX_POST_PROMOTION_ITERATIONS = 100;
    /** How long the canary keeps running after traffic is back on stable: 30 seconds, Argo Rollouts' default. */
    public static final Duration DEFAULT_SCALE_DOWN_DELAY = Duration.ofSeconds(30);
    /** The longest scale-down delay: 24 hours, the longest analysis interval. */
    public static final Duration MAX_SCALE_DOWN_DELAY = Duration.ofHours(24);

    private static final int PREVIEW = 0;
    private static final int POST_PROMOTION = 0;
    private static final int STABLE_ROLLOUT = 1;
    private static final int SCALE_DOWN_DELAY = 2;

    private final int iterations;
    private final boolean mirror;
    private final int mirrorWeight;
    private final int postPromotionIterations;
    private final Duration scaleDownDelay;
    private final boolean autoPromotion;

    /** Called by {@link BlueGreenStrategyBuilder#build()} with validated values. */
    BlueGreenStrategy(AnalysisPolicy analysis, int iterations, boolean mirror, int mirrorWeight,
            int postPromotionIterations, Duration scaleDownDelay, boolean autoPromotion) {
        super(analysis, false);
        this.iterations = iterations;
        this.mirror = mirror;
        this.mirrorWeight = mirrorWeight;
        this.postPromotionIterations = postPromotionIterations;
        this.scaleDownDelay = scaleDownDelay;
        this.autoPromotion = autoPromotion;
    }

    /** A builder holding every default (see {@link #ofDefaults()}). */
    public static BlueGreenStrategyBuilder builder() {
        return new BlueGreenStrategyBuilder();
    }

    /**
     * Ten preview iterations, no mirror, one post-promotion iteration, a 30-second scale-down
     * delay, and {@link AnalysisPolicy#ofDefaults()} (one-minute interval, threshold 1).
     */
    public static BlueGreenStrategy ofDefaults() {
        return builder().build();
    }

    @Override
    public StrategyKind kind() {
        return StrategyKind.BLUE_GREEN;
    }

    /** Passed analyses needed in the preview before the switch. */
    public int iterations() {
        return iterations;
    }

    /** Whether the canary gets a copy of live traffic during the preview. */
    public boolean mirror() {
        return mirror;
    }

    /** Percent of live traffic copied to the canary during the preview, when {@link #mirror()}. */
    public int mirrorWeight() {
        return mirrorWeight;
    }

    /** Passed analyses needed after the switch before the template is copied to stable; 0 skips them. */
    public int postPromotionIterations() {
        return postPromotionIterations;
    }

    /** How long the canary keeps running once traffic is back on stable. */
    public Duration scaleDownDelay() {
        return scaleDownDelay;
    }

    /**
     * Whether the switch happens once the preview passes; when {@code false} the rollout waits in
     * AwaitingPromotion, still analysed, until an operator's {@code promote}.
     */
    public boolean autoPromotion() {
        return autoPromotion;
    }

    /**
     * {@code 1 + 1 + iterations + max(postPromotionIterations, 1) + 1 + max(1, ceil(scaleDownDelay / interval))}.
     * Flagger takes {@code iterations + 5} for the same spec (one post-promotion interval, a delay
     * of at most one interval).
     */
    @Override
    public int stepsToSuccess() {
        long delaySteps = Math.max(1, ceilDiv(scaleDownDelay, analysis().interval()));
        long steps = 3L + iterations + Math.max(postPromotionIterations, 1) + delaySteps;
        return (int) Math.min(Integer.MAX_VALUE, steps);
    }

    /** The preview's mirror ({@code mirrorWeight}) when {@code mirror}, and the all-at-once switch: weights 0 and 100 only. */
    @Override
    public TrafficNeeds trafficNeeds() {
        return BuiltInTrafficNeeds.blueGreen(this);
    }

    /** The preview: no live traffic on the canary, {@code mirrorWeight} mirrored to it when {@code mirror}. */
    TrafficSplit previewSplit() {
        return mirror ? TrafficSplit.allStable().withMirror(mirrorWeight) : TrafficSplit.allStable();
    }

    /** The switch: every live request to the new version, mirror off. */
    TrafficSplit switchSplit() {
        return TrafficSplit.allCanary();
    }

    @Override
    boolean analysisDue(RolloutState state) {
        if (state.phase() == Phase.PROGRESSING) {
            return state.stepIndex() >= PREVIEW;
        }
        if (state.phase() == Phase.AWAITING_PROMOTION && !autoPromotion) {
            // waiting for a person: the preview goes on being judged, so a regression still rolls back
            return true;
        }
        return state.phase() == Phase.PROMOTING && state.stepIndex() == POST_PROMOTION && postPromotionIterations > 0;
    }

    @Override
    Transition progress(RolloutState state, Observation obs) {
        if (!obs.isReady(Track.CANARY)) {
            return waitReady(state, Track.CANARY);
        }
        if (state.stepIndex() < PREVIEW) {
            return beginPreview(state, obs);
        }
        return iterate(state, obs, iterations, "Preview of " + state.revision());
    }

    /** Pre-rollout hooks, then the preview: no live traffic on the canary, optionally a mirror. */
    private Transition beginPreview(RolloutState state, Observation obs) {
        String preRollout = preRolloutFailure(obs);
        if (preRollout != null) {
            return failed(state, obs, AnalysisOutcome.NONE, preRollout,
                    List.of(new Action.CallWebhook(HookType.PRE_ROLLOUT)));
        }
        TrafficSplit split = previewSplit();
        RolloutState next = state.withSplit(split).atStep(PREVIEW, obs.now())
                .withCounters(0, state.failedAnalyses(), 0);
        String why = "preview of " + state.revision() + (mirror ? ", mirroring " + mirrorWeight + "% to it" : "")
                + ", no live traffic";
        List<Action> actions = mirror
                ? List.of(new Action.SetTraffic(split), Action.Emit.info("Preview started: " + why))
                : List.of(Action.Emit.info("Preview started: " + why));
        return new Transition(next, actions, Decision.ADVANCE, AnalysisOutcome.NONE, why,
                lookAgain(next, analysisDue(next)));
    }

    /** The switch: every live request to the new version, mirror off; the post-promotion window opens. */
    @Override
    Transition promote(RolloutState state, Observation obs, AnalysisOutcome outcome) {
        if (!autoPromotion && !obs.has(Command.PROMOTE) && !obs.has(Command.PROMOTE_FULL)) {
            RolloutState waiting = state.withPhase(Phase.AWAITING_PROMOTION);
            String why = join(outcome == AnalysisOutcome.NONE ? "" : passReason(obs),
                    "preview passed; waiting for an operator's promote (autoPromotion is off)");
            List<Action> actions = state.phase() == Phase.AWAITING_PROMOTION ? List.of()
                    : List.of(Action.Emit.info("Awaiting promotion: " + why));
            return new Transition(waiting, actions, Decision.WAIT, outcome, why,
                    lookAgain(waiting, analysisDue(waiting)));
        }
        TrafficSplit split = switchSplit();
        RolloutState switched = state.withPhase(Phase.PROMOTING).withSplit(split).atStep(POST_PROMOTION, obs.now())
                .withCounters(0, state.failedAnalyses(), 0);
        String why = join(outcome == AnalysisOutcome.NONE ? "" : passReason(obs),
                "switching all traffic to " + state.revision());
        return new Transition(switched, List.of(new Action.SetTraffic(split), Action.Emit.info("Promoting: " + why)),
                Decision.PROMOTE, outcome, why, lookAgain(switched, analysisDue(switched)));
    }

    @Override
    Transition promoting(RolloutState state, Observation obs) {
        return switch (state.stepIndex()) {
            case POST_PROMOTION -> postPromotion(state, obs);
            case STABLE_ROLLOUT -> routeBackToStable(state, obs);
            default -> scaleDownAfterDelay(state, obs);
        };
    }

    /** All traffic on the new version: judge it; a failure switches back at once. */
    private Transition postPromotion(RolloutState state, Observation obs) {
        if (postPromotionIterations == 0 || obs.has(Command.PROMOTE_FULL)) {
            return copyToStable(state, obs, AnalysisOutcome.NONE, obs.has(Command.PROMOTE_FULL)
                    ? "promoted fully by operator" : "");
        }
        Transition notPassed = skipsAnalysis(obs) ? null : judgeLive(state, obs);
        if (notPassed != null) {
            return notPassed;
        }
        AnalysisOutcome outcome = skipsAnalysis(obs) ? AnalysisOutcome.NONE : AnalysisOutcome.PASS;
        int count = state.passedAnalyses() + 1;
        String why = join(passReason(obs), "post-promotion iteration " + count + " of " + postPromotionIterations);
        if (count >= postPromotionIterations) {
            return copyToStable(state, obs, outcome, why);
        }
        RolloutState passed = state.withCounters(count, state.failedAnalyses(), 0);
        return new Transition(passed, List.of(Action.Emit.info("Post-promotion: " + why)), Decision.CONTINUE,
                outcome, why, lookAgain(passed, analysisDue(passed)));
    }

    /**
     * Judges an analysis with live users on the new version: a failure, or no data beyond the
     * hold allowance, switches back regardless of the threshold; no data within it holds.
     * Returns null when the analysis passed.
     */
    private @Nullable Transition judgeLive(RolloutState state, Observation obs) {
        AnalysisOutcome outcome = AnalysisOutcome.combine(obs.verdicts(), analysis().expectedVerdicts());
        if (outcome == AnalysisOutcome.PASS) {
            return null;
        }
        if (outcome == AnalysisOutcome.HOLD) {
            return held(state, "post-promotion: " + describe(obs));
        }
        int noData = outcome == AnalysisOutcome.NO_DATA ? state.noDataIntervals() + 1 : 0;
        RolloutState counted = state.withCounters(state.passedAnalyses(), state.failedAnalyses(), noData);
        if (outcome == AnalysisOutcome.NO_DATA && !analysis().noData().countsAsFailure(noData)) {
            String why = "post-promotion: no data (" + noData + " of " + analysis().noData().holdIntervals()
                    + " intervals held): " + describe(obs);
            return new Transition(counted, List.of(Action.Emit.info("Hold: " + why)), Decision.HOLD, outcome, why,
                    lookAgain(counted, true));
        }
        String why = (outcome == AnalysisOutcome.FAIL ? "post-promotion analysis failed: "
                : "post-promotion: no data for " + noData + " intervals in a row: ") + describe(obs)
                + "; switching all traffic back to stable";
        RolloutState failed = counted.withCounters(counted.passedAnalyses(), counted.failedAnalyses() + 1, noData);
        return endOnStable(failed, obs, Phase.ROLLED_BACK, Decision.ROLL_BACK, outcome, why);
    }

    /** The new version held up with all traffic: copy its template to stable. */
    private Transition copyToStable(RolloutState state, Observation obs, AnalysisOutcome outcome, String reason) {
        RolloutState next = state.atStep(STABLE_ROLLOUT, obs.now()).withCounters(0, state.failedAnalyses(), 0);
        String why = join(reason, "copying the template of " + state.revision() + " to stable");
        return new Transition(next, List.of(new Action.PromoteCanary(state.revision()),
                Action.Emit.info("Promoting: " + why)), Decision.PROMOTE, outcome, why, lookAgain(next, false));
    }

    /** Once stable runs the new template, route every request back to it. */
    private Transition routeBackToStable(RolloutState state, Observation obs) {
        if (!obs.isReady(Track.STABLE)) {
            return waitReady(state, Track.STABLE);
        }
        TrafficSplit split = TrafficSplit.allStable();
        RolloutState next = state.withSplit(split).atStep(SCALE_DOWN_DELAY, obs.now());
        return new Transition(next, List.of(new Action.SetTraffic(split),
                Action.Emit.info("Routing all traffic to the promoted stable track")),
                Decision.FINALIZE, AnalysisOutcome.NONE, "all traffic back on stable", lookAgain(next, false));
    }

    /** Keep the canary for {@code scaleDownDelay} (clients and proxies may still hold it), then finish. */
    private Transition scaleDownAfterDelay(RolloutState state, Observation obs) {
        Duration elapsed = Duration.between(state.stepStartedAt(), obs.now());
        if (elapsed.compareTo(scaleDownDelay) < 0) {
            return new Transition(state, List.of(), Decision.WAIT, AnalysisOutcome.NONE,
                    "scale-down delay: " + elapsed + " of " + scaleDownDelay, lookAgain(state, false));
        }
        return succeed(state, obs);
    }


    private static long ceilDiv(Duration dividend, Duration divisor) {
        long quotient = dividend.dividedBy(divisor);
        return divisor.multipliedBy(quotient).equals(dividend) ? quotient : quotient + 1;
    }

    @Override
    public String toString() {
        return "BlueGreenStrategy[iterations " + iterations + ", mirror " + (mirror ? mirrorWeight + "%" : "off")
                + ", postPromotionIterations " + postPromotionIterations + ", scaleDownDelay " + scaleDownDelay
                + (autoPromotion ? "" : ", promoted by an operator")
                + ", analysis every " + analysis().interval() + ", threshold " + analysis().threshold() + "]";
    }
}
