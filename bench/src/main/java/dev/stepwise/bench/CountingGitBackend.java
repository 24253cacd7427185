package dev.stepwise.bench;

import dev.stepwise.git.jgit.JGitBackend;
import dev.stepwise.gitops.Change;
import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An engine's real backend, counting its round trips to the remote: syncs called through it,
 * fetches (the backend's own count: syncs that did not reuse a confirmed head, a batch's included),
 * pushes accepted, rejected and failed (thrown; those of {@link #publish}'s batches from the
 * backend's counts), and local commits. {@link #publish} goes to the backend's group commit.
 */
final class CountingGitBackend implements GitBackend {

    private final JGitBackend delegate;
    final LongAdder syncs = new LongAdder();
    private final LongAdder pushesOk = new LongAdder();
    private final LongAdder pushesRejected = new LongAdder();
    private final LongAdder pushesFailed = new LongAdder();
    final LongAdder commits = new LongAdder();
    final LongAdder publishes = new LongAdder();
    /** Reads of the remote head's snapshot ({@link #readSynced}, {@link #readCurrent}). */
    final LongAdder snapshotReads = new LongAdder();

    CountingGitBackend(JGitBackend delegate) {
        this.delegate = delegate;
    }

    /** The backend's packings of loose objects and their time, its consolidations and the longest, in milliseconds. */
    long[] collections() {
        var counts = delegate.counts();
        return new long[] {counts.packings(), counts.packingMillis(), counts.consolidations(), counts.longestConsolidationMillis()};
    }

    long fetches() {
        return delegate.counts().fetches();
    }

    long pushesOk() {
        return pushesOk.sum() + delegate.counts().pushed();
    }

    long pushesRejected() {
        return pushesRejected.sum() + delegate.counts().rejected();
    }

    long pushesFailed() {
        return pushesFailed.sum() + delegate.counts().failed();
    }

    /** Batches of the group commit. */
    long batches() {
        return delegate.counts().batches();
    }

    /** Changes those batches carried. */
    long batchedChanges() {
        return delegate.counts().changes();
    }

    @Override
    public String sync() {
        syncs.increment();
        return delegate.sync();
    }

    @Override
    public String publish(Change change) {
        publishes.increment();
        return delegate.publish(change);
    }

    /** The backend's: {@link #publish} goes to it, so the change carried reaches the publish it rides with. */
    @Override
    public Optional<Carried> carry(Change ahead, Runnable body) {
        return delegate.carry(ahead, body);
    }

    @Override
    public Optional<GitFile> read(String path) {
        return delegate.read(path);
    }

    @Override
    public List<String> list(String directory) {
        return delegate.list(directory);
    }

    @Override
    public String commit(Map<String, Optional<String>> changes, CommitMessage message, String expectedParent) {
        String id = delegate.commit(changes, message, expectedParent);
        if (!id.equals(expectedParent)) {
            commits.increment();
        }
        return id;
    }

    @Override
    public PushOutcome push() {
        return counted(delegate::push);
    }

    @Override
    public PushOutcome push(String commit) {
        return counted(() -> delegate.push(commit));
    }

    @Override
    public PushOutcome pushTo(String branch) {
        return counted(() -> delegate.pushTo(branch));
    }

    private PushOutcome counted(Supplier<PushOutcome> push) {
        try {
            PushOutcome outcome = push.get();
            (outcome == PushOutcome.PUSHED ? pushesOk : pushesRejected).increment();
            return outcome;
        } catch (RuntimeException e) {
            pushesFailed.increment();
            throw e;
        }
    }

    @Override
    public <T> T exclusively(Supplier<T> body) {
        return delegate.exclusively(body);
    }

    /** Reads go to the backend's snapshot of the remote head (no lock), as without this wrapper. */
    @Override
    public <T> T readSynced(Function<? super Snapshot, T> reads) {
        snapshotReads.increment();
        return delegate.readSynced(reads);
    }

    @Override
    public <T> T readCurrent(Function<? super Snapshot, T> reads) {
        snapshotReads.increment();
        return delegate.readCurrent(reads);
    }

    @Override
    public boolean contains(String commit) {
        return delegate.contains(commit);
    }

    @Override
    public List<CommitInfo> log(String path, int max) {
        return delegate.log(path, max);
    }

    @Override
    public List<CommitInfo> log(String path, int max, String until) {
        return delegate.log(path, max, until);
    }

    @Override
    public Optional<CommitInfo> newestChange(String path, String blobNow) {
        return delegate.newestChange(path, blobNow);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
