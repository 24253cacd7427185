package dev.stepwise.tck;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Command;
import java.util.Optional;

/**
 * What the world does in one step of a {@link StrategyCompatibilityKit} path: the status of every
 * verdict (when the strategy asked for an analysis), an operator's command, whether the gates it
 * asked about stay closed, whether the canary track is not ready, whether the hooks it called
 * failed, and whether the rollback trigger is open. jqwik generates and shrinks lists of them.
 *
 * @param status          the status of every expected verdict, when an analysis was asked for
 * @param command         an operator's command in this step, if any
 * @param gatesClosed     every gate asked about stays closed (the rollback trigger aside)
 * @param canaryNotReady  the canary track is not ready
 * @param hooksFail       every hook called in the previous step failed
 * @param rollbackTrigger the rollback trigger is open (when configured)
 */
public record StrategyMove(Verdict.Status status, Optional<Command> command, boolean gatesClosed,
                           boolean canaryNotReady, boolean hooksFail, boolean rollbackTrigger) {

    /** Everything healthy: verdicts pass, gates open, tracks ready, hooks succeed, no command. */
    public static StrategyMove healthy() {
        return new StrategyMove(Verdict.Status.PASS, Optional.empty(), false, false, false, false);
    }

    /** This move with {@code command} (or none). */
    public StrategyMove withCommand(Optional<Command> newCommand) {
        return new StrategyMove(status, newCommand, gatesClosed, canaryNotReady, hooksFail, rollbackTrigger);
    }

    /** This move with verdicts of {@code newStatus}. */
    public StrategyMove withStatus(Verdict.Status newStatus) {
        return new StrategyMove(newStatus, command, gatesClosed, canaryNotReady, hooksFail, rollbackTrigger);
    }

    /** This move without the rollback trigger. */
    public StrategyMove withoutRollbackTrigger() {
        return new StrategyMove(status, command, gatesClosed, canaryNotReady, hooksFail, false);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(status.name().toLowerCase(java.util.Locale.ROOT));
        command.ifPresent(c -> sb.append(" +").append(c));
        if (gatesClosed) {
            sb.append(" gates-closed");
        }
        if (canaryNotReady) {
            sb.append(" canary-not-ready");
        }
        if (hooksFail) {
            sb.append(" hooks-fail");
        }
        if (rollbackTrigger) {
            sb.append(" rollback-trigger");
        }
        return sb.toString();
    }
}
