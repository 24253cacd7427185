package dev.stepwise.strategy;

import static dev.stepwise.analysis.AnalysisOutcome.FAIL;
import static dev.stepwise.analysis.AnalysisOutcome.PASS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Drives a strategy one look at a time on virtual time, from {@code initialState("v2", T0)},
 * answering every analysis the previous transition asked for from a script of outcomes
 * (passing once the script runs out).
 */
final class Run {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    /** The metric every scripted analysis answers for. */
    static final String METRIC = MetricCheck.REQUEST_SUCCESS_RATE;

    final Strategy strategy;
    final Deque<AnalysisOutcome> script;
    final List<Transition> transitions = new ArrayList<>();
    RolloutState state;
    Instant now = T0;
    NextLook next = NextLook.never();

    Run(Strategy strategy, AnalysisOutcome... script) {
        this.strategy = strategy;
        this.script = new ArrayDeque<>(List.of(script));
        this.state = strategy.initialState("v2", T0);
    }

    Transition step() {
        return step(o -> o);
    }

    Transition step(UnaryOperator<Observation.Builder> change) {
        Observation.Builder obs = Observation.at(now, "v2");
        if (next.analysis()) {
            obs.verdict(verdict(script.isEmpty() ? PASS : script.poll()));
        }
        Transition t = strategy.step(state, change.apply(obs).build());
        transitions.add(t);
        state = t.state();
        next = t.next();
        now = now.plus(next.after());
        return t;
    }

    Run toEnd() {
        while (!state.phase().isTerminal()) {
            assertThat(transitions).as("steps before a terminal phase").hasSizeLessThan(5_000);
            step();
        }
        return this;
    }

    static Verdict verdict(AnalysisOutcome outcome) {
        return switch (outcome) {
            case PASS -> Verdict.pass(METRIC, 99.9);
            case FAIL -> Verdict.fail(METRIC, 97.0, "97.0 < min 99.0");
            default -> Verdict.noData(METRIC, "no requests in the interval");
        };
    }

    Transition at(int index) {
        return transitions.get(index);
    }

    Transition last() {
        return transitions.get(transitions.size() - 1);
    }

    List<Decision> decisions() {
        return transitions.stream().map(Transition::decision).toList();
    }

    List<TrafficSplit> splits() {
        return transitions.stream().map(t -> t.state().split()).toList();
    }

    List<Phase> phases() {
        return transitions.stream().map(t -> t.state().phase()).toList();
    }

    List<Boolean> analysisAsked() {
        return transitions.stream().map(t -> t.next().analysis()).toList();
    }

    List<Action> allActions() {
        return transitions.stream().flatMap(t -> t.actions().stream()).toList();
    }
}
