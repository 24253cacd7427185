package dev.stepwise.spi;

import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.validation.InvalidValueException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the engine persists for one rollout: the state reached by the last transition and, until
 * they are all applied, that transition's actions. Written <em>ahead</em> of applying them, so
 * that after a crash the transition is re-applied, never recomputed. Immutable.
 *
 * @param id              the rollout's id, e.g. {@code test/podinfo}
 * @param state           the state after the last transition
 * @param pending         actions of the last transition not yet known to be applied; empty once committed
 * @param note            why the last transition was made: what the router is told with its splits
 * @param next            what the next step needs observed first
 * @param dueAt           when the next step is due
 * @param verifiedAt      when the data plane was verified to show {@code state.split()}, or null
 *                        while not yet verified; analysis windows start here
 * @param hookResults     outcomes of the action hooks the last transition called, for the next step
 * @param commands        operator commands received and not yet given to the strategy
 * @param conflict        the conflicting outside change holding the rollout, or null when it is not
 *                        held (see {@link #isHeld()}); {@code pending} stays as it was while held
 * @param version         compare-and-set version; assigned by the {@link StateStore}
 */
public record StoredRollout(String id, RolloutState state, List<Action> pending, StepNote note, NextLook next,
                            Instant dueAt, @Nullable Instant verifiedAt, List<HookResult> hookResults, Set<Command> commands,
                            @Nullable HeldConflict conflict, long version) {

    public StoredRollout {
        InvalidValueException.requireNonNull("id", id);
        InvalidValueException.requireNonNull("state", state);
        InvalidValueException.requireNonNull("note", note);
        InvalidValueException.requireNonNull("next", next);
        InvalidValueException.requireNonNull("dueAt", dueAt);
        pending = List.copyOf(InvalidValueException.requireNonNull("pending", pending));
        hookResults = List.copyOf(InvalidValueException.requireNonNull("hookResults", hookResults));
        commands = Set.copyOf(InvalidValueException.requireNonNull("commands", commands));
        if (version < 0) {
            throw new InvalidValueException("version", version, "must be at least 0");
        }
    }

    /** Whether every action of the last transition is known to be applied. */
    public boolean isCommitted() {
        return pending.isEmpty();
    }

    /** Whether a conflicting outside change holds the rollout until an operator resumes or aborts it. */
    public boolean isHeld() {
        return conflict != null;
    }

    public StoredRollout withVersion(long newVersion) {
        return new StoredRollout(id, state.withVersion(newVersion), pending, note, next, dueAt, verifiedAt, hookResults,
                commands, conflict, newVersion);
    }

    /** The same record with {@code newCommands} instead of its commands. */
    public StoredRollout withCommands(Set<Command> newCommands) {
        return new StoredRollout(id, state, pending, note, next, dueAt, verifiedAt, hookResults, newCommands, conflict,
                version);
    }

    /** The same record held by {@code newConflict}, or released from its hold when it is null. */
    public StoredRollout withConflict(@Nullable HeldConflict newConflict) {
        return new StoredRollout(id, state, pending, note, next, dueAt, verifiedAt, hookResults, commands, newConflict,
                version);
    }

    /** The same record with {@code newNote}. */
    public StoredRollout withNote(StepNote newNote) {
        return new StoredRollout(id, state, pending, newNote, next, dueAt, verifiedAt, hookResults, commands, conflict,
                version);
    }

    @Override
    public String toString() {
        return "StoredRollout[" + id + ", " + state.phase() + " at " + state.split()
                + (pending.isEmpty() ? ", committed" : ", " + pending.size() + " actions pending")
                + " (step " + note.step() + ": " + note.decision() + ")"
                + ", due " + dueAt + (verifiedAt == null ? ", not verified" : ", verified " + verifiedAt)
                + (commands.isEmpty() ? "" : ", commands " + commands)
                + (conflict == null ? "" : ", held by a change to " + conflict.what()) + ", v" + version + "]";
    }
}
