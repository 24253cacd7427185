package dev.stepwise.engine;

import dev.stepwise.rollout.Command;
import dev.stepwise.spi.ConflictingChangeException;
import dev.stepwise.spi.HeldConflict;
import dev.stepwise.spi.Leadership;
import dev.stepwise.spi.LeadershipTerm;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.validation.InvalidValueException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives many rollouts through their strategies, sharing one {@link Scheduler}: for each, load
 * state, observe, step, write the transition ahead to the {@link StateStore}, apply its actions
 * through the SPIs, commit, and schedule the next look.
 *
 * <p>Guarantees: a written-ahead transition is re-applied after a crash, never recomputed (no
 * step repeated, none skipped); an analysis interval counts only once the router verifies the
 * split; an SPI failure never loses state: the rollout holds and retries with backoff, and past
 * {@link RetryPolicy#deadline()} it is paused or rolled back ({@link RetryPolicy#onDeadline()}).
 * Whatever an SPI throws counts as such a failure, {@link Error}s included ({@link RolloutEvent.Failed},
 * logged at ERROR); a registered rollout always has its next look scheduled, even when the engine
 * passes on an {@link OutOfMemoryError} or another error of the JVM itself after recording it.
 * Every split is applied with the transition's {@link dev.stepwise.spi.StepNote}: rollout, step,
 * decision, reason, verdicts and time, persisted with the transition and so the same when
 * re-applied after a crash; the route is set up with the rollout's first note. Work on one rollout is serialised; different rollouts
 * may be reconciled concurrently.
 *
 * <p><b>Conflicting changes.</b> An SPI throwing {@link ConflictingChangeException} (a person
 * edited the route in the GitOps repository mid-rollout) is not a failure to retry: retrying would
 * write over their change. The engine publishes {@link RolloutEvent.Conflicted} once, logs a
 * warning and persists a hold on the stored rollout ({@link StoredRollout#conflict()}), keeping the
 * written-ahead transition; a held rollout is not applied, observed or stepped, by this engine or
 * one restarted on the same store, and the backoff and deadline do not apply. Only a command ends
 * it: {@link Command#RESUME} re-applies the pending transition over what is there now (a mesh
 * router renders the split over the person's version, keeping their other edits) and goes on;
 * {@link Command#ABORT} writes the strategy's abort ahead and applies it; {@link Command#PAUSE}
 * keeps it held. Resume rather than retry: the rollout continues where it stood, which is what
 * resume means for a paused rollout, while {@link Command#RETRY} restarts an ended rollout from the
 * first step and is refused for a held one. A conflict met before anything was stored holds the
 * registration in memory only; resume tries again.
 *
 * <p><b>Several replicas.</b> With a {@link Leadership} ({@link Builder#leadership}), only the
 * leader writes. Right before each write (a record saved, a route set up or applied, a scale, a
 * promotion, a webhook call) the engine asks {@link Leadership#current()}; a follower, or a leader
 * deposed in the middle of a reconcile, writes nothing more, publishes {@link RolloutEvent.NotLeader}
 * and logs it (WARN when a reconcile stopped mid-way, INFO once per term for a follower's look). In
 * each new term the leader first claims every rollout: it saves its stored record again (a pending
 * transition's note taking the new version), so a deposed leader's compare-and-set fails and its
 * late route write is refused by the route's fence; then it reloads every rollout from the store
 * and goes on from its write-ahead record, exactly as after a restart. Operator commands
 * ({@link #command}) are stored by any replica; the leader takes them. The default,
 * {@link Leadership#always()}, always leads at epoch 0 and claims nothing.
 */
public final class RolloutEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutEngine.class);

    private final Clock clock;
    private final Scheduler scheduler;
    private final StateStore store;
    private final RetryPolicy retry;
    private final List<RolloutListener> listeners;
    private final Reconciler reconciler;
    private final Retries retries;
    private final LeaderGuard guard;
    private final ConcurrentMap<String, Registration> registrations = new ConcurrentHashMap<>();

    private RolloutEngine(Builder b) {
        this.clock = b.clock;
        this.scheduler = Objects.requireNonNull(b.scheduler, "build() sets the default");
        this.store = b.store;
        this.retry = b.retry;
        this.listeners = new CopyOnWriteArrayList<>(b.listeners);
        this.guard = new LeaderGuard(b.leadership);
        this.reconciler = new Reconciler(guard.guard(store), retry, this::publish, guard);
        this.retries = new Retries(retry, this::publish);
        b.leadership.listen(this::leadershipChanged);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers a rollout and reconciles it at once; a stored rollout with this id is resumed. A
     * definition is valid by construction: one whose strategy needs what its router lacks was
     * already refused when it was built (see {@link RolloutDefinition}), so nothing was touched.
     */
    public String register(RolloutDefinition definition) {
        Registration reg = new Registration(definition, retry.onDeadline());
        if (registrations.putIfAbsent(definition.id(), reg) != null) {
            throw new InvalidValueException("id", definition.id(), "is already registered");
        }
        schedule(reg, Duration.ZERO);
        return definition.id();
    }

    /** Stops driving a rollout; its stored state stays (register it again to resume). */
    public void unregister(String id) {
        Registration reg = registrations.remove(id);
        reconciler.forget(id);
        guard.forget(id);
        if (reg != null) {
            synchronized (reg) {
                reg.cancelLook();
            }
        }
    }

    /**
     * Delivers an operator command; it is persisted first ({@link OperatorCommands#send}, which
     * reloads and tries again when the rollout changed in between), then the rollout is reconciled
     * at once. For a rollout held by a conflicting change, see the class description.
     *
     * @throws InvalidValueException if the rollout is not registered or not stored yet, or the
     *         command is {@link Command#RETRY} for a held rollout
     */
    public void command(String id, Command command) {
        Registration reg = registration(id);
        synchronized (reg) {
            reconciler.forget(id);
            Optional<StoredRollout> rec = store.load(id);
            if (rec.isEmpty() && reg.conflict != null && command == Command.RESUME) {
                reg.conflict = null;
            } else {
                OperatorCommands.send(store, id, rec, command);
            }
            schedule(reg, Duration.ZERO);
        }
    }

    /** What is stored for a rollout. */
    public Optional<StoredRollout> status(String id) {
        return store.load(id);
    }

    /** Ids of the registered rollouts. */
    public Set<String> rollouts() {
        return Set.copyOf(registrations.keySet());
    }

    /**
     * Reconciles a rollout now, on the caller's thread, and schedules its next look. Failures are
     * handled as for scheduled reconciles (retried with backoff, or held on a conflict), never thrown,
     * but for an error of the JVM itself ({@link OutOfMemoryError}), passed on once recorded and the
     * next look scheduled.
     */
    public void reconcile(String id) {
        run(registration(id));
    }

    private void run(Registration reg) {
        // The next look is scheduled before the lock is let go: scheduled after it, it replaced the
        // look at once a command had asked for in between, and the command waited a whole interval.
        synchronized (reg) {
            // The fallback when even the failure handling throws: the rollout still gets its next look.
            Duration next = retry.initialBackoff();
            try {
                if (registrations.get(reg.def.id()) != reg) {
                    return;
                }
                Instant now = clock.instant();
                try {
                    LeadershipTerm term = guard.term();
                    if (!(term instanceof LeadershipTerm.Leading leading)) {
                        next = following(reg, now, term);
                        return;
                    }
                    if (guard.needsClaim(reg.def.id(), leading)) {
                        guard.claim(store, reg.def.id(), leading);
                        reconciler.forget(reg.def.id());
                    }
                    next = reg.conflict != null ? persistHold(reg) : reconciler.reconcile(reg.def, now, reg.intervention());
                    if (reg.attempts > 0) {
                        LOG.info("{}: reconciling again after {} failed attempts", reg.def.id(), reg.attempts);
                    }
                    reg.recovered();
                    reg.leftTo = null;
                } catch (NotLeaderException e) {
                    next = stoppedBeforeWrite(reg, now, e);
                } catch (ConflictingChangeException e) {
                    next = conflicted(reg, now, e);
                } catch (Throwable e) {
                    // Any throwable, Errors included: an SPI's StackOverflowError once stopped a rollout for good.
                    Failure failure = Failure.of(e);
                    next = retries.failed(reg, now, failure, e);
                    if (failure.fatal()) {
                        throw e;
                    }
                }
            } finally {
                LOG.debug("{}: next look in {}", reg.def.id(), next);
                schedule(reg, next);
            }
        }
    }

    /** A follower's look: nothing read or written; told once per term. */
    private Duration following(Registration reg, Instant now, LeadershipTerm term) {
        if (!term.equals(reg.leftTo)) {
            reg.leftTo = term;
            String message = term + "; leaving rollout " + reg.def.id() + " to the leader";
            LOG.info("{}: {}", reg.def.id(), message);
            publish(new RolloutEvent.NotLeader(reg.def.id(), now, term, message));
        }
        return reg.def.strategy().analysis().interval();
    }

    /** Leadership lost (or a new term begun) in the middle of a reconcile: not a failure, nothing more written. */
    private Duration stoppedBeforeWrite(Registration reg, Instant now, NotLeaderException e) {
        reg.leftTo = e.term();
        reconciler.forget(reg.def.id());
        LOG.warn("{}: stopped before a write: {}", reg.def.id(), e.getMessage());
        publish(new RolloutEvent.NotLeader(reg.def.id(), now, e.term(), e.getMessage()));
        return e.term().leading() ? Duration.ZERO : reg.def.strategy().analysis().interval();
    }

    /** A new term looks at every rollout at once (off the leadership's thread: a look may wait on a rollout's lock). */
    private void leadershipChanged(LeadershipTerm term) {
        LOG.info("{}; {} {} rollouts", term, term.leading() ? "reloading from the store and going on with"
                : "leaving to the leader", registrations.size());
        if (term.leading()) {
            scheduler.schedule(Duration.ZERO, () -> registrations.values().forEach(reg -> schedule(reg, Duration.ZERO)));
        }
    }

    /** Not a failure: nothing is retried, so neither backoff nor deadline applies; the hold is persisted next. */
    private Duration conflicted(Registration reg, Instant now, ConflictingChangeException e) {
        reg.recovered();
        reg.conflict = HeldConflict.of(e, now);
        LOG.warn("{}: {}; holding the rollout until an operator sends resume or abort", reg.def.id(), e.getMessage());
        publish(new RolloutEvent.Conflicted(reg.def.id(), now, e.what(), e.getMessage()));
        return Duration.ZERO;
    }

    /** Stores a hold met in the last reconcile (failing like any store write, then retried); applies nothing. */
    private Duration persistHold(Registration reg) {
        if (reconciler.hold(reg.def.id(), Objects.requireNonNull(reg.conflict))) {
            reg.conflict = null;
        }
        return reg.def.strategy().analysis().interval();
    }

    private void schedule(Registration reg, Duration delay) {
        synchronized (reg) {
            reg.cancelLook();
            if (registrations.get(reg.def.id()) == reg) {
                reg.scheduleLook(scheduler, delay, () -> run(reg));
            }
        }
    }

    /**
     * Ids of the registered rollouts with no next look scheduled, reconciles running now aside.
     * Always empty: the invariant every engine test checks after it ran.
     */
    Set<String> rolloutsWithoutNextLook() {
        Set<String> without = new TreeSet<>();
        registrations.forEach((id, reg) -> {
            synchronized (reg) {
                if (!reg.hasNextLook()) {
                    without.add(id);
                }
            }
        });
        return without;
    }

    private Registration registration(String id) {
        Registration reg = registrations.get(id);
        if (reg == null) {
            throw new InvalidValueException("id", id, "is not registered");
        }
        return reg;
    }

    private void publish(RolloutEvent event) {
        for (RolloutListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("rollout listener {} failed on {}: {}", listener, event.getClass().getSimpleName(), e.toString());
            } catch (Error e) {
                LOG.error("rollout listener {} failed on {}", listener, event.getClass().getSimpleName(), e);
                if (Failure.of(e).fatal()) {
                    throw e;
                }
            }
        }
    }

    /** Cancels every scheduled reconcile; stored state stays. Does not close the scheduler. */
    @Override
    public void close() {
        new ArrayList<>(registrations.keySet()).forEach(this::unregister);
    }

    @Override
    public String toString() {
        return "RolloutEngine[" + registrations.size() + " rollouts, store " + store + ", " + retry + "]";
    }

    /** Builder; every part has a default except the state store's durability you choose. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private @Nullable Scheduler scheduler;
        private StateStore store = new InMemoryStateStore();
        private RetryPolicy retry = RetryPolicy.ofDefaults();
        private final List<RolloutListener> listeners = new ArrayList<>();
        private Leadership leadership = Leadership.always();

        private Builder() {
        }

        /** Default: the system clock (UTC). Use the testkit's VirtualClock for virtual time. */
        public Builder clock(Clock clock) {
            this.clock = InvalidValueException.requireNonNull("clock", clock);
            return this;
        }

        /** Default: {@link ExecutorScheduler#ofDefaults()}, created at build. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = InvalidValueException.requireNonNull("scheduler", scheduler);
            return this;
        }

        /** Default: an {@link InMemoryStateStore} (state is lost with the process). */
        public Builder stateStore(StateStore store) {
            this.store = InvalidValueException.requireNonNull("stateStore", store);
            return this;
        }

        /** Default: {@link RetryPolicy#ofDefaults()}. */
        public Builder retry(RetryPolicy retry) {
            this.retry = InvalidValueException.requireNonNull("retry", retry);
            return this;
        }

        /**
         * Which replica writes (see the class description). Default: {@link Leadership#always()}, one
         * engine that always leads.
         */
        public Builder leadership(Leadership leadership) {
            this.leadership = InvalidValueException.requireNonNull("leadership", leadership);
            return this;
        }

        public Builder listener(RolloutListener listener) {
            this.listeners.add(InvalidValueException.requireNonNull("listener", listener));
            return this;
        }

        public RolloutEngine build() {
            if (scheduler == null) {
                scheduler = ExecutorScheduler.ofDefaults();
            }
            return new RolloutEngine(this);
        }
    }
}
