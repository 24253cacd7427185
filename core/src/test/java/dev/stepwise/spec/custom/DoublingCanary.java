package dev.stepwise.spec.custom;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.traffic.TrafficNeeds;
import dev.stepwise.traffic.TrafficSplit;
import java.util.List;
import java.util.Set;

/**
 * A user's own strategy, written against the public {@link Strategy} interface only: the canary's
 * weight doubles each healthy interval (1, 2, 4, ... up to {@code maxWeight}), then it is promoted;
 * any verdict but a pass rolls back.
 */
public record DoublingCanary(int maxWeight, AnalysisPolicy analysis) implements Strategy {

    @Override
    public StrategyKind kind() {
        return StrategyKind.CUSTOM;
    }

    @Override
    public Transition step(RolloutState state, Observation observation) {
        if (state.phase().isTerminal()) {
            return new Transition(state, List.of(), Decision.NONE, AnalysisOutcome.NONE, "ended", NextLook.never());
        }
        if (observation.has(Command.ABORT)) {
            return end(state, Phase.ABORTED, Decision.ABORT, AnalysisOutcome.NONE, "aborted");
        }
        if (state.phase() == Phase.INITIALIZING) {
            return move(state.withPhase(Phase.PROGRESSING), 1, Decision.START, AnalysisOutcome.NONE);
        }
        if (state.phase() == Phase.PROMOTING) {
            return end(state, Phase.SUCCEEDED, Decision.SUCCEED, AnalysisOutcome.NONE, "promoted");
        }
        if (observation.verdicts().stream().anyMatch(v -> v.status() != Verdict.Status.PASS)) {
            return end(state, Phase.ROLLED_BACK, Decision.ROLL_BACK, AnalysisOutcome.FAIL, "a check did not pass");
        }
        int weight = state.split().canary();
        if (weight >= maxWeight) {
            return new Transition(state.withPhase(Phase.PROMOTING), List.of(new Action.PromoteCanary(state.revision())),
                    Decision.PROMOTE, AnalysisOutcome.PASS, "reached " + maxWeight + "%",
                    new NextLook(analysis.interval(), false, Set.of()));
        }
        return move(state, Math.min(weight * 2, maxWeight), Decision.ADVANCE, AnalysisOutcome.PASS);
    }

    private Transition move(RolloutState state, int weight, Decision decision, AnalysisOutcome outcome) {
        TrafficSplit split = TrafficSplit.canary(weight);
        return new Transition(state.withSplit(split), List.of(new Action.SetTraffic(split)), decision, outcome,
                "canary at " + weight + "%", new NextLook(analysis.interval(), true, Set.of()));
    }

    private static Transition end(RolloutState state, Phase phase, Decision decision, AnalysisOutcome outcome,
                                  String reason) {
        TrafficSplit stable = TrafficSplit.allStable();
        return new Transition(state.withPhase(phase).withSplit(stable), List.of(new Action.SetTraffic(stable)),
                decision, outcome, reason, NextLook.never());
    }

    @Override
    public int stepsToSuccess() {
        int steps = 1;
        for (int w = 1; w < maxWeight; w = Math.min(w * 2, maxWeight)) {
            steps++;
        }
        return steps + 2;
    }

    @Override
    public TrafficNeeds trafficNeeds() {
        TrafficNeeds.Builder needs = TrafficNeeds.builder("the doubling-canary strategy");
        for (int w = 1; w < maxWeight; w = Math.min(w * 2, maxWeight)) {
            needs.split(TrafficSplit.canary(w), "doubling");
        }
        return needs.split(TrafficSplit.canary(maxWeight), "maxWeight").build();
    }
}
