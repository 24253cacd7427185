package dev.stepwise.cli;

import dev.stepwise.engine.OperatorCommands;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rollout driven by {@code stepwise run}: waits until the stored rollout ends (or, without
 * {@code --until-end}, stops at a pause or a promotion gate), or until {@link #interrupt()} (the
 * Ctrl-C hook) stores a pause, waits for the reconcile under way and stops the engine. The stored
 * rollout is read at every event and at least every {@link #POLL}; a rollout with commands not yet
 * taken by the engine (the resume of a second run) does not count as stopped. Closing the engine is
 * left to the caller.
 */
final class RunSession {

    /** The longest wait between two reads of the stored rollout. */
    static final Duration POLL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(RunSession.class);

    /** How the run ended. */
    sealed interface End {
        /** The stored rollout's phase when the run ended; empty when nothing was stored. */
        Optional<StoredRollout> rollout();
    }

    /** The rollout ended, or stopped where it waits for an operator (without {@code --until-end}). */
    record Stopped(Optional<StoredRollout> rollout) implements End { }

    /** Interrupted (Ctrl-C): the rollout paused in its store, when it was stored and not ended. */
    record Interrupted(Optional<StoredRollout> rollout, Optional<String> pauseRefused) implements End { }

    private final RolloutEngine engine;
    private final StateStore store;
    private final String id;
    private final boolean untilEnd;
    /** The most reconciles Ctrl-C asks for to get its pause taken: a pending step, then the pause. */
    private static final int PAUSE_LOOKS = 4;
    private final Consumer<Interrupted> onInterrupted;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Optional<End> end = Optional.empty();
    private boolean interrupting;

    /** @param onInterrupted told once the rollout is paused on an interrupt, before {@link #await()} returns */
    RunSession(RolloutEngine engine, StateStore store, String id, boolean untilEnd, Consumer<Interrupted> onInterrupted) {
        this.onInterrupted = onInterrupted;
        this.engine = engine;
        this.store = store;
        this.id = id;
        this.untilEnd = untilEnd;
    }

    /** Wakes the waiting thread to read the store again (an engine event). */
    void poke() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until the rollout ends, stops at an operator's gate (without {@code --until-end}), or is interrupted. */
    End await() throws InterruptedException {
        lock.lock();
        try {
            while (end.isEmpty()) {
                Optional<StoredRollout> rec = store.load(id);
                if (!interrupting && rec.isPresent() && rec.get().isCommitted() && rec.get().commands().isEmpty()
                        && stops(rec.get().state().phase())) {
                    end = Optional.of(new Stopped(rec));
                    break;
                }
                changed.await(POLL.toMillis(), TimeUnit.MILLISECONDS);
            }
            return end.orElseThrow();
        } finally {
            lock.unlock();
        }
    }

    private boolean stops(Phase phase) {
        return phase.isTerminal() || !untilEnd && (phase == Phase.PAUSED || phase == Phase.AWAITING_PROMOTION);
    }

    /**
     * What Ctrl-C does: stores {@link Command#PAUSE} on a stored rollout that has not ended, lets the
     * engine take it at once (after the reconcile under way, if any), and unregisters the rollout. A run
     * that has ended already is left as it is. Idempotent.
     */
    synchronized End interrupt() {
        lock.lock();
        try {
            if (end.isPresent()) {
                return end.get();
            }
            interrupting = true;
        } finally {
            lock.unlock();
        }
        // not under the lock: the engine's threads take it (poke) while they hold the rollout
        Optional<String> refused = Optional.empty();
        Optional<StoredRollout> rec = store.load(id);
        if (rec.isPresent() && !rec.get().state().phase().isTerminal()) {
            try {
                OperatorCommands.send(store, id, Command.PAUSE);
                // a reconcile that finds a transition written ahead finishes it first and takes the
                // pause on the next one: look again, a bounded number of times, until it is taken
                for (int look = 0; look < PAUSE_LOOKS && pausePending(); look++) {
                    engine.reconcile(id);
                }
            } catch (RuntimeException e) {
                LOG.warn("{}: could not pause on interrupt: {}", id, e.toString());
                refused = Optional.of(String.valueOf(e.getMessage()));
            }
        }
        engine.unregister(id);
        Interrupted interrupted = new Interrupted(store.load(id), refused);
        onInterrupted.accept(interrupted);
        lock.lock();
        try {
            end = Optional.of(interrupted);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return interrupted;
    }

    /** Whether the pause Ctrl-C stored is still to be taken: stored, not paused, not ended, the command pending. */
    private boolean pausePending() {
        Optional<StoredRollout> rec = store.load(id);
        return rec.isPresent() && !rec.get().state().phase().isTerminal() && rec.get().state().phase() != Phase.PAUSED
                && rec.get().commands().contains(Command.PAUSE);
    }

    @Override
    public String toString() {
        return "RunSession[" + id + (untilEnd ? ", until the end" : "") + ", " + end.map(Object::toString).orElse("running") + "]";
    }
}
