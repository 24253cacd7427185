package dev.stepwise.git.jgit;

import dev.stepwise.git.jgit.internal.GroupCommit;
import dev.stepwise.gitops.Change;
import dev.stepwise.gitops.GitBackend.PushOutcome;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link JGitBackend#publish}'s group commit on the guarded working copy: each caller queues its
 * change and takes the lock; whoever holds it and finds its change not done publishes a batch
 * (see {@link GroupCommit}), the working tree checked out once at the batch's end.
 */
final class GroupPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(GroupPublisher.class);

    private final GuardedWorkingCopy guarded;
    private final GroupCommit groupCommit = new GroupCommit();
    private final GroupCommit.Target target;

    GroupPublisher(GuardedWorkingCopy guarded, RemoteSync remote, Function<String, PushOutcome> push) {
        this.guarded = guarded;
        this.target = new BatchTarget(guarded, remote, push);
    }

    /** Publishes {@code change}, with whatever else is queued; returns its commit or throws what failed it. */
    String publish(Change change) {
        GroupCommit.Pending mine = groupCommit.enqueue(change);
        guarded.lock();
        try {
            while (!mine.isDone()) {
                publishBatch();
            }
        } finally {
            guarded.unlock();
        }
        return mine.outcome();
    }

    /** One batch, the working tree checked out once at its end rather than after each commit of the chain. */
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
    }

    /** Batches, changes and pushes so far, with {@code fetches}. */
    BackendCounts counts(long fetches) {
        long[] pushes = groupCommit.pushes();
        return new BackendCounts(fetches, groupCommit.batches(), groupCommit.changes(), pushes[0], pushes[1], pushes[2]);
    }

    @Override
    public String toString() {
        return "GroupPublisher[" + guarded + "]";
    }
}
