package dev.stepwise.importer.argo;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a strategy as the engine does, one look at a time on virtual time, with every check
 * passing, and with an operator who answers a pause that waits for promotion only after
 * {@code heldLooks} looks (a pause step, or a blue/green without auto-promotion): what {@code RolloutSimulation} cannot do, since it issues no command.
 */
final class PromotionDriver {

    /** One look: when, the canary's weight after it, the phase after it. */
    record Look(Duration elapsed, int weight, Phase phase, boolean promotedByOperator) {
    }

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private PromotionDriver() {
    }

    static List<Look> run(Strategy strategy, int heldLooks) {
        List<Look> looks = new ArrayList<>();
        RolloutState state = strategy.initialState("v2", T0);
        Instant now = T0;
        Transition last = null;
        int held = 0;
        for (int i = 0; i < 500 && !state.phase().isTerminal(); i++) {
            Observation.Builder obs = Observation.at(now, "v2");
            if (last != null) {
                if (last.next().analysis()) {
                    strategy.analysisAt(state).expectedVerdicts().forEach(n -> obs.verdict(Verdict.pass(n, 1)));
                }
                last.next().gates().stream().filter(g -> g != HookType.ROLLBACK).forEach(obs::open);
                last.actions().stream().filter(a -> a instanceof Action.CallWebhook)
                        .forEach(a -> obs.hookResult(HookResult.succeeded(((Action.CallWebhook) a).type())));
            }
            boolean waiting = state.phase() == Phase.PAUSED || state.phase() == Phase.AWAITING_PROMOTION;
            boolean promote = waiting && held++ >= heldLooks;
            if (promote) {
                obs.command(Command.PROMOTE);
                held = 0;
            }
            last = strategy.step(state, obs.build());
            state = last.state();
            looks.add(new Look(Duration.between(T0, now), state.split().canary(), state.phase(), promote));
            Duration after = last.next().after();
            now = now.plus(after.isZero() ? strategy.analysis().interval() : after);
        }
        return looks;
    }
}
