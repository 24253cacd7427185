package dev.stepwise.spi;

import dev.stepwise.traffic.TrafficSplit;

/**
 * Moves live traffic for one route target (one service's route in one mesh). One instance per
 * rollout target, so no method repeats which target it means.
 *
 * <p><b>Contract.</b> Every method is idempotent. {@link #reconcile()} creates the route if it is
 * missing, starting 100% stable, and otherwise leaves the weights alone (shape and weights are
 * owned separately, as in Flagger). {@link #apply} writes a split; applying the same split twice
 * changes nothing the second time. Foreign routes and fields of a shared resource are never
 * touched. A failure to reach the mesh is an exception; the engine retries with backoff and
 * never loses state.
 */
public interface TrafficRouter {

    /** Ensures the managed route exists; a new one starts with all traffic on stable. */
    void reconcile();

    /**
     * Ensures the managed route exists for the rollout {@code why} names, as {@link #reconcile()}
     * does: the engine calls this one when it first sees a rollout, so a router keeping an audit
     * trail can say which rollout set the route up. By default the note is ignored.
     */
    default void reconcile(StepNote why) {
        reconcile();
    }

    /** Routes traffic as {@code split} says. */
    void apply(TrafficSplit split);

    /**
     * Routes traffic as {@code split} says, knowing why: the engine calls this one for every step,
     * so a router keeping an audit trail can record the rollout, step, decision, reason and
     * verdicts. By default the note is ignored ({@link #apply(TrafficSplit)}).
     *
     * <p>The engine calls this again for the same step after a {@link ConflictingChangeException}
     * only on an operator's command, and then with {@link StepNote#overridesConflict()} set: the
     * router must write the split over what is there now (a mesh router renders it over the outside
     * version, keeping that version's other edits) rather than refuse again.
     *
     * @throws ConflictingChangeException when someone outside Stepwise changed the route in a way
     *         that must not be overwritten, unless {@code why} overrides it; the engine holds the
     *         rollout, without retrying, until an operator resumes or aborts it
     */
    default void apply(TrafficSplit split, StepNote why) {
        apply(split);
    }

    /** The split the route holds now (as written, not necessarily in effect yet). */
    TrafficSplit current();

    /** Whether the data plane shows {@code split}. */
    Verification verify(TrafficSplit split);

    /** Gives the route back: all traffic to stable, managed routes removed where the mesh allows. */
    void release();

    /** What this router can do. */
    RouterCapabilities capabilities();
}
