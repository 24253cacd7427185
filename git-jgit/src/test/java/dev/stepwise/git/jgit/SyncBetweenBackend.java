package dev.stepwise.git.jgit;

import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real backend shared with another thread that syncs right after every commit: the window
 * between a commit and its push, where another rollout's sync on the same working copy lands.
 * Each commit waits for that sync to finish, at most {@link #WINDOW}: a backend that keeps the
 * working copy for the caller from sync to push makes the other thread wait, and the commit goes
 * on once the window has passed.
 */
final class SyncBetweenBackend implements GitBackend {

    /** How long a commit lets the other thread's sync run before going on. */
    static final Duration WINDOW = Duration.ofMillis(300);

    private final GitBackend delegate;
    private final ExecutorService other = Executors.newSingleThreadExecutor();
    private final AtomicInteger syncsInBetween = new AtomicInteger();

    SyncBetweenBackend(GitBackend delegate) {
        this.delegate = delegate;
    }

    /** Syncs the other thread finished between a commit and what came after it. */
    int syncsInBetween() {
        return syncsInBetween.get();
    }

    @Override
    public String commit(Map<String, Optional<String>> changes, CommitMessage message, String expectedParent) {
        String commit = delegate.commit(changes, message, expectedParent);
        Future<String> sync = other.submit(delegate::sync);
        try {
            sync.get(WINDOW.toMillis(), TimeUnit.MILLISECONDS);
            syncsInBetween.incrementAndGet();
        } catch (TimeoutException e) {
            // kept out: the caller holds the working copy until its push
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the other thread's sync failed", e.getCause());
        }
        return commit;
    }

    @Override
    public String sync() {
        return delegate.sync();
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
    public PushOutcome push() {
        return delegate.push();
    }

    @Override
    public PushOutcome push(String commit) {
        return delegate.push(commit);
    }

    @Override
    public <T> T exclusively(java.util.function.Supplier<T> body) {
        return delegate.exclusively(body);
    }

    @Override
    public PushOutcome pushTo(String branch) {
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
    public void close() {
        other.shutdownNow();
        try {
            other.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delegate.close();
    }
}
