package dev.stepwise.git.jgit;

/**
 * What a {@link JGitBackend} has done since it was built, for measurements: its fetches, and what
 * its {@link JGitBackend#publish group commit} did. A batch is one drain of the queue, and pushes
 * once unless every change in it failed its check or had nothing to commit.
 *
 * @param fetches  syncs that fetched (not those reusing a confirmed head)
 * @param batches  batches published
 * @param changes  changes those batches carried (made, failed, or with nothing to commit)
 * @param pushed   pushes of a batch's chain the remote accepted
 * @param rejected pushes the remote rejected (its branch had moved on)
 * @param failed   pushes that threw
 * @param collections          collections of the working copy's loose objects that wrote a pack
 *                             (see {@link JGitBackendBuilder#collectObjects})
 * @param collectionMillis     the time those collections held the backend, summed
 * @param longestCollectionMillis the longest of them
 */
public record BackendCounts(long fetches, long batches, long changes, long pushed, long rejected, long failed,
                            long collections, long collectionMillis, long longestCollectionMillis) {
}
