package dev.stepwise.bench;

import dev.stepwise.gitops.GitBackend;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.spi.Verification;
import dev.stepwise.traffic.TrafficSplit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rollout's real router, recording decision → pushed: from the engine's {@code Stepped} event
 * for the rollout (its decision, noted by {@link #decided}) to the return of the traffic write
 * that carries it (the sink returns once the commit is on the remote). When the state store pushes
 * the step's write-ahead record with the split ({@code StateStore#saveAhead}), the engine announces
 * the step just before the write, so the record's save is inside; with the record saved alone
 * first, it is not. Also due → pushed: from the instant the look
 * that decided the step was due (noted with the decision when a {@link TimedScheduler} ran it),
 * which adds the look's lateness and its work before the decision: the whole delay of a step.
 */
final class TimedRouter implements TrafficRouter {

    private final TrafficRouter delegate;
    private final Samples decisionToPushed;
    private final Map<String, Long> decidedAt;
    private final Samples dueToPushed;
    private final Map<String, Long> dueAt;

    TimedRouter(TrafficRouter delegate, Samples decisionToPushed, Map<String, Long> decidedAt, Samples dueToPushed,
                Map<String, Long> dueAt) {
        this.delegate = delegate;
        this.decisionToPushed = decisionToPushed;
        this.decidedAt = decidedAt;
        this.dueToPushed = dueToPushed;
        this.dueAt = dueAt;
    }

    /** A fresh map for {@link #decided}, shared by every router of an engine. */
    static Map<String, Long> decisions() {
        return new ConcurrentHashMap<>();
    }

    /** Notes that {@code rollout} decided a step now, in a look due when {@link TimedScheduler#currentDue()} says. */
    static void decided(Map<String, Long> decidedAt, Map<String, Long> dueAt, String rollout) {
        decidedAt.put(rollout, System.nanoTime());
        TimedScheduler.currentDue().ifPresentOrElse(due -> dueAt.put(rollout, due), () -> dueAt.remove(rollout));
    }

    @Override
    public void reconcile() {
        delegate.reconcile();
    }

    @Override
    public void reconcile(StepNote why) {
        delegate.reconcile(why);
    }

    @Override
    public void apply(TrafficSplit split) {
        delegate.apply(split);
    }

    @Override
    public void apply(TrafficSplit split, StepNote why) {
        delegate.apply(split, why);
        Long decided = decidedAt.remove(why.rollout());
        if (decided != null) {
            decisionToPushed.add(System.nanoTime() - decided, decided);
        }
        Long due = dueAt.remove(why.rollout());
        if (due != null) {
            dueToPushed.add(System.nanoTime() - due, due);
        }
    }

    @Override
    public TrafficSplit current() {
        return delegate.current();
    }

    @Override
    public Verification verify(TrafficSplit split) {
        return delegate.verify(split);
    }

    @Override
    public void release() {
        delegate.release();
    }

    @Override
    public RouterCapabilities capabilities() {
        return delegate.capabilities();
    }

    /** The delegate's: timing the write adds no write of its own, so a Git store still pushes its record with the split. */
    @Override
    public Optional<GitBackend> repository() {
        return delegate.repository();
    }
}
