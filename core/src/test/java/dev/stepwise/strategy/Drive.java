package dev.stepwise.strategy;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Drives a strategy the way the engine will: one step per look, observing what the previous
 * transition asked for. Gates it is asked about are open unless listed closed; action hooks
 * succeed; every track is ready.
 */
final class Drive {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final Strategy strategy;
    private final List<Transition> transitions = new ArrayList<>();
    private final List<Observation> observations = new ArrayList<>();
    private RolloutState state;
    private Transition last;
    private Instant now = T0;

    Drive(Strategy strategy) {
        this.strategy = strategy;
        this.state = strategy.initialState("v2", T0);
    }

    /** Runs until terminal (at most {@code max} steps), with verdicts from {@code analysis} at each analysis. */
    Drive untilTerminal(Function<Integer, List<Verdict>> analysis, int max) {
        int analyses = 0;
        for (int i = 0; i < max && !state.phase().isTerminal(); i++) {
            Observation.Builder obs = Observation.at(now, "v2");
            if (last != null && last.next().analysis()) {
                obs.verdicts(analysis.apply(analyses++));
            }
            step(obs);
        }
        return this;
    }

    /** One step with an observation shaped by the caller; gates asked about are open, hooks succeed. */
    Transition step(Observation.Builder obs) {
        if (last != null) {
            last.next().gates().stream().filter(g -> g != HookType.ROLLBACK).forEach(obs::open);
            last.actions().stream().filter(a -> a instanceof Action.CallWebhook)
                    .forEach(a -> obs.hookResult(HookResult.succeeded(((Action.CallWebhook) a).type())));
        }
        return stepExactly(obs.build());
    }

    /** One step with exactly this observation. */
    Transition stepExactly(Observation observation) {
        Transition t = strategy.step(state, observation);
        observations.add(observation);
        transitions.add(t);
        state = t.state();
        last = t;
        now = observation.now().plus(t.next().after().isZero() ? strategy.analysis().interval() : t.next().after());
        return t;
    }

    /** An observation builder for the next step's time, for the current revision. */
    Observation.Builder next() {
        return Observation.at(now, state.revision());
    }

    Observation.Builder next(Command command) {
        return next().command(command);
    }

    Transition last() {
        return last;
    }

    RolloutState state() {
        return state;
    }

    List<Observation> observations() {
        return observations;
    }

    List<Transition> transitions() {
        return transitions;
    }

    List<Integer> canaryWeights() {
        return transitions.stream().map(t -> t.state().split().canary()).toList();
    }

    List<TrafficSplit> splits() {
        return transitions.stream().map(t -> t.state().split()).toList();
    }

    List<String> decisions() {
        return transitions.stream().map(t -> t.decision().label()).toList();
    }

    static List<Verdict> pass() {
        return List.of(Verdict.pass("request-success-rate", 99.9));
    }

    static List<Verdict> fail() {
        return List.of(Verdict.fail("request-success-rate", 80.0, "80.0 < min 99.0"));
    }

    static List<Verdict> noData() {
        return List.of(Verdict.noData("request-success-rate", "no requests"));
    }

    static Set<HookType> none() {
        return Set.of();
    }
}
