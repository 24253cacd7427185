package dev.stepwise.bench;

import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * An engine's real backend, counting its round trips to the remote: syncs (each one fetch),
 * pushes accepted, rejected and failed (thrown), and local commits. Everything else passes through.
 */
final class CountingGitBackend implements GitBackend {

    private final GitBackend delegate;
    final LongAdder fetches = new LongAdder();
    final LongAdder pushesOk = new LongAdder();
    final LongAdder pushesRejected = new LongAdder();
    final LongAdder pushesFailed = new LongAdder();
    final LongAdder commits = new LongAdder();

    CountingGitBackend(GitBackend delegate) {
        this.delegate = delegate;
    }

    @Override
    public String sync() {
        fetches.increment();
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
