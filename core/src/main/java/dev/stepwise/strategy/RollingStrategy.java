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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rolling update with analysis: the new revision replaces the old one in batches of replicas, as
 * a Kubernetes rolling update does, but the rollout stops at every batch until its analysis
 * passes. The canary track holds the new revision's pods, the stable track the old one's; every
 * share below is a percent of the target's desired replicas. Traffic follows ready pods: without
 * a mesh the Service does it; with one, the weights are set to the canary's ready share whenever
 * it changes, so that both agree.
 *
 * <p><b>Batches</b> (default {@code [25, 50, 100]}): the canary shares at which the analysis runs,
 * strictly ascending, the last one 100. A pass moves on to the next batch; the pass at 100%
 * promotes.
 *
 * <p><b>maxSurge and maxUnavailable.</b> Between two batches the replicas move in sub-steps of at
 * most {@code maxSurge + maxUnavailable} percent, one step each. A sub-step from {@code c}
 * (canary, all ready) towards the batch {@code t} goes to {@code n = min(t, c + maxSurge +
 * maxUnavailable)}: first the stable track is scaled down to {@code 100 - c - min(maxUnavailable,
 * n - c)} (when that is lower than it is), then the canary up to {@code n}. The next step waits
 * until the canary is ready, then sets traffic to {@code n}, scales stable to {@code 100 - n}
 * (or straight to where the next sub-step starts) and begins the next sub-step. So at every
 * moment of a rollout, promotion included (rollback and abort excepted, see below):
 * <ul>
 *   <li>the pods that exist are at most {@code 100 + maxSurge} percent: {@code maxSurge}
 *       (0..100, default {@value #DEFAULT_MAX_SURGE}, Kubernetes' default) is the extra capacity
 *       a rollout may use;</li>
 *   <li>the available pods are at least {@code 100 - maxUnavailable} percent: {@code
 *       maxUnavailable} (0..100, default {@value #DEFAULT_MAX_UNAVAILABLE}: never fewer ready pods
 *       than desired; Kubernetes' default is 25) is the capacity a rollout may take away.</li>
 * </ul>
 * {@code maxSurge 25, maxUnavailable 0} adds new pods first and removes old ones once they are
 * ready; {@code maxSurge 0, maxUnavailable 25} removes old pods first and needs no spare capacity
 * (for quota-bound namespaces). Both 0 is rejected, as Kubernetes does: nothing could move. The
 * engine rounds each track up to whole pods, so availability is never lower than the bound, and
 * the pods that exist may exceed it by one pod. A step moves only when both tracks are ready:
 * the availability bound counts the stable pods as available.
 *
 * <p><b>A healthy rollout</b>, step by step ({@link #stepsToSuccess()} of them:
 * {@code 2 + B + sum(ceil((b[i] - b[i-1]) / k)) + ceil(100 / k)}, with {@code B} batches
 * {@code b[1..B]}, {@code b[0] = 0} and {@code k = maxSurge + maxUnavailable}):
 * <ol>
 *   <li>start: confirm-rollout, stable confirmed at 100% (which restores it after a restart in the
 *       middle of a rollout), pre-rollout hooks called; nothing new scaled yet;</li>
 *   <li>pre-rollout results checked, confirm-traffic-increase, first sub-step of the first batch;</li>
 *   <li>{@code ceil((b[i] - b[i-1]) / k)} steps per batch, each finding the canary ready, setting
 *       traffic and beginning the next sub-step; the last one reaches the batch;</li>
 *   <li>one analysis per batch: a pass begins the next batch (after confirm-traffic-increase) in
 *       the same step; the pass at 100% waits for confirm-promotion and promotes: the canary's
 *       template is copied to stable and the replicas move back the same way, stable growing;</li>
 *   <li>{@code ceil(100 / k)} promotion steps; the last routes all traffic to stable, scales the
 *       canary to zero and calls post-rollout hooks: Succeeded.</li>
 * </ol>
 * The promotion keeps to the budget too, which is why it is not one step: scaling stable to 100%
 * next to a full canary would need twice the pods, and with {@code maxSurge} below 100 under a
 * pod quota those pods would never start and the promotion would wait forever.
 *
 * <p><b>Failures and commands.</b> A failed (or, past the no-data policy, empty) analysis holds
 * at the batch and retries; the one reaching {@code threshold} rolls back. Rollback and abort
 * are one step, as for every strategy, and so keep to neither bound: stable is scaled back to
 * 100% first, then all traffic goes to it and the canary is scaled to zero. Until the restored
 * stable pods are ready, only the {@code 100 - c} old ones serve. {@code promote}
 * skips the analysis of the batch reached (during a move there is none, and it is ignored);
 * {@code promote-full} promotes from where the rollout stands, after the sub-step in flight
 * settles. Pause, resume, abort and retry work as for every strategy.
 */
public final class RollingStrategy extends BuiltInMovement {

    /** Three batches: a quarter, half, all. */
    public static final List<Integer> DEFAULT_BATCHES = List.of(25, 50, 100);
    /** Kubernetes' default: 25. */
    public static final int DEFAULT_MAX_SURGE = 25;
    /** 0: no capacity lost during a rollout. Kubernetes' default is 25. */
    public static final int DEFAULT_MAX_UNAVAILABLE = 0;

    private final List<Integer> batches;
    private final int maxSurge;
    private final int maxUnavailable;
    private final BatchMove forward;
    private final BatchMove back;

    /** Called by {@link RollingStrategyBuilder#build()} with validated values. */
    RollingStrategy(AnalysisPolicy analysis, List<Integer> batches, int maxSurge, int maxUnavailable) {
        super(analysis, false);
        this.batches = List.copyOf(batches);
        this.maxSurge = maxSurge;
        this.maxUnavailable = maxUnavailable;
        this.forward = BatchMove.forward(maxSurge, maxUnavailable);
        this.back = BatchMove.promotion(maxSurge, maxUnavailable);
    }

    /** A builder holding every default (see {@link #ofDefaults()}). */
    public static RollingStrategyBuilder builder() {
        return new RollingStrategyBuilder();
    }

    /** Batches [25, 50, 100], maxSurge 25, maxUnavailable 0, default analysis. */
    public static RollingStrategy ofDefaults() {
        return builder().build();
    }

    @Override
    public StrategyKind kind() {
        return StrategyKind.ROLLING;
    }

    /** The canary shares at which the analysis runs, ascending, ending at 100. */
    public List<Integer> batches() {
        return batches;
    }

    /** Percent of desired replicas that may exist above desired during a move. */
    public int maxSurge() {
        return maxSurge;
    }

    /** Percent of desired replicas that may be unavailable during a move. */
    public int maxUnavailable() {
        return maxUnavailable;
    }

    @Override
    public int stepsToSuccess() {
        int moves = 0;
        int previous = 0;
        for (int batch : batches) {
            moves += forward.subSteps(previous, batch);
            previous = batch;
        }
        return 2 + batches.size() + moves + back.subSteps(0, 100);
    }

    /**
     * Percent weights: traffic follows the canary's ready share through every sub-step towards
     * every batch, and the promoted stable's share through the promotion's sub-steps (from any
     * position an operator's {@code promote-full} stops at).
     */
    @Override
    public TrafficNeeds trafficNeeds() {
        return BuiltInTrafficNeeds.rolling(batches, forward, back);
    }

    /** It waits for confirm-traffic-increase before every batch, so it asks for it (found by StrategyCompatibilityKit). */
    @Override
    HookType[] progressingGates() {
        return new HookType[] {HookType.CONFIRM_TRAFFIC_INCREASE, HookType.CONFIRM_PROMOTION};
    }

    @Override
    boolean analysisDue(RolloutState state) {
        return state.phase() == Phase.PROGRESSING && atBatch(state);
    }

    private boolean atBatch(RolloutState state) {
        return state.stepIndex() >= 0 && state.split().canary() == batches.get(state.stepIndex());
    }

    /** Stable stays whole; the first batch begins at the next step, after the pre-rollout hooks. */
    @Override
    List<Action> scaleUpOnStart(RolloutState state) {
        return List.of(new Action.ScaleTrack(Track.STABLE, 100));
    }

    @Override
    Transition progress(RolloutState state, Observation obs) {
        if (!obs.isReady(Track.CANARY)) {
            return waitReady(state, Track.CANARY);
        }
        if (!obs.isReady(Track.STABLE)) {
            return waitReady(state, Track.STABLE);
        }
        if (state.stepIndex() >= 0 && !atBatch(state)) {
            return settle(state, obs);
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
        String why = outcome == AnalysisOutcome.NONE && !obs.has(Command.PROMOTE) && !obs.has(Command.PROMOTE_FULL)
                ? "" : passReason(obs);
        if (state.stepIndex() == batches.size() - 1 || obs.has(Command.PROMOTE_FULL)) {
            return awaitPromotion(passed, obs, outcome);
        }
        if (!gateOpen(HookType.CONFIRM_TRAFFIC_INCREASE, obs)) {
            return new Transition(passed, List.of(), Decision.WAIT, outcome,
                    join(why, "waiting for confirm-traffic-increase"), lookAgain(passed, analysisDue(passed)));
        }
        return beginBatch(passed, obs, outcome, why);
    }

    /** The first sub-step towards the next batch. */
    private Transition beginBatch(RolloutState state, Observation obs, AnalysisOutcome outcome, String why) {
        int index = state.stepIndex() + 1;
        int at = state.split().canary();
        int target = batches.get(index);
        List<Action> actions = new ArrayList<>(forward.begin(at, target, 100 - at));
        actions.add(Action.Emit.info("Batch " + (index + 1) + " of " + batches.size() + ": moving to " + target
                + "% of replicas on revision " + state.revision() + ", " + forward.next(at, target) + "% first"));
        RolloutState next = state.atStep(index, obs.now());
        return new Transition(next, actions, Decision.ADVANCE, outcome,
                join(why, "batch " + target + "%: canary to " + forward.next(at, target) + "%"), lookAgain(next, false));
    }

    /** The canary is ready at the end of a sub-step: traffic follows it, the next sub-step begins. */
    private Transition settle(RolloutState state, Observation obs) {
        int at = state.split().canary();
        int reached = forward.next(at, batches.get(state.stepIndex()));
        // promote-full stops the move where it stands: settle, begin no further sub-step.
        int target = obs.has(Command.PROMOTE_FULL) ? reached : batches.get(state.stepIndex());
        List<Action> actions = new ArrayList<>(forward.settle(at, target));
        RolloutState next = state.withSplit(forward.split(reached)).atStep(state.stepIndex(), obs.now());
        if (obs.has(Command.PROMOTE_FULL)) {
            Transition promoted = awaitPromotion(next, obs, AnalysisOutcome.NONE);
            actions.addAll(promoted.actions());
            return new Transition(promoted.state(), actions, promoted.decision(), promoted.analysis(),
                    join("canary ready at " + reached + "%", promoted.reason()), promoted.next());
        }
        String where = reached == target ? "batch " + target + "% reached" : "canary to " + forward.next(reached, target) + "%";
        actions.add(Action.Emit.info("Canary ready at " + reached + "% of replicas; " + where));
        return new Transition(next, actions, Decision.ADVANCE, AnalysisOutcome.NONE,
                "canary ready at " + reached + "%; " + where, lookAgain(next, analysisDue(next)));
    }

    /** Copies the template to stable and begins moving the replicas back to it, within the budget. */
    @Override
    Transition promote(RolloutState state, Observation obs, AnalysisOutcome outcome) {
        Transition promoted = super.promote(state, obs, outcome);
        int at = back.share(state.split());
        List<Action> actions = new ArrayList<>();
        for (Action action : promoted.actions()) {
            actions.add(action);
            if (action instanceof Action.PromoteCanary) {
                // Stable must run the new template before it grows.
                actions.addAll(back.begin(at, 100, 100 - at));
            }
        }
        return new Transition(promoted.state(), actions, promoted.decision(), promoted.analysis(),
                promoted.reason(), promoted.next());
    }

    @Override
    Transition promoting(RolloutState state, Observation obs) {
        if (!obs.isReady(Track.STABLE)) {
            return waitReady(state, Track.STABLE);
        }
        if (!obs.isReady(Track.CANARY)) {
            return waitReady(state, Track.CANARY);
        }
        int at = back.share(state.split());
        int reached = back.next(at, 100);
        if (reached == 100) {
            Transition done = succeed(state, obs);
            List<Action> actions = new ArrayList<>();
            actions.add(new Action.SetTraffic(TrafficSplit.allStable()));
            actions.addAll(done.actions());
            return new Transition(done.state(), actions, done.decision(), done.analysis(), done.reason(), done.next());
        }
        List<Action> actions = new ArrayList<>(back.settle(at, 100));
        actions.add(Action.Emit.info("Promoted stable ready at " + reached + "% of replicas; stable to "
                + back.next(reached, 100) + "%"));
        RolloutState next = state.withSplit(back.split(reached)).atStep(state.stepIndex() + 1, obs.now());
        return new Transition(next, actions, Decision.FINALIZE, AnalysisOutcome.NONE,
                "stable ready at " + reached + "%", lookAgain(next, false));
    }

    /** Rollback and abort: stable back to 100% before anything else, then as every strategy. */
    @Override
    List<Action> beforeEndingOnStable(RolloutState state) {
        // Capacity first: the canary's pods go in this same step, and whatever serves next must exist.
        return List.of(new Action.ScaleTrack(Track.STABLE, 100));
    }

    @Override
    public String toString() {
        return "RollingStrategy[batches " + batches + ", maxSurge " + maxSurge + "%, maxUnavailable "
                + maxUnavailable + "%, analysis every " + analysis().interval() + ", threshold "
                + analysis().threshold() + "]";
    }
}
