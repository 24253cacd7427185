package dev.stepwise.spi;

import dev.stepwise.analysis.JudgeEvidence;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.validation.InvalidValueException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the engine persists for one rollout: the state reached by the last transition and, until
 * they are all applied, that transition's actions. Written <em>ahead</em> of applying them, so
 * that after a crash the transition is re-applied, never recomputed. Immutable.
 *
 * @param id              the rollout's id, e.g. {@code test/podinfo}
 * @param state           the state after the last transition
 * @param pending         actions of the last transition not yet known to be applied; empty once committed
 * @param note            why the last transition was made: what the router is told with its splits; its
 *                        {@link StepNote#rollout() rollout} is {@code id} and its {@link StepNote#step() step}
 *                        the state's step index
 * @param next            what the next step needs observed first
 * @param dueAt           when the next step is due
 * @param verifiedAt      when the data plane was verified to show {@code state.split()}; empty while not
 *                        yet verified. Analysis windows start here
 * @param hookResults     outcomes of the action hooks the last transition called, for the next step
 * @param commands        operator commands received and not yet given to the strategy
 * @param conflict        the conflicting outside change holding the rollout; empty when it is not held
 *                        (see {@link #isHeld()}). {@code pending} stays as it was while held
 * @param evidence        what each statistical judge has learnt so far about this revision, by judge
 *                        name, including the looks of the last transition; empty before the first look,
 *                        and again after a new revision or a retry
 * @param version         compare-and-set version; assigned by the {@link StateStore}
 */
public record StoredRollout(String id, RolloutState state, List<Action> pending, StepNote note, NextLook next,
                            Instant dueAt, Optional<Instant> verifiedAt, List<HookResult> hookResults,
                            Set<Command> commands, Optional<HeldConflict> conflict,
                            Map<String, JudgeEvidence> evidence, long version) {

    public StoredRollout {
        InvalidValueException.requireNonNull("id", id);
        InvalidValueException.requireNonNull("state", state);
        InvalidValueException.requireNonNull("note", note);
        InvalidValueException.requireNonNull("next", next);
        InvalidValueException.requireNonNull("dueAt", dueAt);
        InvalidValueException.requireNonNull("verifiedAt", verifiedAt);
        InvalidValueException.requireNonNull("conflict", conflict);
        pending = List.copyOf(InvalidValueException.requireNonNull("pending", pending));
        hookResults = List.copyOf(InvalidValueException.requireNonNull("hookResults", hookResults));
        commands = Set.copyOf(InvalidValueException.requireNonNull("commands", commands));
        evidence = Map.copyOf(InvalidValueException.requireNonNull("evidence", evidence));
        if (version < 0) {
            throw new InvalidValueException("version", version, "must be at least 0");
        }
        if (!note.rollout().equals(id)) {
            throw new InvalidValueException("note.rollout", note.rollout(), "must be the record's id " + id);
        }
        if (note.step() != state.stepIndex()) {
            throw new InvalidValueException("note.step", note.step(), "must be the state's step index "
                    + state.stepIndex());
        }
    }

    /** A record without judges' evidence. */
    public StoredRollout(String id, RolloutState state, List<Action> pending, StepNote note, NextLook next,
                         Instant dueAt, Optional<Instant> verifiedAt, List<HookResult> hookResults,
                         Set<Command> commands, Optional<HeldConflict> conflict, long version) {
        this(id, state, pending, note, next, dueAt, verifiedAt, hookResults, commands, conflict, Map.of(), version);
    }

    /** Whether every action of the last transition is known to be applied. */
    public boolean isCommitted() {
        return pending.isEmpty();
    }

    /** Whether a conflicting outside change holds the rollout until an operator resumes or aborts it. */
    public boolean isHeld() {
        return conflict.isPresent();
    }

    public StoredRollout withVersion(long newVersion) {
        return new StoredRollout(id, state.withVersion(newVersion), pending, note, next, dueAt, verifiedAt, hookResults,
                commands, conflict, evidence, newVersion);
    }

    /** The same record with {@code newCommands} instead of its commands. */
    public StoredRollout withCommands(Set<Command> newCommands) {
        return new StoredRollout(id, state, pending, note, next, dueAt, verifiedAt, hookResults, newCommands, conflict, evidence,
                version);
    }

    /** The same record with {@code newEvidence} as the judges' evidence (a judge look between the analyses). */
    public StoredRollout withEvidence(Map<String, JudgeEvidence> newEvidence) {
        return new StoredRollout(id, state, pending, note, next, dueAt, verifiedAt, hookResults, commands, conflict,
                newEvidence, version);
    }

    /** The same record held by {@code newConflict}. */
    public StoredRollout withConflict(HeldConflict newConflict) {
        InvalidValueException.requireNonNull("newConflict", newConflict);
        return new StoredRollout(id, state, pending, note, next, dueAt, verifiedAt, hookResults, commands,
                Optional.of(newConflict), evidence, version);
    }

    /** The same record released from its hold, if it had one. */
    public StoredRollout released() {
        return new StoredRollout(id, state, pending, note, next, dueAt, verifiedAt, hookResults, commands,
                Optional.empty(), evidence, version);
    }

    /** The same record with {@code newNote}. */
    public StoredRollout withNote(StepNote newNote) {
        return new StoredRollout(id, state, pending, newNote, next, dueAt, verifiedAt, hookResults, commands, conflict, evidence,
                version);
    }

    /** The same record due at {@code newDueAt}, verified at {@code newVerifiedAt} (empty: not verified yet). */
    public StoredRollout withDue(Instant newDueAt, Optional<Instant> newVerifiedAt) {
        return new StoredRollout(id, state, pending, note, next, newDueAt, newVerifiedAt, hookResults, commands,
                conflict, evidence, version);
    }

    /**
     * The same record with every pending action applied: nothing pending, the hook results those
     * actions produced, due at {@code newDueAt} and verified at {@code newVerifiedAt}.
     */
    public StoredRollout committed(Instant newDueAt, Optional<Instant> newVerifiedAt, List<HookResult> newHookResults) {
        return new StoredRollout(id, state, List.of(), note, next, newDueAt, newVerifiedAt, newHookResults, commands,
                conflict, evidence, version);
    }

    @Override
    public String toString() {
        return "StoredRollout[" + id + ", " + state.phase() + " at " + state.split()
                + (pending.isEmpty() ? ", committed" : ", " + pending.size() + " actions pending")
                + " (step " + note.step() + ": " + note.decision() + ")"
                + ", due " + dueAt + verifiedAt.map(at -> ", verified " + at).orElse(", not verified")
                + (commands.isEmpty() ? "" : ", commands " + commands)
                + conflict.map(c -> ", held by a change to " + c.what()).orElse("")
                + (evidence.isEmpty() ? "" : ", evidence " + new TreeMap<>(evidence)) + ", v" + version + "]";
    }
}
