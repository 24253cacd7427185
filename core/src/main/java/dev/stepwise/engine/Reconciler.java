package dev.stepwise.engine;

import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.spi.HeldConflict;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One reconcile of one rollout, top to bottom: load (or register), stay put while a conflicting
 * change holds it ({@link ConflictHold}), finish a written-ahead transition if one is pending, wait
 * for the data plane to show the split and for the step to be due (a new canary revision is due at once:
 * a look before the due time asks the workload for its revision), then observe ({@link Observer}),
 * decide and write ahead ({@link WriteAhead}), apply and commit ({@link Applier}); while the step is
 * not due, the judges' own looks ({@link JudgeLooks}). Returns when to
 * reconcile again. An ended rollout (terminal phase, committed, no command, not held) found with
 * nothing to do is remembered: its next looks ask only the workload for a new revision and load
 * nothing from the store until the revision differs, an intervention comes, {@link #forget}
 * is called (an operator's command) or {@link #ENDED_RELOAD} has passed (so a command another
 * process stored is taken within that bound). SPI exceptions propagate to the engine, which retries (or, for a
 * {@link dev.stepwise.spi.ConflictingChangeException}, holds); nothing persisted is lost by them.
 */
final class Reconciler {

    private final StateStore store;
    private final RetryPolicy retry;
    private final Consumer<RolloutEvent> events;
    private final WriteAhead writeAhead;
    private final Applier applier;
    private final ConflictHold hold;
    private final JudgeLooks judgeLooks;
    /** How long an ended rollout is answered from memory before it is loaded from the store again. */
    static final Duration ENDED_RELOAD = Duration.ofMinutes(10);

    /** Ended rollouts found with nothing to do at their last look, by id, with when they were loaded. */
    private final Map<String, Ended> ended = new ConcurrentHashMap<>();

    /** An ended rollout as loaded at {@code loadedAt}. */
    private record Ended(StoredRollout rec, Instant loadedAt) {
    }

    private final LeaderGuard guard;

    /** {@code store} is the guarded store: every save is checked against the leadership first. */
    Reconciler(StateStore store, RetryPolicy retry, Consumer<RolloutEvent> events, LeaderGuard guard) {
        this.store = store;
        this.retry = retry;
        this.events = events;
        this.guard = guard;
        this.writeAhead = new WriteAhead(store, events);
        this.applier = new Applier(store, events, guard);
        this.hold = new ConflictHold(store, writeAhead);
        this.judgeLooks = new JudgeLooks(store, writeAhead, applier);
    }

    /** Persists a conflicting change's hold on the stored rollout; false when nothing is stored for it yet. */
    boolean hold(String id, HeldConflict conflict) {
        return hold.hold(id, conflict);
    }

    /** The next look at {@code id} loads it from the store again. */
    void forget(String id) {
        ended.remove(id);
    }

    Duration reconcile(RolloutDefinition def, Instant now, Intervention intervention) {
        Ended known = ended.remove(def.id());
        if (known != null && !intervention.any() && now.isBefore(known.loadedAt().plus(ENDED_RELOAD))
                && known.rec().state().revision().equals(def.workload().canaryRevision())) {
            ended.put(def.id(), known);
            return def.strategy().analysis().interval();
        }
        StoredRollout rec = loadOrRegister(def, now);
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
            return untilDue(applier.commit(def, intervene(def, rec, now, intervention), now), now, def);
        }
        if (rec.verifiedAt().isEmpty() && !intervention.any()) {
            return awaitVerification(def, rec, now);
        }
        if (now.isBefore(rec.dueAt()) && rec.commands().isEmpty() && !intervention.any()
                && rec.state().revision().equals(def.workload().canaryRevision())) {
            // Not due, and no new revision: a new one restarts the rollout at once (as Flagger), not at the next due look.
            return judgeLooks.between(def, rec, now);
        }
        Observer.Observed observed = intervention.any()
                ? new Observer.Observed(Observer.intervened(rec, now, intervention), rec.evidence())
                : Observer.observe(def, rec, now);
        WriteAhead.Decided decided = writeAhead.decide(def, rec, observed.observation(), observed.evidence(), Set.of(), false);
        if (decided.ahead().isPresent()) {
            return untilDue(applier.takeAndCommit(def, writeAhead, decided, now), now, def);
        }
        if (!rec.commands().isEmpty() && decided.transition().decision() == Decision.WAIT) {
            // The strategy waits on something outside it (a track not ready yet): the commands wait
            // too, asked again at the verification poll, never taken by a step that made none.
            return retry.verificationPoll();
        }
        if (!rec.commands().isEmpty()) {
            store.save(rec.withCommands(Set.of()), rec.version());
        } else if (rec.state().phase().isTerminal() && !intervention.any()) {
            ended.put(def.id(), new Ended(rec, now));
        }
        Duration after = decided.transition().next().after();
        return after.isZero() ? def.strategy().analysis().interval() : after;
    }

    /**
     * A stuck rollout with a transition still pending. A rollback is written ahead in place of
     * the pending move: route and scale writes are absolute and idempotent, so the rollback's
     * supersede it. A pause cannot drop the pending move (the stored split would no longer match
     * the cluster), so it is persisted as a command and taken as soon as the move is applied.
     */
    private StoredRollout intervene(RolloutDefinition def, StoredRollout rec, Instant now, Intervention intervention) {
        if (intervention.rollback() && !rec.state().phase().isTerminal()) {
            return writeAhead.take(def, rec, Observer.intervened(rec, now, intervention), rec.evidence(), rec.commands(), false)
                    .ahead().orElse(rec);
        }
        if (!rec.commands().containsAll(intervention.commands())) {
            Set<Command> commands = new HashSet<>(rec.commands());
            commands.addAll(intervention.commands());
            return store.save(rec.withCommands(commands), rec.version());
        }
        return rec;
    }

    /** The stored rollout; a new one is registered first: its route set up for it, its initial state saved. */
    private StoredRollout loadOrRegister(RolloutDefinition def, Instant now) {
        Optional<StoredRollout> stored = store.load(def.id());
        if (stored.isPresent()) {
            return stored.get();
        }
        RolloutState initial = def.strategy().initialState(def.workload().canaryRevision(), now);
        StepNote registered = StepNote.registered(def.id(), initial, now);
        guard.check(def.id());
        def.router().reconcile(registered);
        StoredRollout fresh = new StoredRollout(def.id(), initial, List.of(), registered,
                new NextLook(Duration.ZERO, false, Set.of()), now, Optional.of(now), List.of(), Set.of(),
                Optional.empty(), 0);
        return store.save(fresh, 0);
    }

    /**
     * The analysis interval counts only from the moment the data plane shows the split. A split
     * unverified for the retry deadline since it was written (its due time) is a failure.
     */
    private Duration awaitVerification(RolloutDefinition def, StoredRollout rec, Instant now) {
        if (def.router().verify(rec.state().split()) == Verification.PENDING) {
            Duration waited = Duration.between(rec.dueAt(), now);
            if (waited.compareTo(retry.deadline()) >= 0) {
                throw new UnverifiedSplitException(rec.state().split(), rec.dueAt(), waited);
            }
            events.accept(new RolloutEvent.AwaitingVerification(rec.id(), now, rec.state().split(), retry.verificationPoll()));
            return retry.verificationPoll();
        }
        Duration after = rec.next().after();
        StoredRollout verified = store.save(rec.withDue(now.plus(after), Optional.of(now)), rec.version());
        events.accept(new RolloutEvent.Verified(rec.id(), now, rec.state().split()));
        // a command sent while the split awaited verification is taken at once, not at the next due look
        return rec.commands().isEmpty() ? judgeLooks.untilNext(def, verified, now) : Duration.ZERO;
    }

    /**
     * When to look again: at the due time, or a judge's look before it; an ended rollout is looked
     * at once per interval, for a new revision.
     */
    private Duration untilDue(StoredRollout rec, Instant now, RolloutDefinition def) {
        if (rec.state().phase().isTerminal()) {
            return def.strategy().analysis().interval();
        }
        if (rec.verifiedAt().isEmpty()) {
            Duration d = Duration.between(now, rec.dueAt());
            return d.isNegative() ? Duration.ZERO : d;
        }
        return judgeLooks.untilNext(def, rec, now);
    }
}
