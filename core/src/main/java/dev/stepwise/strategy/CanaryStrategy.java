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
import java.util.List;
import java.util.Optional;

/**
 * Progressive canary, as Flagger runs it: the canary's weight rises one step per analysis
 * interval while analysis passes; at the last weight the canary is promoted and traffic routed
 * back to stable (which now runs the new revision) at once or in {@code stepWeightPromotion} steps.
 *
 * <p>A healthy rollout, step by step ({@link #stepsToSuccess()} of them):
 * <ol>
 *   <li>start: canary (and baseline) scaled up, pre-rollout hooks called, weight 0;</li>
 *   <li>first shift to the first weight (after one mirror-only step when {@code mirror});</li>
 *   <li>one analysis per weight; each pass moves to the next weight, the pass at the last weight
 *       promotes (copies the canary template to stable);</li>
 *   <li>traffic back to stable: one step, or {@code ceil(lastWeight / stepWeightPromotion)};</li>
 *   <li>canary scaled to zero, post-rollout hooks: Succeeded.</li>
 * </ol>
 * Failed analyses count over the whole rollout; the one that reaches {@code threshold} rolls back
 * in the same step (Flagger waits one more interval). Weights never exceed {@code maxWeight}
 * (Flagger caps at 100 only, so {@code stepWeight: 20, maxWeight: 50} reaches 60 there; here
 * the steps are 20, 40, 50).
 */
public final class CanaryStrategy extends BuiltInMovement {

    /** Flagger's default when neither {@code stepWeight} nor {@code stepWeights} is given: none; ours: 10. */
    public static final int DEFAULT_STEP_WEIGHT = 10;
    /** Flagger's default: 100. */
    public static final int DEFAULT_MAX_WEIGHT = 100;
    /** Percent of stable traffic copied to the canary during the mirror step: 100, Flagger's default. */
    public static final int DEFAULT_MIRROR_WEIGHT = 100;

    private final List<Integer> weights;
    private final int stepWeightPromotion;
    private final boolean mirror;
    private final int mirrorWeight;
    private final boolean baseline;
    private final boolean explicitWeights;

    /** Called by {@link CanaryStrategyBuilder#build()} with validated values. */
    CanaryStrategy(AnalysisPolicy analysis, List<Integer> weights, boolean explicitWeights,
            int stepWeightPromotion, boolean mirror, int mirrorWeight, boolean baseline) {
        super(analysis, baseline);
        this.weights = List.copyOf(weights);
        this.stepWeightPromotion = stepWeightPromotion;
        this.mirror = mirror;
        this.mirrorWeight = mirrorWeight;
        this.baseline = baseline;
        this.explicitWeights = explicitWeights;
    }

    /** A builder holding every default (see {@link #ofDefaults()}). */
    public static CanaryStrategyBuilder builder() {
        return new CanaryStrategyBuilder();
    }

    /** Steps of 10 up to 100, one-minute interval, threshold 1, no mirror, no baseline. */
    public static CanaryStrategy ofDefaults() {
        return builder().build();
    }

    @Override
    public StrategyKind kind() {
        return StrategyKind.CANARY;
    }

    /** The canary weights, ascending, one per analysis step. */
    public List<Integer> weights() {
        return weights;
    }

    public int maxWeight() {
        return weights.get(weights.size() - 1);
    }

    public int stepWeightPromotion() {
        return stepWeightPromotion;
    }

    public boolean mirror() {
        return mirror;
    }

    public int mirrorWeight() {
        return mirrorWeight;
    }

    public boolean baseline() {
        return baseline;
    }

    @Override
    public int stepsToSuccess() {
        int routeBack = stepWeightPromotion == 0 ? 1 : ceilDiv(maxWeight(), stepWeightPromotion);
        return 1 + (mirror ? 1 : 0) + 1 + weights.size() + routeBack + 1;
    }

    /**
     * The mirror step ({@code mirrorWeight}) when {@code mirror}, every weight (with the baseline's
     * when {@code baseline}), and the route back to stable in {@code stepWeightPromotion} steps from
     * maxWeight, or from any weight an operator's {@code promote-full} promotes at.
     */
    @Override
    public TrafficNeeds trafficNeeds() {
        return BuiltInTrafficNeeds.canary(this);
    }

    /** Whether the weights were given as {@code stepWeights} rather than {@code stepWeight}. */
    boolean explicitWeights() {
        return explicitWeights;
    }

    @Override
    HookType[] progressingGates() {
        return new HookType[] {HookType.CONFIRM_TRAFFIC_INCREASE, HookType.CONFIRM_PROMOTION};
    }

    @Override
    boolean analysisDue(RolloutState state) {
        boolean judging = state.phase() == Phase.PROGRESSING || state.phase() == Phase.AWAITING_PROMOTION;
        return judging && (state.split().canary() > 0 || state.split().mirrorPercent() > 0);
    }

