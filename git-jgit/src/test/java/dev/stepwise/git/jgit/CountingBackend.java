package dev.stepwise.git.jgit;

import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real backend counting its round trips to the remote: fetches (syncs that did not reuse a
 * confirmed head), each with the instant it was made at on the given clock, and pushes.
 */
final class CountingBackend implements GitBackend {

    private final JGitBackend delegate;
    private final Clock clock;
    private final AtomicInteger syncs = new AtomicInteger();
    private final AtomicInteger pushes = new AtomicInteger();
    private final List<Instant> fetchedAt = new CopyOnWriteArrayList<>();

    CountingBackend(JGitBackend delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    /** Syncs so far, fetching or not. */
    int syncs() {
        return syncs.get();
    }

    /** Fetches so far. */
    int fetches() {
        return fetchedAt.size();
    }

    /** When each fetch was made, on the clock given. */
    List<Instant> fetchedAt() {
        return List.copyOf(fetchedAt);
    }

    /** Commits the history walks have visited so far. */
    long commitsWalked() {
        return delegate.commitsWalked();
    }

    long commitsIndexed() {
        return delegate.commitsIndexed();
    }

    /** Pushes so far, to any branch, accepted or not. */
    int pushes() {
        return pushes.get();
    }

    @Override
    public String sync() {
        syncs.incrementAndGet();
        long before = delegate.fetches();
        String head = delegate.sync();
        if (delegate.fetches() > before) {
            fetchedAt.add(clock.instant());
        }
        return head;
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
        return delegate.commit(changes, message, expectedParent);
    }

    @Override
    public PushOutcome push() {
        pushes.incrementAndGet();
        return delegate.push();
    }

    @Override
    public PushOutcome push(String commit) {
        pushes.incrementAndGet();
        return delegate.push(commit);
    }

    @Override
    public <T> T exclusively(java.util.function.Supplier<T> body) {
        return delegate.exclusively(body);
    }

    @Override
    public PushOutcome pushTo(String branch) {
        pushes.incrementAndGet();
        return delegate.pushTo(branch);
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
