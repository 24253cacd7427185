package dev.stepwise.git.jgit;

import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real backend with someone else acting right after each of the first {@code times} syncs:
 * the window between a sync and the push that follows it, where another engine's push lands.
 */
final class InterferingBackend implements GitBackend {

    private final GitBackend delegate;
    private final Runnable interference;
    private int remaining;

    InterferingBackend(GitBackend delegate, int times, Runnable interference) {
        this.delegate = delegate;
        this.remaining = times;
        this.interference = interference;
    }

    @Override
    public String sync() {
        String head = delegate.sync();
        if (remaining > 0) {
            remaining--;
            interference.run();
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
        delegate.close();
    }
}
