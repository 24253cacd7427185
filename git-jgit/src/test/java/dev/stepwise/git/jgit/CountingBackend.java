package dev.stepwise.git.jgit;

import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A real backend counting its round trips to the remote: syncs (each a fetch) and pushes. */
final class CountingBackend implements GitBackend {

    private final GitBackend delegate;
    private final AtomicInteger syncs = new AtomicInteger();
    private final AtomicInteger pushes = new AtomicInteger();

    CountingBackend(GitBackend delegate) {
        this.delegate = delegate;
    }

    /** Syncs so far. */
    int syncs() {
        return syncs.get();
    }

    /** Pushes so far, to any branch, accepted or not. */
    int pushes() {
        return pushes.get();
    }

    @Override
    public String sync() {
        syncs.incrementAndGet();
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
    public void close() {
        delegate.close();
    }
}
