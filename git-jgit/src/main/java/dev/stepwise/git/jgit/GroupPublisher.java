package dev.stepwise.git.jgit;

import dev.stepwise.git.jgit.internal.GroupCommit;
import dev.stepwise.gitops.Change;
import dev.stepwise.gitops.GitBackend.PushOutcome;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link JGitBackend#publish}'s group commit on the guarded working copy: each caller queues its
 * change; whoever gets the lock publishes batches (see {@link GroupCommit}) until its own change is
 * done, and every other caller waits for its change to be done or for its turn to publish. The
 * working tree, when there is one, is checked out once at each batch's end.
 */
final class GroupPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(GroupPublisher.class);
    /** How long a caller waits for its change or its turn before trying the lock again: a safety net, not the normal path. */
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final GuardedWorkingCopy guarded;
    private final GroupCommit groupCommit = new GroupCommit();
    private final GroupCommit.Target target;
    private final ObjectCollection collection;

    GroupPublisher(GuardedWorkingCopy guarded, RemoteSync remote, Function<String, PushOutcome> push, ObjectCollection collection) {
        this.guarded = guarded;
        this.collection = collection;
        this.target = new BatchTarget(guarded, remote, push);
        guarded.onRelease(groupCommit::wakeOldest);
    }

    /** Publishes {@code change}, with whatever else is queued; returns its commit or throws what failed it. */
    String publish(Change change) {
        GroupCommit.Pending mine = groupCommit.enqueue(change);
        boolean interrupted = false;
        try {
            while (!mine.isDone()) {
                publishUntilDone(mine);
                if (!mine.isDone()) {
                    interrupted |= mine.awaitDoneOrTurn(RECHECK);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return mine.outcome();
    }

    /**
     * Publishes batches of what is queued until {@code mine} is done, unless another thread holds
     * the working copy. The end of every hold wakes the thread of the oldest change still queued
     * ({@link GuardedWorkingCopy#onRelease}), which then publishes the next batch itself: callers
     * wait for their change or their turn, never for the lock. Waiting for the lock only to learn
     * that an earlier batch had published one's change made callers leave one by one, each behind
     * the next batch's push (with 240 threads queued: batches of 3 changes, 15 s waits).
     */
    private void publishUntilDone(GroupCommit.Pending mine) {
        while (!mine.isDone() && guarded.tryLock()) {
            try {
                while (!mine.isDone() && groupCommit.hasQueued()) {
                    publishBatch();
                }
            } finally {
                guarded.unlock();
            }
        }
    }

    /**
     * One batch, the working tree checked out once at its end rather than after each commit of the
     * chain; then, with every change of the batch done, the loose objects packed when due.
     */
    private void publishBatch() {
        guarded.copy().deferCheckouts();
        try {
            groupCommit.publishBatch(target);
        } finally {
            try {
                guarded.locked("checkout of the batch's head", () -> {
                    guarded.copy().catchUp();
                    return Boolean.TRUE;
                });
            } catch (GitOperationException e) {
                // Nothing reads the working tree; the batch's outcome stands, and the next sync checks it out.
                LOG.warn("{}; the working tree follows at the next sync", e.getMessage());
            }
        }
        collection.afterBatch(guarded.copy());
    }

    /** Changes queued that no batch has taken yet. */
    int queued() {
        return groupCommit.queued();
    }

    /** Batches, changes and pushes so far, with {@code fetches}. */
    BackendCounts counts(long fetches) {
        long[] pushes = groupCommit.pushes();
        return new BackendCounts(fetches, groupCommit.batches(), groupCommit.changes(), pushes[0], pushes[1], pushes[2],
                collection.packings(), collection.packingMillis(), collection.consolidations(),
                collection.longestConsolidationMillis());
    }

    @Override
    public String toString() {
        return "GroupPublisher[" + guarded + "]";
    }
}
