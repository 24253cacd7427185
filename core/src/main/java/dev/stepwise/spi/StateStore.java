package dev.stepwise.spi;

import java.util.List;
import java.util.Optional;

/**
 * Where rollouts are persisted, with compare-and-set on a version.
 *
 * <p><b>Contract.</b> {@link #save} writes only if the stored version equals
 * {@code expectedVersion} (0 for a rollout not stored yet), stores the record with version
 * {@code expectedVersion + 1} and returns it; otherwise it throws {@link StaleStateException} and
 * writes nothing. {@link #load} of an unknown id is empty, never an exception. Safe for
 * concurrent use; two concurrent saves with the same expected version: exactly one wins.
 */
public interface StateStore {

    /** The stored rollout, if any. */
    Optional<StoredRollout> load(String id);

    /**
     * Saves {@code rollout} if the stored version is {@code expectedVersion}.
     *
     * @return the record as stored, with its new version
     * @throws StaleStateException if the stored version differs
     */
    StoredRollout save(StoredRollout rollout, long expectedVersion);

    /** Ids of every stored rollout, sorted. */
    List<String> ids();

    /** Removes a rollout; removing an unknown id does nothing. */
    void delete(String id);

    /**
     * Saves {@code rollout} as {@link #save} does, written ahead of the traffic change
     * {@code apply} makes through {@code router}, and runs {@code apply}: the engine's one call for
     * a step whose first effect is a new split. The record is durable no later than the traffic
     * change, never after it. This default saves, then runs {@code apply}. A store that writes to
     * the very repository the router publishes to ({@link TrafficRouter#repository()}) may instead
     * make both durable in one atomic write (one push carrying the record's commit and then the
     * route's), sparing the step a round trip; should {@code apply} throw or write nowhere, the
     * record is saved alone, so a failure leaves what this default leaves: the record saved, the
     * split not applied.
     *
     * @return the record as stored, with its new version
     * @throws StaleStateException if the stored version differs (nothing applied, unless the
     *         store found it out only after the traffic change was made, which the engine's
     *         re-apply of the stored transition then supersedes)
     */
    default StoredRollout saveAhead(StoredRollout rollout, long expectedVersion, TrafficRouter router, Runnable apply) {
        StoredRollout saved = save(rollout, expectedVersion);
        apply.run();
        return saved;
    }
}
