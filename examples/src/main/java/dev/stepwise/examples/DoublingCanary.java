package dev.stepwise.examples;

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
import dev.stepwise.strategy.LifecycleStrategy;
import dev.stepwise.strategy.Movement;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficNeeds;
import dev.stepwise.traffic.TrafficSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A strategy of your own, written with the public lifecycle: a canary that doubles its weight
 * after every passed analysis (1, 2, 4, ... up to {@code maxWeight}), then promotes. Only the
 * movement is written here; gates, hooks, operator commands, the no-data policy, the threshold,
 * promotion and rollback come from {@link LifecycleStrategy}. See
 * {@code src/site/markdown/writing-a-strategy.md}.
 */
public final class DoublingCanary implements Movement {

    private final List<Integer> weights;

    private DoublingCanary(int maxWeight) {
        if (maxWeight < 1 || maxWeight > 100) {
            throw new IllegalArgumentException("maxWeight: " + maxWeight + " must be between 1 and 100");
        }
        List<Integer> all = new ArrayList<>();
        for (int w = 1; w < maxWeight; w *= 2) {
            all.add(w);
        }
        all.add(maxWeight);
        this.weights = List.copyOf(all);
    }

    /** The doubling canary up to {@code maxWeight} (1..100), judged by {@code analysis}. */
    public static LifecycleStrategy upTo(int maxWeight, AnalysisPolicy analysis) {
        return LifecycleStrategy.of(analysis, new DoublingCanary(maxWeight));
    }

    /** The canary weights, one per analysis: 1, 2, 4, ... maxWeight. */
    public List<Integer> weights() {
        return weights;
    }

    @Override
    public Transition progress(RolloutState state, Observation obs, LifecycleStrategy lifecycle) {
        if (!obs.isReady(Track.CANARY)) {
            return lifecycle.waitReady(state, Track.CANARY);
        }
        AnalysisOutcome outcome = AnalysisOutcome.NONE;
        if (analysisDue(state)) {
            Optional<Transition> notPassed = lifecycle.judge(state, obs); // holds or rolls back as configured
            if (notPassed.isPresent()) {
                return notPassed.get();
            }
            outcome = LifecycleStrategy.skipsAnalysis(obs) ? AnalysisOutcome.NONE : AnalysisOutcome.PASS;
        } else {
            Optional<String> preRollout = lifecycle.preRolloutFailure(obs); // before the first shift
            if (preRollout.isPresent()) {
                return lifecycle.failed(state, obs, AnalysisOutcome.NONE, preRollout.get(),
                        List.of(new Action.CallWebhook(HookType.PRE_ROLLOUT)));
            }
        }
        RolloutState passed = state.withCounters(state.passedAnalyses(), state.failedAnalyses(), 0);
        int index = state.stepIndex() + 1;
        if (index == weights.size() || obs.has(Command.PROMOTE_FULL)) {
            return lifecycle.awaitPromotion(passed, obs, outcome);
        }
        if (!lifecycle.gateOpen(HookType.CONFIRM_TRAFFIC_INCREASE, obs)) {
            return new Transition(passed, List.of(), Decision.WAIT, outcome, "waiting for confirm-traffic-increase",
                    lifecycle.lookAgain(passed, analysisDue(passed)));
        }
        TrafficSplit split = TrafficSplit.canary(weights.get(index));
        RolloutState next = passed.withSplit(split).atStep(index, obs.now());
        return new Transition(next, List.of(new Action.SetTraffic(split),
                Action.Emit.info("Doubling canary weight to " + split.canary() + "%")),
                Decision.ADVANCE, outcome, "canary weight " + split.canary() + "%", lifecycle.lookAgain(next, true));
    }

    @Override
    public Transition promoting(RolloutState state, Observation obs, LifecycleStrategy lifecycle) {
        if (!obs.isReady(Track.STABLE)) {
            return lifecycle.waitReady(state, Track.STABLE);
        }
        if (state.split().isAllStable()) {
            return lifecycle.succeed(state, obs);
        }
        TrafficSplit split = TrafficSplit.allStable();
        RolloutState next = state.withSplit(split).atStep(state.stepIndex() + 1, obs.now());
        return new Transition(next, List.of(new Action.SetTraffic(split)), Decision.FINALIZE, AnalysisOutcome.NONE,
                "all traffic on the promoted stable track", lifecycle.lookAgain(next, false));
    }

    /** Judge whenever the canary serves traffic, also while awaiting promotion. */
    @Override
    public boolean analysisDue(RolloutState state) {
        boolean judging = state.phase() == Phase.PROGRESSING || state.phase() == Phase.AWAITING_PROMOTION;
        return judging && state.split().canary() > 0;
    }

    /** Start, first shift, one analysis per weight (the last promotes), route back, scale down. */
    @Override
    public int stepsToSuccess(AnalysisPolicy analysis) {
        return weights.size() + 4;
    }

    /** Every weight it writes, and the route back (0 and 100, always included). */
    @Override
    public TrafficNeeds trafficNeeds() {
        TrafficNeeds.Builder needs = TrafficNeeds.builder("the doubling canary");
        for (int i = 0; i < weights.size(); i++) {
            needs.split(TrafficSplit.canary(weights.get(i)), "weights[" + i + "]");
        }
        return needs.build();
    }

    /** It raises live traffic in steps, so it asks for confirm-traffic-increase too. */
    @Override
    public Set<HookType> progressingGates() {
        return Set.of(HookType.CONFIRM_TRAFFIC_INCREASE, HookType.CONFIRM_PROMOTION);
    }

    @Override
    public String toString() {
        return "DoublingCanary" + weights;
    }
}
