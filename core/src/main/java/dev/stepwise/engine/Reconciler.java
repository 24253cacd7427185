package dev.stepwise.engine;

import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.spi.HeldConflict;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One reconcile of one rollout: load, stay put while a conflicting change holds it (see
 * {@link ConflictHold}), finish a written-ahead transition if one is pending, wait for the data
 * plane to show the split, observe, step, write the transition ahead with its {@link StepNote},
 * apply it, commit. Returns when to reconcile again. SPI exceptions propagate to the engine, which
 * retries (or, for a {@link dev.stepwise.spi.ConflictingChangeException}, holds); nothing
 * persisted is lost by them.
 */
final class Reconciler {

    private final StateStore store;
    private final RetryPolicy retry;
    private final Consumer<RolloutEvent> events;
    private final ConflictHold hold;

    Reconciler(StateStore store, RetryPolicy retry, Consumer<RolloutEvent> events) {
        this.store = store;
        this.retry = retry;
        this.events = events;
        this.hold = new ConflictHold(store, events);
    }

    /** How the engine sees a rollout it cannot observe normally (see {@link StuckPolicy}). */
    record Intervention(Set<Command> commands, boolean rollback) {
        static final Intervention NONE = new Intervention(Set.of(), false);

        boolean any() {
            return rollback || !commands.isEmpty();
        }
    }

    /** Persists a conflicting change's hold on the stored rollout; false when nothing is stored for it yet. */
    boolean hold(String id, HeldConflict conflict) {
        return hold.hold(id, conflict);
    }

    Duration reconcile(RolloutDefinition def, Instant now, Intervention intervention) {
        StoredRollout rec = loadOrCreate(def, now);
        if (rec.isHeld()) {
            // Only the operator's commands end a hold; the engine's own interventions wait too.
            Optional<StoredRollout> released = hold.release(def, rec, now);
            if (released.isEmpty()) {
                return def.strategy().analysis().interval();
            }
            rec = released.get();
        }
        if (!rec.isCommitted()) {
            // Re-apply, never recompute: the transition was decided before a crash or a failure.
            return untilDue(commit(def, intervene(def, rec, now, intervention), now), now, def);
        }
        if (rec.verifiedAt() == null && !intervention.any()) {
            return awaitVerification(def, rec, now);
        }
        if (now.isBefore(rec.dueAt()) && rec.commands().isEmpty() && !intervention.any()) {
            return Duration.between(now, rec.dueAt());
        }
        Observation obs = intervention.any() ? withIntervention(Observer.fallback(rec, now, intervention.rollback()), intervention)
                : Observer.observe(def, rec, now, false);
        Transition t = def.strategy().step(rec.state(), obs);
        if (t.actions().isEmpty() && t.state().equals(rec.state())) {
            if (!rec.commands().isEmpty()) {
                store.save(copy(rec, rec.pending(), rec.dueAt(), rec.verifiedAt(), rec.hookResults(), Set.of()), rec.version());
            }
            return t.next().after().isZero() ? def.strategy().analysis().interval() : t.next().after();
        }
        StepNote note = new StepNote(rec.version() + 1, t.decision(), t.reason(), obs.verdicts(), now, false);
        StoredRollout ahead = new StoredRollout(rec.id(), t.state(), t.actions(), note, t.next(),
                now.plus(t.next().after()), null, List.of(), Set.of(), null, rec.version());
        ahead = store.save(ahead, rec.version());
        events.accept(new RolloutEvent.Stepped(rec.id(), now, t));
        return untilDue(commit(def, ahead, now), now, def);
    }

    /**
     * A stuck rollout with a transition still pending. A rollback is written ahead in place of
     * the pending move: route and scale writes are absolute and idempotent, so the rollback's
     * supersede it. A pause cannot drop the pending move (the stored split would no longer match
     * the cluster), so it is persisted as a command and taken as soon as the move is applied.
     */
    private StoredRollout intervene(RolloutDefinition def, StoredRollout rec, Instant now, Intervention intervention) {
        if (intervention.rollback() && !rec.state().phase().isTerminal()) {
            Transition t = def.strategy().step(rec.state(), withIntervention(Observer.fallback(rec, now, true), intervention));
            StepNote note = new StepNote(rec.version() + 1, t.decision(), t.reason(), List.of(), now, false);
            StoredRollout ahead = store.save(new StoredRollout(rec.id(), t.state(), t.actions(), note, t.next(),
                    now.plus(t.next().after()), null, List.of(), rec.commands(), null, rec.version()), rec.version());
            events.accept(new RolloutEvent.Stepped(rec.id(), now, t));
            return ahead;
        }
        if (!rec.commands().containsAll(intervention.commands())) {
            Set<Command> commands = new HashSet<>(rec.commands());
            commands.addAll(intervention.commands());
            return store.save(rec.withCommands(commands), rec.version());
        }
        return rec;
    }

