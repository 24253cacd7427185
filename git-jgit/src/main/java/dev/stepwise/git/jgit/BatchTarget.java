package dev.stepwise.git.jgit;

import dev.stepwise.git.jgit.internal.GroupCommit;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.GitBackend.PushOutcome;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;

/** The working copy as a batch of {@link JGitBackend#publish} uses it, under the backend's lock. */
final class BatchTarget implements GroupCommit.Target {

    private final GuardedWorkingCopy guarded;
    private final RemoteSync remote;
    private final Function<String, PushOutcome> push;

    BatchTarget(GuardedWorkingCopy guarded, RemoteSync remote, Function<String, PushOutcome> push) {
        this.guarded = guarded;
        this.remote = remote;
        this.push = push;
    }

    @Override
    public String sync() {
        return remote.sync();
    }

    @Override
    public String localHead() {
        return guarded.locked("head", () -> {
            ObjectId head = guarded.copy().head();
            return head == null ? GitBackend.NO_COMMIT : head.name();
        });
    }

    @Override
    public void resetTo(String head) {
        guarded.locked("reset to " + head, () -> {
            guarded.copy().resetTo(head.equals(GitBackend.NO_COMMIT) ? null : ObjectId.fromString(head));
            return head;
        });
    }

    @Override
    public void dropUnpushed() {
        guarded.locked("reset to the remote head", () -> {
            guarded.copy().resetTo(guarded.copy().remoteHead());
            return Boolean.TRUE;
        });
    }

    @Override
    public PushOutcome push(String commit) {
        return push.apply(commit);
    }

    @Override
    public String toString() {
        return "BatchTarget[" + guarded + "]";
    }
}
