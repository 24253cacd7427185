package dev.stepwise.spi;

import dev.stepwise.gitops.GitBackend;
import dev.stepwise.traffic.TrafficSplit;
import java.util.Optional;

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
 *
 * <p><b>Fencing.</b> A late writer loses, always: two engines may drive one rollout at once (two
 * copies of an embedding application overlap during its own rolling deploy), and the one that
 * paused (a long GC pause) must not write a split the rollout has moved past. The token is the
 * {@link StepNote#version() write-ahead version} every step's note carries: it grows with every
 * transition of a rollout and stays the same while one is re-applied. A router remembers, next to
 * the route and per rollout, the highest version it was written at ({@link RouteFence}), and
 * refuses a lower one with {@link SupersededWriteException}, writing nothing. The check is made
 * where the write lands, atomically with it (in one compare-and-set with the route, or under the
 * route's lock): a check made before and apart from the write would leave the late writer a window.
 * Notes outside a rollout ({@link StepNote#outsideRollout}, and the methods taking no note) are not
 * fenced and leave the recorded versions alone. A rollout's registration
 * ({@link StepNote#registered}, which the engine passes to {@link #reconcile(StepNote)} only when
 * the store holds no record of the rollout) starts its sequence anew, so a rollout deleted from the
 * store and registered again is not refused for ever. Limit: an engine paused exactly at its
 * registration's route set-up restarts the sequence when it resumes; the route's weights are kept.
 */
public interface TrafficRouter {

    /** Ensures the managed route exists; a new one starts with all traffic on stable. */
    void reconcile();

    /**
     * Ensures the managed route exists for the rollout {@code why} names, as {@link #reconcile()}
     * does: the engine calls this one when it first sees a rollout, so a router keeping an audit
     * trail can say which rollout set the route up. A registration note ({@link StepNote#registered})
     * starts the rollout's fence sequence anew (see the class description); a note of a rollout's
     * step is fenced as in {@link #apply(TrafficSplit, StepNote)}. By default the note is ignored (no
     * audit trail, no fence: such a router fails the compatibility kit's fencing tests).
     */
    default void reconcile(StepNote why) {
        reconcile();
    }

    /** Routes traffic as {@code split} says. */
    void apply(TrafficSplit split);

    /**
     * Routes traffic as {@code split} says, knowing why: the engine calls this one for every step,
     * so a router keeping an audit trail can record the rollout, step, decision, reason and
     * verdicts, and fence the write (see the class description). By default the note is ignored
     * ({@link #apply(TrafficSplit)}): no audit trail and no fence, so such a router fails the
     * compatibility kit's fencing tests.
     *
     * <p>The engine calls this again for the same step after a {@link ConflictingChangeException}
     * only on an operator's command, and then with {@link StepNote#overridesConflict()} set: the
     * router must write the split over what is there now (a mesh router renders it over the outside
     * version, keeping that version's other edits) rather than refuse again.
     *
     * @throws ConflictingChangeException when someone outside Stepwise changed the route in a way
     *         that must not be overwritten, unless {@code why} overrides it; the engine holds the
     *         rollout, without retrying, until an operator resumes or aborts it
     * @throws SupersededWriteException when {@code why} is a note of a rollout's step
     *         ({@link StepNote#isAttributed()}) and the route was last written for the same rollout at a
     *         higher {@link StepNote#version()}; nothing is written. The same version again is an
     *         idempotent re-apply and is allowed. The engine takes it as "my record is stale": it does
     *         not commit, and reloads the rollout from the store.
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

    /**
     * The Git repository this router's traffic changes are pushed to as commits, when they are (a
     * mesh router writing through a {@code GitManifestSink} straight to its branch): a state store
     * publishing to the same backend may then send a step's write-ahead record in the same push as
     * its split ({@link StateStore#saveAhead}). Empty by default, and for a router that writes to
     * the cluster or proposes pull requests. A router wrapping another reports the one it wraps
     * only when its {@link #apply(TrafficSplit, StepNote)} makes no other change before that one's.
     */
    default Optional<GitBackend> repository() {
        return Optional.empty();
    }
}
