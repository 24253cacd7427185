package dev.stepwise.testkit;

import dev.stepwise.engine.InMemoryStateStore;
import dev.stepwise.engine.RetryPolicy;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.engine.RolloutListener;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs rollout definitions through the real {@link RolloutEngine} on virtual time until every
 * one has ended, or a deadline: the {@code advance}, {@code status}, {@code isCommitted} loop in
 * one call.
 *
 * <pre>{@code
 * EngineRunResult result = EngineRun.of(healthy, failing).until(Duration.ofHours(2)).run();
 * result.rollout(healthy.id()).phase();   // Succeeded
 * }</pre>
 *
 * <p>The definitions' routers, workloads and metric sources are the caller's (typically an
 * {@link InMemoryTrafficRouter}, an {@link InMemoryWorkload} and a {@link SimulatedMetricSource}).
 * Every definition is registered at the scheduler's current instant; then the scheduler is moved
 * from one due task to the next, each run at its due time, until each rollout's stored state is
 * terminal and committed ({@link EngineRunResult.Stop#ALL_ENDED}), every one not ended waits for a
 * command ({@link #stopWhenWaiting}, {@link EngineRunResult.Stop#WAITING}), the next task falls after the
 * deadline (the clock is left at the deadline: {@link EngineRunResult.Stop#DEADLINE}), or nothing
 * is scheduled any more ({@link EngineRunResult.Stop#IDLE}). The engine is closed at the end;
 * stored state stays in the store.
 *
 * <p>Defaults: a new {@link VirtualScheduler} at {@link RolloutSimulation#DEFAULT_START}, deadline
 * {@link #DEFAULT_DEADLINE}, a new {@link InMemoryStateStore}, {@link RetryPolicy#ofDefaults()}.
 * Immutable: each setter returns a new run. A run is deterministic when its parts are (a seeded
 * {@link SimulatedService}).
 */
public final class EngineRun {

    /** How long a run may take in virtual time by default. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofDays(1);

    private final List<RolloutDefinition> definitions;
    private final Supplier<VirtualScheduler> scheduler;
    private final Duration deadline;
    private final Supplier<StateStore> store;
    private final RetryPolicy retry;
    private final List<RolloutListener> listeners;
    private final Predicate<StoredRollout> waits;

    private EngineRun(List<RolloutDefinition> definitions, Supplier<VirtualScheduler> scheduler, Duration deadline,
                      Supplier<StateStore> store, RetryPolicy retry, List<RolloutListener> listeners,
                      Predicate<StoredRollout> waits) {
        this.definitions = definitions;
        this.scheduler = scheduler;
        this.deadline = deadline;
        this.store = store;
        this.retry = retry;
        this.listeners = listeners;
        this.waits = waits;
    }

    /** A run of {@code definitions}, at least one, with distinct ids. */
    public static EngineRun of(RolloutDefinition... definitions) {
        return of(List.of(InvalidValueException.requireNonNull("definitions", definitions)));
    }

    /** A run of {@code definitions}, at least one, with distinct ids. */
    public static EngineRun of(List<RolloutDefinition> definitions) {
        List<RolloutDefinition> copy = List.copyOf(InvalidValueException.requireNonNull("definitions", definitions));
        if (copy.isEmpty()) {
            throw new InvalidValueException("definitions", "[]", "must hold at least one rollout definition");
        }
        if (copy.stream().map(RolloutDefinition::id).distinct().count() != copy.size()) {
            throw new InvalidValueException("definitions", copy, "must have distinct ids (namespace/name)");
        }
        return new EngineRun(copy, () -> VirtualScheduler.startingAt(RolloutSimulation.DEFAULT_START),
                DEFAULT_DEADLINE, InMemoryStateStore::new, RetryPolicy.ofDefaults(), List.of(), rec -> false);
    }

    /** Ends the run this long after its start, ended or not; positive; default {@link #DEFAULT_DEADLINE}. */
    public EngineRun until(Duration deadline) {
        InvalidValueException.requireNonNull("deadline", deadline);
        if (deadline.isNegative() || deadline.isZero()) {
            throw new InvalidValueException("deadline", deadline, "must be positive");
        }
        return new EngineRun(definitions, scheduler, deadline, store, retry, listeners, waits);
    }

    /**
     * Runs on {@code scheduler} (and its clock), e.g. the one the definitions' parts read; a run
     * starts at its current instant. Default: a new one at {@link RolloutSimulation#DEFAULT_START}.
     */
    public EngineRun scheduler(VirtualScheduler scheduler) {
        InvalidValueException.requireNonNull("scheduler", scheduler);
        return new EngineRun(definitions, () -> scheduler, deadline, store, retry, listeners, waits);
    }

    /** Stores the rollouts in {@code store}; default a new {@link InMemoryStateStore} per run. */
    public EngineRun stateStore(StateStore store) {
        InvalidValueException.requireNonNull("store", store);
        return new EngineRun(definitions, scheduler, deadline, () -> store, retry, listeners, waits);
    }

    /** How the engine retries failing SPIs; default {@link RetryPolicy#ofDefaults()}. */
    public EngineRun retry(RetryPolicy retry) {
        InvalidValueException.requireNonNull("retry", retry);
        return new EngineRun(definitions, scheduler, deadline, store, retry, listeners, waits);
    }

    /**
     * Also tells {@code listener} of every event as the engine publishes it, on the run's thread,
     * in order (e.g. to print progress, or to change a simulated service after a step); the
     * result holds the events anyway. Listeners are told in the order they were added; one that
     * throws is logged by the engine and does not stop the run.
     */
    public EngineRun listener(RolloutListener listener) {
        InvalidValueException.requireNonNull("listener", listener);
        List<RolloutListener> more = new ArrayList<>(listeners);
        more.add(listener);
        return new EngineRun(definitions, scheduler, deadline, store, retry, List.copyOf(more), waits);
    }

    /**
     * Also stops the run once every rollout that has not ended is stored committed in a state
     * {@code waits} accepts, e.g. paused, waiting for an operator's command the run will never
     * give ({@link EngineRunResult.Stop#WAITING}). Default: never.
     */
    public EngineRun stopWhenWaiting(Predicate<StoredRollout> waits) {
        InvalidValueException.requireNonNull("waits", waits);
        return new EngineRun(definitions, scheduler, deadline, store, retry, listeners, waits);
    }

    /** Registers every definition and runs until all have ended, the deadline, or idleness; see the class. */
    public EngineRunResult run() {
        VirtualScheduler on = scheduler.get();
        StateStore stored = store.get();
        List<RolloutEvent> events = new CopyOnWriteArrayList<>();
        Instant start = on.clock().instant();
        Instant end = start.plus(deadline);
        EngineRunResult.Stop stop;
        RolloutEngine.Builder builder = RolloutEngine.builder().clock(on.clock()).scheduler(on).stateStore(stored)
                .retry(retry).listener(events::add);
        listeners.forEach(builder::listener);
        try (RolloutEngine engine = builder.build()) {
            definitions.forEach(engine::register);
            stop = drive(engine, on, end);
        }
        Map<String, RolloutRun> rollouts = new LinkedHashMap<>();
        for (RolloutDefinition definition : definitions) {
            String id = definition.id();
            List<RolloutEvent> own = events.stream().filter(e -> e.id().equals(id)).toList();
            rollouts.put(id, new RolloutRun(id, own, stored.load(id)));
        }
        return new EngineRunResult(start, on.clock().instant(), stop, rollouts);
    }

    private EngineRunResult.Stop drive(RolloutEngine engine, VirtualScheduler on, Instant end) {
        while (!allEnded(engine)) {
            if (allEndedOrWaiting(engine)) {
                return EngineRunResult.Stop.WAITING;
            }
            Optional<Instant> next = on.nextDueAt();
            if (next.isEmpty()) {
                return EngineRunResult.Stop.IDLE;
            }
            if (next.get().isAfter(end)) {
                on.advanceTo(end);
                return EngineRunResult.Stop.DEADLINE;
            }
            on.advanceTo(next.get().isBefore(on.clock().instant()) ? on.clock().instant() : next.get());
        }
        return EngineRunResult.Stop.ALL_ENDED;
    }

    private boolean allEndedOrWaiting(RolloutEngine engine) {
        for (RolloutDefinition definition : definitions) {
            Optional<StoredRollout> stored = engine.status(definition.id());
            if (stored.isEmpty() || !(RolloutRun.ended(stored.get())
                    || stored.get().isCommitted() && waits.test(stored.get()))) {
                return false;
            }
        }
        return true;
    }

    private boolean allEnded(RolloutEngine engine) {
        for (RolloutDefinition definition : definitions) {
            Optional<StoredRollout> stored = engine.status(definition.id());
            if (stored.isEmpty() || !RolloutRun.ended(stored.get())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        List<String> ids = new ArrayList<>();
        definitions.forEach(d -> ids.add(d.id()));
        return "EngineRun[" + ids + " until +" + deadline + ", " + retry + "]";
    }
}