    @Override
    Transition progress(RolloutState state, Observation obs) {
        if (!obs.isReady(Track.CANARY)) {
            return waitReady(state, Track.CANARY);
        }
        if (baseline && !obs.isReady(Track.BASELINE)) {
            return waitReady(state, Track.BASELINE);
        }
        AnalysisOutcome outcome = AnalysisOutcome.NONE;
        if (analysisDue(state)) {
            Optional<Transition> notPassed = judge(state, obs);
            if (notPassed.isPresent()) {
                return notPassed.get();
            }
            outcome = obs.has(Command.PROMOTE) || obs.has(Command.PROMOTE_FULL) ? AnalysisOutcome.NONE : AnalysisOutcome.PASS;
        } else {
            String preRollout = preRolloutFailure(obs);
            if (preRollout != null) {
                return failed(state, obs, AnalysisOutcome.NONE, preRollout,
                        List.of(new Action.CallWebhook(HookType.PRE_ROLLOUT)));
            }
        }
        RolloutState passed = state.withCounters(state.passedAnalyses(), state.failedAnalyses(), 0);
        boolean last = state.stepIndex() == weights.size() - 1;
        if (last || obs.has(Command.PROMOTE_FULL)) {
            return awaitPromotion(passed, obs, outcome);
        }
        boolean mirrored = state.split().mirrorPercent() > 0;
        // Flagger skips confirm-traffic-increase when leaving the mirror step: the gate guards
        // live traffic, and the mirror step already had it.
        if (!mirrored && !gateOpen(HookType.CONFIRM_TRAFFIC_INCREASE, obs)) {
            return new Transition(passed, List.of(), Decision.WAIT, outcome,
                    join(passReason(obs, outcome), "waiting for confirm-traffic-increase"), lookAgain(passed, analysisDue(passed)));
        }
        if (mirror && state.stepIndex() == -1 && !mirrored) {
            TrafficSplit mirroring = mirroringSplit();
            RolloutState next = passed.withSplit(mirroring).atStep(-1, obs.now());
            return new Transition(next, List.of(new Action.SetTraffic(mirroring),
                    Action.Emit.info("Mirroring " + mirrorWeight + "% of traffic to the canary")),
                    Decision.ADVANCE, outcome, join(passReason(obs, outcome), "mirroring " + mirrorWeight + "% to the canary"),
                    lookAgain(next, true));
        }
        int index = state.stepIndex() + 1;
        TrafficSplit split = splitAt(weights.get(index));
        RolloutState next = passed.withSplit(split).atStep(index, obs.now());
        return new Transition(next, List.of(new Action.SetTraffic(split),
                Action.Emit.info("Advance canary weight to " + split.canary() + "%")),
                Decision.ADVANCE, outcome, join(passReason(obs, outcome), "canary weight " + split.canary() + "%"),
                lookAgain(next, true));
    }

    @Override
    Transition promoting(RolloutState state, Observation obs) {
        if (!obs.isReady(Track.STABLE)) {
            return waitReady(state, Track.STABLE);
        }
        if (state.split().isAllStable()) {
            return succeed(state, obs);
        }
        TrafficSplit split = routeBack(state.split());
        RolloutState next = state.withSplit(split).atStep(state.stepIndex() + 1, obs.now());
        return new Transition(next, List.of(new Action.SetTraffic(split),
                Action.Emit.info("Routing traffic to the promoted stable track: " + split)),
                Decision.FINALIZE, AnalysisOutcome.NONE, "stable weight " + split.stable() + "%", lookAgain(next, false));
    }

    /** The split at canary weight {@code weight}, with the baseline's when configured. */
    TrafficSplit splitAt(int weight) {
        return baseline ? TrafficSplit.canaryWithBaseline(weight) : TrafficSplit.canary(weight);
    }

    /** The mirror step: stable serves everything, the canary gets a copy of {@code mirrorWeight}. */
    TrafficSplit mirroringSplit() {
        return TrafficSplit.allStable().withMirror(mirrorWeight);
    }

    /** One step of the route back to the promoted stable track from {@code from}. */
    TrafficSplit routeBack(TrafficSplit from) {
        // The baseline runs the old version: it leaves the split at the first route-back step.
        int canary = stepWeightPromotion == 0 ? 0 : Math.max(0, from.canary() - stepWeightPromotion);
        return TrafficSplit.canary(canary);
    }

    private static String passReason(Observation obs, AnalysisOutcome outcome) {
        if (outcome == AnalysisOutcome.NONE && !obs.has(Command.PROMOTE) && !obs.has(Command.PROMOTE_FULL)) {
            return "";
        }
        return passReason(obs);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Override
    public String toString() {
        return "CanaryStrategy[weights " + weights + ", stepWeightPromotion " + stepWeightPromotion
                + ", mirror " + (mirror ? mirrorWeight + "%" : "off") + ", baseline " + baseline
                + ", analysis every " + analysis().interval() + ", threshold " + analysis().threshold() + "]";
    }
}