    private StoredRollout loadOrCreate(RolloutDefinition def, Instant now) {
        StoredRollout rec = store.load(def.id()).orElse(null);
        if (rec != null) {
            return rec;
        }
        def.router().reconcile();
        RolloutState initial = def.strategy().initialState(def.workload().canaryRevision(), now);
        StoredRollout fresh = new StoredRollout(def.id(), initial, List.of(), StepNote.registered(now),
                new NextLook(Duration.ZERO, false, Set.of()), now, now, List.of(), Set.of(), null, 0);
        return store.save(fresh, 0);
    }

    /**
     * Applies every pending action in order, then commits (pending cleared, hook results kept). A
     * transition ending the rollout is announced here, once applied, whichever path wrote it ahead.
     */
    private StoredRollout commit(RolloutDefinition def, StoredRollout rec, Instant now) {
        List<HookResult> results = new ArrayList<>();
        for (Action action : rec.pending()) {
            HookResult result = Applier.apply(def, rec, action);
            if (result != null) {
                results.add(result);
            }
        }
        Instant verifiedAt = now;
        Instant due = now.plus(rec.next().after());
        // Never step past a traffic change the data plane does not show yet: an analysis would
        // judge the previous split, and a scale-down could take pods still receiving traffic (a
        // GitOps controller applies a commit later, a pull request waits for its merge).
        boolean watch = rec.next().analysis() || rec.pending().stream().anyMatch(Action.SetTraffic.class::isInstance);
        if (watch && def.router().verify(rec.state().split()) == Verification.PENDING) {
            verifiedAt = null;
            due = now;
        }
        // Commands arrive under the same per-rollout lock, so rec.commands() is current; another
        // process writing in between fails the compare-and-set, and the engine retries.
        StoredRollout committed = store.save(copy(rec, List.of(), due, verifiedAt, results, rec.commands()), rec.version());
        events.accept(new RolloutEvent.Applied(rec.id(), now, rec.pending()));
        if (verifiedAt != null && watch) {
            events.accept(new RolloutEvent.Verified(rec.id(), now, rec.state().split()));
        }
        if (rec.state().phase().isTerminal()) {
            events.accept(new RolloutEvent.Ended(rec.id(), now, rec.state().phase()));
        }
        return committed;
    }

    /** The analysis interval counts only from the moment the data plane shows the split. */
    private Duration awaitVerification(RolloutDefinition def, StoredRollout rec, Instant now) {
        if (def.router().verify(rec.state().split()) == Verification.PENDING) {
            events.accept(new RolloutEvent.AwaitingVerification(rec.id(), now, rec.state().split(), retry.verificationPoll()));
            return retry.verificationPoll();
        }
        Duration after = rec.next().after();
        store.save(copy(rec, rec.pending(), now.plus(after), now, rec.hookResults(), rec.commands()), rec.version());
        events.accept(new RolloutEvent.Verified(rec.id(), now, rec.state().split()));
        return after;
    }

    private static Observation withIntervention(Observation obs, Intervention intervention) {
        Set<Command> commands = new HashSet<>(obs.commands());
        commands.addAll(intervention.commands());
        return new Observation(obs.now(), obs.revision(), obs.verdicts(), obs.readyTracks(), commands, obs.openGates(),
                obs.hookResults());
    }

    /** When to look again; an ended rollout is looked at once per interval, for a new revision. */
    private static Duration untilDue(StoredRollout rec, Instant now, RolloutDefinition def) {
        if (rec.state().phase().isTerminal()) {
            return def.strategy().analysis().interval();
        }
        Duration d = Duration.between(now, rec.dueAt());
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static StoredRollout copy(StoredRollout rec, List<Action> pending, Instant due, @Nullable Instant verifiedAt,
                                      List<HookResult> hookResults, Set<Command> commands) {
        return new StoredRollout(rec.id(), rec.state(), pending, rec.note(), rec.next(), due, verifiedAt, hookResults,
                commands, rec.conflict(), rec.version());
    }
}
