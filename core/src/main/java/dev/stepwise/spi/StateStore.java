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
}
