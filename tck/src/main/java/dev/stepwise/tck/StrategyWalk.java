package dev.stepwise.tck;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.traffic.Track;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Drives a strategy the way the engine does (one step per look, observing what the previous
 * transition asked for), shaping each observation by a {@link StrategyMove}, and records the path
 * of states. Every step is taken three times, by the strategy twice and by a fresh one from the
 * factory once: the three transitions must be equal (purity).
 */
final class StrategyWalk {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String REVISION = "v2";

    /** One recorded step. */
    record Step(StrategyMove move, Observation observation, RolloutState before, Transition transition) {
    }

    private final Strategy strategy;
    private final Supplier<Strategy> factory;
    private final List<Step> steps = new ArrayList<>();
    private RolloutState state;
    private @Nullable Transition last;
    private Instant now = T0;

    StrategyWalk(Supplier<Strategy> factory) {
        this.factory = factory;
        this.strategy = factory.get();
        this.state = strategy.initialState(REVISION, T0);
    }

    Strategy strategy() {
        return strategy;
    }

    RolloutState state() {
        return state;
    }

    List<Step> steps() {
        return steps;
    }

    /** The moves in order, then more healthy steps until the rollout ends or {@code max} steps were taken. */
    StrategyWalk walk(List<StrategyMove> moves) {
        for (StrategyMove move : moves) {
            step(move);
        }
        return this;
    }

    /**
     * Healthy steps until terminal, at most {@code max} of them. A rollout the strategy paused
     * itself (a pause until promoted) is promoted, as its operator would.
     */
    StrategyWalk healthyUntilEnd(int max) {
        for (int i = 0; i < max && !state.phase().isTerminal(); i++) {
            step(state.phase() == Phase.PAUSED ? StrategyMove.healthy().withCommand(Optional.of(Command.PROMOTE))
                    : StrategyMove.healthy());
        }
        return this;
    }

    /** One step with the observation {@code move} shapes. */
    Transition step(StrategyMove move) {
        Observation.Builder obs = Observation.at(now, REVISION);
        move.command().ifPresent(obs::command);
        if (move.canaryNotReady()) {
            obs.notReady(Track.CANARY);
        }
        Transition previous = last;
        if (previous != null) {
            if (previous.next().analysis()) {
                for (String check : strategy.analysisAt(state).expectedVerdicts()) {
                    obs.verdict(verdict(check, move.status()));
                }
            }
            if (!move.gatesClosed()) {
                previous.next().gates().stream().filter(g -> g != HookType.ROLLBACK).forEach(obs::open);
            }
            for (Action action : previous.actions()) {
                if (action instanceof Action.CallWebhook call) {
                    obs.hookResult(move.hooksFail() ? HookResult.failed(call.type(), "failed by the kit")
                            : HookResult.succeeded(call.type()));
                }
            }
        } else if (!move.gatesClosed()) {
            // The first look: every configured gate is open (stepsToSuccess counts with every gate open).
            strategy.analysis().hookTypes().stream().filter(h -> h.kind() == HookType.Kind.GATE).forEach(obs::open);
        }
        if (move.rollbackTrigger()) {
            obs.open(HookType.ROLLBACK);
        }
        return take(move, obs.build());
    }

    private Transition take(StrategyMove move, Observation observation) {
        Transition first = strategy.step(state, observation);
        Transition again = strategy.step(state, observation);
        Transition fresh = factory.get().step(state, observation);
        steps.add(new Step(move, observation, state, first));
        if (!first.equals(again) || !first.equals(fresh)) {
            throw broken(StrategyCompatibilityKit.PURITY, steps.size() - 1, "the same state and observation gave "
                    + (first.equals(again) ? "a different transition from a fresh strategy: " + fresh
                    : "a different transition the second time: " + again) + " instead of " + first);
        }
        state = first.state();
        last = first;
        now = observation.now().plus(first.next().after().isZero() ? strategy.analysis().interval() : first.next().after());
        return first;
    }

    static Verdict verdict(String check, Verdict.Status status) {
        return switch (status) {
            case PASS -> Verdict.pass(check, 99.9);
            case FAIL -> Verdict.fail(check, 42, "failed by the kit");
            case NO_DATA -> Verdict.noData(check, "no data (the kit)");
            case ERROR -> Verdict.error(check, "error (the kit)");
            case HOLD -> Verdict.hold(check, Double.NaN, "a judge collecting evidence (the kit)");
        };
    }

    /** An assertion error naming {@code rule}, the step that broke it and the path of states up to it. */
    AssertionError broken(String rule, int at, String detail) {
        StringBuilder sb = new StringBuilder("StrategyCompatibilityKit rule '").append(rule).append("' broken at step ")
                .append(at).append(": ").append(detail).append("\nstrategy: ").append(strategy)
                .append("\npath of states (move -> decision, phase, step, split):");
        sb.append("\n  start: ").append(describe(strategy.initialState(REVISION, T0)));
        for (int i = 0; i < steps.size() && i <= at; i++) {
            Step step = steps.get(i);
            Transition t = step.transition();
            sb.append("\n  #").append(i).append(' ').append(step.move())
                    .append(step.observation().verdicts().isEmpty() ? "" : " (judged)")
                    .append(" -> ").append(t.decision()).append(", ").append(describe(t.state()))
                    .append(" [").append(t.reason()).append(']');
        }
        return new AssertionError(sb.toString());
    }

    private static String describe(RolloutState state) {
        return state.phase() + ", step " + state.stepIndex() + ", " + state.split();
    }

    static boolean commanded(Step step, Command... commands) {
        for (Command command : commands) {
            if (step.observation().has(command)) {
                return true;
            }
        }
        return false;
    }
}
