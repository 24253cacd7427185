package dev.stepwise.git.jgit.internal;

import dev.stepwise.gitops.Change;
import dev.stepwise.gitops.GitBackend.PushOutcome;
import dev.stepwise.gitops.PublishRejectedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Group commit: the changes callers queued, published as one chain of commits (each the parent of
 * the next, each with its own message) and one push of the chain's tip. Callers {@link #enqueue}
 * without the backend's lock; whoever gets the lock runs {@link #publishBatch} until its own change
 * is done, and the others wait for their change to be done or for their turn
 * ({@link Pending#awaitDoneOrTurn}, {@link #wakeOldest}), not for the lock. {@link #publishBatch}
 * drains at most {@link #MAX_BATCH} changes in the order queued. No thread of its own.
 * {@link #publishBatch} must be called holding the backend's lock; the rest is thread-safe.
 */
public final class GroupCommit {

    /** The most changes one batch carries (one push); the rest wait for the next batch. */
    public static final int MAX_BATCH = 256;

    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final LongAdder batches = new LongAdder();
    private final LongAdder changes = new LongAdder();
    private final LongAdder pushed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** What a batch does with the working copy; called holding the backend's lock. */
    public interface Target {
        /** Syncs and returns the head to commit on. */
        String sync();

        /** The local head now. */
        String localHead();

        /** Puts the local head and working tree back at {@code head}. */
        void resetTo(String head);

        /** Resets the working copy to the remote head as last known (after a rejected push). */
        void dropUnpushed();

        /** Pushes exactly {@code commit}. */
        PushOutcome push(String commit);
    }

    /** Queues {@code change}; the caller then takes the backend's lock and calls {@link #publishBatch} until it is done. */
    public Pending enqueue(Change change) {
        Pending pending = new Pending(change);
        queue.add(pending);
        return pending;
    }

    /** Changes queued that no batch has taken yet. */
    public int queued() {
        return queue.size();
    }

    /** Whether a change is queued that no batch has taken yet. */
    public boolean hasQueued() {
        return !queue.isEmpty();
    }

    /**
     * Wakes the caller of the oldest change still queued, whose turn it is to publish (called at
     * the end of every hold of the working copy); nothing when nothing is queued.
     */
    public void wakeOldest() {
        Pending oldest = queue.peek();
        if (oldest != null) {
            oldest.wake.release();
        }
    }

    /** Batches published so far. For tests and measurements. */
    public long batches() {
        return batches.sum();
    }

    /** Changes those batches carried. For tests and measurements. */
    public long changes() {
        return changes.sum();
    }

    /** Pushes of a batch's chain so far: accepted, rejected, thrown. For tests and measurements. */
    public long[] pushes() {
        return new long[] {pushed.sum(), rejected.sum(), failed.sum()};
    }

    /**
     * Drains the queue (at most {@link #MAX_BATCH}), syncs once, makes each change on the head the
     * previous one left (a change whose check throws fails alone, the working copy put back), pushes
     * the tip once, and completes every change drained: pushed, rejected, or failed.
     */
    public void publishBatch(Target target) {
        List<Pending> batch = new ArrayList<>();
        for (Pending next = queue.poll(); next != null; next = batch.size() < MAX_BATCH ? queue.poll() : null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        batches.increment();
        changes.add(batch.size());
        try {
            chainAndPush(batch, target);
        } catch (RuntimeException e) {
            batch.stream().filter(p -> !p.isDone()).forEach(p -> p.fail(e));
        } finally {
            batch.stream().filter(p -> !p.isDone()).forEach(p -> p.fail(
                    new IllegalStateException("the batch publishing this change ended before it was done")));
        }
    }

    private void chainAndPush(List<Pending> batch, Target target) {
        String base = target.sync();
        String head = base;
        List<Pending> made = new ArrayList<>();
        for (Pending pending : batch) {
            String commit;
            try {
                commit = pending.change.commitOn(head);
            } catch (RuntimeException e) {
                if (!target.localHead().equals(head)) {
                    target.resetTo(head);
                }
                pending.fail(e);
                continue;
            }
            if (commit.equals(base)) {
                pending.succeed(commit); // nothing to do on the synced head: done without a push
            } else {
                pending.made(commit); // nothing to do on an unpushed head waits for its push too
                made.add(pending);
                head = commit;
            }
        }
        if (made.isEmpty()) {
            return;
        }
        PushOutcome outcome;
        try {
            outcome = target.push(head);
        } catch (RuntimeException e) {
            failed.increment();
            throw e;
        }
        (outcome == PushOutcome.PUSHED ? pushed : rejected).increment();
        if (outcome != PushOutcome.PUSHED) {
            target.dropUnpushed();
        }
        for (Pending pending : made) {
            if (outcome == PushOutcome.PUSHED) {
                pending.succeed(pending.commit());
            } else {
                pending.fail(new PublishRejectedException(pending.commit()));
            }
        }
    }

    /** One queued change and, once done, its outcome. */
    public static final class Pending {

        private final Change change;
        /** Released when the change is done, and when it is its turn to publish. */
        private final Semaphore wake = new Semaphore(0);
        private volatile boolean done;
        private volatile @Nullable String commit;
        private volatile @Nullable RuntimeException failure;

        Pending(Change change) {
            this.change = change;
        }

        /** Whether a batch has completed it. */
        public boolean isDone() {
            return done;
        }

        /**
         * Waits up to {@code timeout} for a batch to complete this change, or for its turn to
         * publish ({@link #wakeOldest}); whether the wait was interrupted. Not interruptible: a
         * queued change is published whatever its caller does meanwhile, so the caller keeps the
         * interruption and sets it again once its change is done (were it set while waiting, every
         * further wait would end at once and the waiting threads would spin).
         */
        public boolean awaitDoneOrTurn(Duration timeout) {
            try {
                wake.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
                return false;
            } catch (InterruptedException e) {
                return true;
            }
        }

        /** The published commit (or the unchanged head), or what failed it, thrown. Only once {@link #isDone()}. */
        public String outcome() {
            RuntimeException failed = failure;
            if (failed != null) {
                throw failed;
            }
            return commit();
        }

        private String commit() {
            String c = commit;
            if (c == null) {
                throw new IllegalStateException("no commit made for this change");
            }
            return c;
        }

        void made(String made) {
            commit = made;
        }

        void succeed(String published) {
            commit = published;
            done = true;
            wake.release();
        }

        void fail(RuntimeException e) {
            failure = e;
            done = true;
            wake.release();
        }

        @Override
        public String toString() {
            return "Pending[" + (done ? (failure != null ? "failed: " + failure : "done at " + commit) : "queued") + "]";
        }
    }
}
