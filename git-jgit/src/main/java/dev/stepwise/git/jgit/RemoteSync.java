package dev.stepwise.git.jgit;

import dev.stepwise.git.jgit.internal.PushResults;
import dev.stepwise.git.jgit.internal.SyncFreshness;
import dev.stepwise.git.jgit.internal.WorkingCopy;
import dev.stepwise.gitops.GitBackend.PushOutcome;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a backend knows of the remote branch's head and how it learns it: fetches, pushes by
 * commit id, and the {@link HeadSnapshot} published after each (a fetch, an accepted push:
 * confirmed at that instant; a rejected push or a fetch under way: forgotten). A sync reuses a
 * head confirmed within the reuse window. {@link #freshSnapshot} gives readers a head at least
 * as fresh without waiting behind a push batch when it can.
 */
final class RemoteSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteSync.class);
    /** Rounds a reader waits for a hold in flight before it queues for the lock like a writer. */
    private static final int WAIT_ROUNDS = 2;
    /** Network timeouts a fetch or push may take before it is logged as not ending. */
    private static final int PATIENCE_TIMEOUTS = 11;

    private final GuardedWorkingCopy guarded;
    private final Snapshots snapshots;
    private final SyncFreshness freshness;
    private final Clock clock;
    private final LongAdder fetches = new LongAdder();
    private final TransportThread transport;

    /**
     * @param timeout the network timeout of each fetch and push; a transfer still running after
     *        {@value #PATIENCE_TIMEOUTS} of them (JGit's longest wait is 10) is logged as an error
     */
    RemoteSync(GuardedWorkingCopy guarded, Snapshots snapshots, Duration reuse, Duration timeout, Clock clock) {
        this.guarded = guarded;
        this.transport = new TransportThread(timeout.multipliedBy(PATIENCE_TIMEOUTS));
        this.snapshots = snapshots;
        this.freshness = new SyncFreshness(reuse);
        this.clock = clock;
    }

    /** Fetches made so far: syncs and reads that did not reuse a confirmed head. */
    long fetches() {
        return fetches.sum();
    }

    /** Whether {@code snapshot} may be used for a sync now (the branch fixed, the head confirmed within the window). */
    private boolean fresh(@Nullable HeadSnapshot snapshot) {
        return snapshot != null && guarded.branchFixed() && freshness.isFresh(snapshot.confirmedAt(), clock.instant());
    }

    /** Fetches unless the head is fresh, then puts the local branch and working tree at the remote head. */
    String sync() {
        return guarded.locked("sync", () -> {
            if (!fresh(snapshots.latest())) {
                fetch();
            }
            WorkingCopy copy = guarded.copy();
            ObjectId head = copy.remoteHead();
            copy.resetTo(head);
            return head == null ? dev.stepwise.gitops.GitBackend.NO_COMMIT : head.name();
        });
    }

    /**
     * A snapshot at least as fresh as a {@link #sync()} made now would see, read without the lock.
     * Fresh already: returned at once. Otherwise, when nobody holds the working copy, this thread
     * fetches (into the object database and the remote-tracking ref only; the working tree is left
     * alone); when somebody does, it waits for the snapshot the hold publishes (its fetch, or its
     * accepted push) or for the hold to end, and looks again. After {@value #WAIT_ROUNDS} rounds
     * without one it queues for the lock like any caller and fetches.
     */
    HeadSnapshot freshSnapshot() {
        for (int round = 0; ; round++) {
            long releases = snapshots.releases();
            HeadSnapshot latest = snapshots.latest();
            if (latest != null && fresh(latest)) {
                return latest;
            }
            boolean held = round >= WAIT_ROUNDS || Thread.currentThread().isInterrupted() ? lockNow() : guarded.tryLock();
            if (held) {
                try {
                    return guarded.locked("fetch for a read", () -> {
                        if (!fresh(snapshots.latest())) {
                            fetch();
                        }
                        HeadSnapshot fetched = snapshots.latest();
                        if (fetched == null) {
                            throw new IllegalStateException("no snapshot after a fetch of " + guarded);
                        }
                        return fetched;
                    });
                } finally {
                    guarded.unlock();
                }
            }
            if (!snapshots.awaitChange(latest, releases)) {
                round = WAIT_ROUNDS; // interrupted: queue for the lock at once
            }
        }
    }

    private boolean lockNow() {
        guarded.lock();
        return true;
    }

    /** Under the lock: fetches the remote's branches, fixes the branch on the first fetch, publishes the head. */
    private void fetch() throws IOException, GitAPIException {
        snapshots.forget();
        fetches.increment();
        WorkingCopy copy = guarded.copy();
        FetchResult fetched = transport.run("fetch from " + guarded.describe(guarded.branch()),
                () -> copy.git().fetch().setRemote(WorkingCopy.REMOTE).setRemoveDeletedRefs(true)
                        .setTransportConfigCallback(guarded.transports()).call());
        copy.requireTrackingUpdated(fetched.getTrackingRefUpdates());
        if (!guarded.branchFixed()) {
            followRemoteHead(fetched);
        }
        publishConfirmed();
        LOG.debug("fetched {} at {}", guarded.describe(guarded.branch()), snapshots.latest());
    }

    /** Moves to the branch the fetched {@code HEAD} names, if it names one other than the default; fixes the branch. */
    private void followRemoteHead(FetchResult fetched) throws IOException, GitAPIException {
        String before = guarded.branch();
        Optional<String> named = RemoteHead.branch(fetched.getAdvertisedRefs(), before);
        guarded.fixBranch(named.orElse(before));
        if (named.isEmpty() || named.get().equals(before)) {
            LOG.debug("{} has no HEAD branch other than {}; staying on it", guarded.describe(before), before);
        } else {
            LOG.info("following the remote's HEAD: {}", guarded.describe(named.get()));
        }
    }

    /** Under the lock: the remote-tracking head is confirmed now. */
    private void publishConfirmed() throws IOException {
        WorkingCopy copy = guarded.copy();
        snapshots.publish(new HeadSnapshot(copy.repository(), copy.remoteHead(), Optional.of(clock.instant())));
    }

    /** Under the lock: pushes {@code commit} by its id to {@code targetBranch}; PUSHED only when the remote branch then holds it. */
    PushOutcome pushExactly(ObjectId commit, String targetBranch) throws IOException, GitAPIException {
        WorkingCopy copy = guarded.copy();
        String target = Constants.R_HEADS + targetBranch;
        Iterable<PushResult> results = transport.run("push of " + commit.name() + " to " + guarded.describe(targetBranch),
                () -> copy.git().push().setRemote(WorkingCopy.REMOTE)
                        .setRefSpecs(new RefSpec(commit.name() + ":" + target)).setForce(false)
                        .setTransportConfigCallback(guarded.transports()).call());
        StringBuilder problem = new StringBuilder();
        Optional<PushOutcome> outcome = PushResults.outcome(results, target, commit, problem);
        if (outcome.isEmpty()) {
            throw new GitOperationException(guarded.redactor().redact("push to " + guarded.describe(targetBranch)
                    + " refused: " + problem));
        }
        for (PushResult result : results) {
            copy.requireTrackingUpdated(result.getTrackingRefUpdates());
        }
        if (targetBranch.equals(guarded.branch())) {
            // An accepted push saw the remote at our parent: as good as a fetch. A rejection means we are behind.
            if (outcome.get() == PushOutcome.PUSHED) {
                publishConfirmed();
            } else {
                snapshots.forget();
            }
        }
        LOG.debug("push of {} to {}: {}", commit.name(), guarded.describe(targetBranch), outcome.get());
        return outcome.get();
    }

    /** Stops the transport thread once a transfer under way has ended (it is never interrupted). */
    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "RemoteSync[" + freshness + ", " + snapshots + "]";
    }
}
