package dev.stepwise.git.jgit;

import dev.stepwise.git.jgit.internal.OwnerRecord;
import dev.stepwise.git.jgit.internal.Redactor;
import dev.stepwise.git.jgit.internal.Transports;
import dev.stepwise.git.jgit.internal.WorkingCopy;
import dev.stepwise.git.jgit.internal.WorkingCopyOwner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backend's working copy, the branch it is on, and the lock every use of it holds: an
 * operation runs {@link #locked} (failures become {@link GitOperationException}s without
 * credentials; one that leaves Git lock files behind is repeated once after they are removed).
 * The lock is reentrant; the end of every outermost hold is reported to {@link Snapshots#released}.
 */
final class GuardedWorkingCopy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedWorkingCopy.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final URIish remote;
    private final Path directory;
    private final Redactor redactor;
    private final Transports transports;
    private final WorkingCopyOwner owner;
    private final Snapshots snapshots;
    /** Guarded by the lock; read unlocked only to describe the backend. */
    private volatile String branch;
    /** Whether the branch is fixed: set explicitly, or picked by the first sync. Written under the lock. */
    private volatile boolean branchFixed;
    /** Whether the files are checked out on disk ({@link JGitBackendBuilder#workingTree}). */
    private final boolean workingTree;
    private volatile Runnable onRelease = () -> { };
    /** Guarded by the lock; reopened on another branch when the first sync follows the remote's HEAD. */
    private WorkingCopy workingCopy;

    GuardedWorkingCopy(JGitBackendBuilder builder, Snapshots snapshots) {
        this.remote = builder.remote();
        this.directory = builder.workingDirectory();
        this.branch = builder.branch().orElse(JGitBackendBuilder.DEFAULT_BRANCH);
        this.branchFixed = builder.branch().isPresent();
        this.snapshots = snapshots;
        this.workingTree = builder.workingTree();
        this.redactor = new Redactor(builder.credentials().secrets());
        this.transports = call("preparing the credentials", () -> new Transports(builder.credentials(), builder.timeout()));
        try {
            this.workingCopy = call("opening the working copy " + directory, () -> WorkingCopy.open(directory, remote.toString(), branch, workingTree));
        } catch (RuntimeException e) {
            transports.close();
            throw e;
        }
        try {
            this.owner = call("claiming the working copy " + directory, () -> WorkingCopyOwner.claim(
                    workingCopy.repository().getDirectory().toPath(), OwnerRecord.current()));
        } catch (RuntimeException e) {
            workingCopy.close();
            transports.close();
            throw e;
        }
    }

    /** The working copy; only under the lock. */
    WorkingCopy copy() {
        return workingCopy;
    }

    String branch() {
        return branch;
    }

    boolean branchFixed() {
        return branchFixed;
    }

    Transports transports() {
        return transports;
    }

    Redactor redactor() {
        return redactor;
    }

    /** Under the lock: the branch is fixed from now on, reopening the working copy when it is another one. */
    void fixBranch(String chosen) throws IOException, GitAPIException {
        if (!chosen.equals(branch)) {
            WorkingCopy reopened = WorkingCopy.open(directory, remote.toString(), chosen, workingTree);
            workingCopy.close();
            workingCopy = reopened;
            branch = chosen;
        }
        branchFixed = true;
    }

    void lock() {
        lock.lock();
    }

    boolean tryLock() {
        return lock.tryLock();
    }

    void unlock() {
        boolean outermost = lock.getHoldCount() == 1;
        lock.unlock();
        if (outermost) {
            snapshots.released();
            onRelease.run();
        }
    }

    /**
     * Runs {@code action} after every outermost hold ends, on the thread that held it (the group
     * commit drains what was queued meanwhile). Set once, before the backend is used.
     */
    void onRelease(Runnable action) {
        this.onRelease = action;
    }

    /** Threads waiting for the lock. For tests. */
    int waiting() {
        return lock.getQueueLength();
    }

    /** The remote and {@code targetBranch}, without credentials. */
    String describe(String targetBranch) {
        return redactor.redact(remote.setPass(null).toString()) + " " + targetBranch;
    }

    /** Something JGit does, failing with an I/O or API exception. */
    @FunctionalInterface
    interface GitCall<T> {
        T call() throws IOException, GitAPIException;
    }

    /** {@code body} under the lock; repeated once when it fails and leaves Git lock files behind. */
    <T> T locked(String operation, GitCall<T> body) {
        lock();
        try {
            String described = operation + " of " + describe(branch);
            try {
                return call(described, body);
            } catch (GitOperationException failure) {
                if (!removedStaleLocks(described, failure)) {
                    throw failure;
                }
                LOG.warn("{} failed on a stale lock file; repeating it once", described);
                try {
                    return call(described, body);
                } catch (RuntimeException again) {
                    again.addSuppressed(failure);
                    throw again;
                }
            }
        } finally {
            unlock();
        }
    }

    /** Whether {@code failure} left lock files and they were removed; a problem doing so is added to it. */
    private boolean removedStaleLocks(String operation, GitOperationException failure) {
        try {
            return owner.removeLocksLeftBy(operation);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    <T> T call(String operation, GitCall<T> body) {
        try {
            return body.call();
        } catch (IOException | GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException e) {
            throw redactor.failure(operation, e);
        }
    }

    @Override
    public void close() {
        lock();
        try {
            transports.close();
            workingCopy.close();
            owner.close();
        } finally {
            unlock();
        }
    }

    @Override
    public String toString() {
        return describe(branch) + ", working copy " + directory;
    }
}
