package dev.stepwise.git.jgit;

/**
 * What a {@link JGitBackend} has done since it was built, for measurements: its fetches, what its
 * {@link JGitBackend#publish group commit} did, and how its loose objects were packed. A batch is
 * one drain of the queue, and pushes once unless every change in it failed its check or had
 * nothing to commit.
 *
 * @param fetches                    syncs that fetched (not those reusing a confirmed head)
 * @param batches                    batches published
 * @param changes                    changes those batches carried (made, failed, or with nothing to commit)
 * @param pushed                     pushes of a batch's chain the remote accepted
 * @param rejected                   pushes the remote rejected (its branch had moved on)
 * @param failed                     pushes that threw
 * @param packings                   packings of the objects written since the last one, each on a
 *                                   thread of its own beside the batches (see {@link JGitBackendBuilder#collectObjects})
 * @param packingMillis              their time, summed
 * @param consolidations             collections of every pack into one, each holding the backend
 * @param longestConsolidationMillis the longest of them
 */
public record BackendCounts(long fetches, long batches, long changes, long pushed, long rejected, long failed,
                            long packings, long packingMillis, long consolidations, long longestConsolidationMillis) {
}
