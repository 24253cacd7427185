package dev.stepwise.git.jgit;

import dev.stepwise.git.jgit.internal.CommitWriter;
import dev.stepwise.git.jgit.internal.FileTree;
import dev.stepwise.git.jgit.internal.GroupCommit;
import dev.stepwise.git.jgit.internal.History;
import dev.stepwise.git.jgit.internal.OwnerRecord;
import dev.stepwise.git.jgit.internal.PushResults;
import dev.stepwise.git.jgit.internal.Redactor;
import dev.stepwise.git.jgit.internal.RepoPaths;
import dev.stepwise.git.jgit.internal.SyncFreshness;
import dev.stepwise.git.jgit.internal.Transports;
import dev.stepwise.git.jgit.internal.WorkingCopy;
import dev.stepwise.git.jgit.internal.WorkingCopyOwner;
import dev.stepwise.gitops.Change;
import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.StaleHeadException;
import dev.stepwise.validation.InvalidValueException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link GitBackend} on JGit, for {@code file://}, {@code git://}, {@code http(s)://} and
 * {@code ssh://} remotes, keeping a working copy in a directory of its own.
 *
 * <p>{@link #sync()} fetches the remote's branches and puts the local branch and the working tree
 * at the remote branch's head, dropping local commits that were not pushed; before the remote
 * has the branch, it returns {@link GitBackend#NO_COMMIT} and the first {@link #commit} (expecting
 * {@link GitBackend#NO_COMMIT}) creates it. Commits are written straight into the object database (the
 * parent's tree plus the changes), never signed, with the configured author and committer at the
 * clock's time; the working tree follows. Pushes never force and push a commit by its id. Every
 * method holds one lock, which {@link #exclusively} holds across several calls.
 * Transport failures are {@link GitOperationException}s with the remote's message and without
 * credentials. Build with {@link #builder(String, java.nio.file.Path)}.
 *
 * <p>Unless a branch is set ({@link JGitBackendBuilder#branch(String)}), the first {@link #sync()}
 * picks the branch the remote's {@code HEAD} names, as {@code git clone} does: a remote made with
 * a plain {@code git init --bare} and pushed to has {@code master}, another {@code main}. A remote
 * whose {@code HEAD} names no branch with a commit yet (an empty repository) keeps
 * {@link JGitBackendBuilder#DEFAULT_BRANCH}. The branch is then fixed for the backend's life;
 * calls before the first sync work on the default.
 *
 * <p>One backend owns its working directory: building one writes an owner file
 * ({@code .git/stepwise.owner}: pid, host, process start) and {@link #close()} releases it. A
 * working directory owned by a live process on this host (another backend in this JVM included)
 * or by a process on another host is refused with a {@link GitOperationException} saying how to
 * recover; one whose owner died (a {@code kill -9}) is taken over, and the Git lock files the dead
 * owner left ({@code index.lock}, {@code HEAD.lock}, {@code refs/**}{@code .lock}, ...) are
 * removed, each logged at WARN. When an operation fails and lock files are left, the backend
 * checks that it still owns the directory, removes them and repeats the operation once.
 */
public final class JGitBackend implements GitBackend {

    private static final Logger LOG = LoggerFactory.getLogger(JGitBackend.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final URIish remote;
    private final java.nio.file.Path workingDirectory;
    /** Guarded by the lock; read unlocked only to describe the backend. */
    private volatile String branch;
    /** Whether the branch is fixed: set explicitly, or picked by the first sync. Guarded by the lock. */
    private boolean branchFixed;
    private final PersonIdent author;
    private final PersonIdent committer;
    private final Clock clock;
    private final Transports transports;
    private final Redactor redactor;
    /** Guarded by the lock; reopened on another branch when the first sync follows the remote's HEAD. */
    private WorkingCopy workingCopy;
    private final WorkingCopyOwner owner;
    /** When the remote branch's head was last confirmed. Guarded by the lock. */
    private final SyncFreshness freshness;
    private final LongAdder fetches = new LongAdder();
    private final LongAdder commitsWalked = new LongAdder();
    private final GroupCommit groupCommit = new GroupCommit();
    private final GroupCommit.Target batchTarget = new BatchTarget();

    JGitBackend(JGitBackendBuilder builder) {
        this.remote = builder.remote();
        this.workingDirectory = builder.workingDirectory();
        this.branch = builder.branch().orElse(JGitBackendBuilder.DEFAULT_BRANCH);
        this.branchFixed = builder.branch().isPresent();
        this.author = builder.author();
        this.committer = builder.committer();
        this.clock = builder.clock();
        this.freshness = new SyncFreshness(builder.syncReuse());
        this.redactor = new Redactor(builder.credentials().secrets());
        this.transports = call("preparing the credentials", () -> new Transports(builder.credentials(), builder.timeout()));
        try {
            this.workingCopy = call("opening the working copy " + builder.workingDirectory(),
                    () -> WorkingCopy.open(builder.workingDirectory(), remote.toString(), branch));
        } catch (RuntimeException e) {
            transports.close();
            throw e;
        }
        try {
            this.owner = call("claiming the working copy " + builder.workingDirectory(), () -> WorkingCopyOwner.claim(
                    workingCopy.repository().getDirectory().toPath(), OwnerRecord.current()));
        } catch (RuntimeException e) {
            workingCopy.close();
            transports.close();
            throw e;
        }
    }

    /**
     * A builder for a backend on {@code remoteUri} keeping its working copy in
     * {@code workingDirectory}; see {@link JGitBackendBuilder} for the options and defaults.
     */
    public static JGitBackendBuilder builder(String remoteUri, java.nio.file.Path workingDirectory) {
        return new JGitBackendBuilder(remoteUri, workingDirectory);
    }

    /**
     * {@inheritDoc} Without fetching when the remote branch's head was confirmed less than
     * {@link JGitBackendBuilder#syncReuse} ago (by a fetch, or by this backend's own accepted push):
     * the working copy is then reset to that head, unpushed local commits dropped as by a fetch. A
     * rejected push, a failed fetch, and a head never fetched yet always fetch.
     */
    @Override
    public String sync() {
        return locked("sync", () -> {
            if (branchFixed && freshness.isFresh(clock.instant())) {
                ObjectId head = workingCopy.remoteHead();
                workingCopy.resetTo(head);
                return head == null ? NO_COMMIT : head.name();
            }
            freshness.forget();
            fetches.increment();
            FetchResult fetched = workingCopy.git().fetch().setRemote(WorkingCopy.REMOTE).setRemoveDeletedRefs(true)
                    .setTransportConfigCallback(transports).call();
            workingCopy.requireTrackingUpdated(fetched.getTrackingRefUpdates());
            if (!branchFixed) {
                followRemoteHead(fetched);
                branchFixed = true;
            }
            ObjectId head = workingCopy.remoteHead();
            workingCopy.resetTo(head);
            freshness.confirmed(clock.instant());
            LOG.debug("synced {} {} at {}", remote, branch, head == null ? "(no commit yet)" : head.name());
            return head == null ? NO_COMMIT : head.name();
        });
    }

    /** Moves to the branch the fetched {@code HEAD} names, if it names one other than the default. */
    private void followRemoteHead(FetchResult fetched) throws IOException, GitAPIException {
        Optional<String> named = RemoteHead.branch(fetched.getAdvertisedRefs(), branch);
        if (named.isEmpty() || named.get().equals(branch)) {
            LOG.debug("{} has no HEAD branch other than {}; staying on it", describe(branch), branch);
            return;
        }
        WorkingCopy reopened = WorkingCopy.open(workingDirectory, remote.toString(), named.get());
        workingCopy.close();
        workingCopy = reopened;
        branch = named.get();
        LOG.info("following the remote's HEAD: {}", describe(branch));
    }

    @Override
    public Optional<GitFile> read(String path) {
        RepoPaths.requireFile("path", path);
        return locked("read of " + path, () -> {
            ObjectId head = workingCopy.head();
            Repository repository = workingCopy.repository();
            try (ObjectReader reader = repository.newObjectReader()) {
                ObjectId blob = head == null ? null
                        : CommitWriter.blobAt(reader, CommitWriter.treeOf(repository, head), path);
                if (blob == null) {
                    return Optional.empty();
                }
                String content = new String(reader.open(blob, Constants.OBJ_BLOB).getBytes(), StandardCharsets.UTF_8);
                return Optional.of(new GitFile(path, content, blob.name()));
            }
        });
    }

    /** {@inheritDoc} Read from the head commit's tree in the object database, never from the working tree. */
    @Override
    public List<String> list(String directory) {
        String checked = RepoPaths.requireDirectoryOrRoot("directory", directory);
        return locked("list of " + (checked.isEmpty() ? "the whole tree" : checked),
                () -> FileTree.files(workingCopy.repository(), workingCopy.head(), checked));
    }

    /**
     * {@inheritDoc} An empty {@link Optional} deletes the file (deleting an absent file is no
     * change); {@code Optional.of("")} writes an empty file.
     */
    @Override
    public String commit(Map<String, Optional<String>> changes, CommitMessage message, String expectedParent) {
        InvalidValueException.requireNonNull("changes", changes);
        InvalidValueException.requireNonNull("message", message);
        InvalidValueException.requireNonNull("expectedParent", expectedParent);
        changes.forEach((path, content) -> {
            RepoPaths.requireFile("changes", path);
            InvalidValueException.requireNonNull("changes." + path, content);
        });
        return locked("commit", () -> {
            ObjectId head = workingCopy.head();
            String headName = head == null ? NO_COMMIT : head.name();
            if (!headName.equals(expectedParent)) {
                throw new StaleHeadException(expectedParent, headName);
            }
            PersonIdent when = new PersonIdent(author, clock.instant(), clock.getZone());
            PersonIdent by = new PersonIdent(committer, clock.instant(), clock.getZone());
            Optional<ObjectId> written = CommitWriter.write(workingCopy.repository(), head, changes, message, when, by);
            if (written.isEmpty()) {
                return expectedParent;
            }
            if (!workingCopy.advance(head, written.get())) {
                throw new StaleHeadException(expectedParent, String.valueOf(workingCopy.head()));
            }
            LOG.debug("committed {} on {}: {}", written.get().name(), branch, message.subject());
            return written.get().name();
        });
    }

    @Override
    public PushOutcome push() {
        return pushTo(branch);
    }

    @Override
    public PushOutcome pushTo(String targetBranch) {
        if (targetBranch == null || !Repository.isValidRefName(Constants.R_HEADS + targetBranch)) {
            throw new InvalidValueException("branch", targetBranch, "must be a valid branch name");
        }
        return locked("push to " + targetBranch, () -> {
            ObjectId head = workingCopy.head();
            if (head == null) {
                throw new IllegalStateException("nothing to push to " + targetBranch + ": no commit on " + branch);
            }
            return pushExactly(head, targetBranch);
        });
    }

    /**
     * {@inheritDoc} The commit need not be the local head any more (another thread's sync may have
     * moved it): what is pushed is that commit, by its id.
     */
    @Override
    public PushOutcome push(String commit) {
        if (commit == null || !ObjectId.isId(commit) || commit.equals(NO_COMMIT)) {
            throw new InvalidValueException("commit", commit, "must be the 40-hex id of a commit");
        }
        return locked("push of " + commit, () -> {
            ObjectId id = ObjectId.fromString(commit);
            if (!workingCopy.repository().getObjectDatabase().has(id)) {
                throw new InvalidValueException("commit", commit, "is not a commit of this working copy");
            }
            return pushExactly(id, branch);
        });
    }

    /**
     * {@inheritDoc} Holds the lock every other method takes; a backoff inside {@code body} would
     * keep every other user of the working copy waiting.
     */
    @Override
    public <T> T exclusively(Supplier<T> body) {
        InvalidValueException.requireNonNull("body", body);
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@inheritDoc} Group commit: the change is queued, then the caller takes the backend's lock;
     * whoever holds it and finds its own change not done yet publishes every change queued (at
     * most {@link GroupCommit#MAX_BATCH}, in the order queued) as one batch: one {@link #sync()}
     * (reusing a confirmed head as usual), each change on the head the previous one left (a chain
     * of commits, each with its own message; a change whose check throws fails alone with its
     * exception, the working copy put back), then one push of the chain's tip by its id. Pushed:
     * every change made returns its commit. Rejected: every change made fails with
     * {@link dev.stepwise.gitops.PublishRejectedException}, the unpushed chain is dropped and the
     * next sync fetches. A push that throws fails them all with it. Callers that queued meanwhile
     * wait on the lock; the next of them publishes them all. No thread of its own.
     */
    @Override
    public String publish(Change change) {
        InvalidValueException.requireNonNull("change", change);
        GroupCommit.Pending mine = groupCommit.enqueue(change);
        lock.lock();
        try {
            while (!mine.isDone()) {
                publishBatch();
            }
        } finally {
            lock.unlock();
        }
        return mine.outcome();
    }

    /** One batch, the working tree checked out once at its end rather than after each commit of the chain. */
    private void publishBatch() {
        workingCopy.deferCheckouts();
        try {
            groupCommit.publishBatch(batchTarget);
        } finally {
            try {
                locked("checkout of the batch's head", () -> {
                    workingCopy.catchUp();
                    return Boolean.TRUE;
                });
            } catch (GitOperationException e) {
                // Nothing reads the working tree; the batch's outcome stands, and the next sync checks it out.
                LOG.warn("{}; the working tree follows at the next sync", e.getMessage());
            }
        }
    }

    /** Threads waiting for the backend's lock (queued publishers among them). For tests. */
    int waitingForTheWorkingCopy() {
        return lock.getQueueLength();
    }

    /** What this backend has done so far: fetches, and {@link #publish}'s batches, changes, pushes. For measurements. */
    public BackendCounts counts() {
        long[] pushes = groupCommit.pushes();
        return new BackendCounts(fetches.sum(), groupCommit.batches(), groupCommit.changes(), pushes[0], pushes[1], pushes[2]);
    }

    /** The working copy as a batch of {@link #publish} uses it, under the lock. */
    private final class BatchTarget implements GroupCommit.Target {

        @Override
        public String sync() {
            return JGitBackend.this.sync();
        }

        @Override
        public String localHead() {
            return locked("head", () -> {
                ObjectId head = workingCopy.head();
                return head == null ? NO_COMMIT : head.name();
            });
        }

        @Override
        public void resetTo(String head) {
            locked("reset to " + head, () -> {
                workingCopy.resetTo(head.equals(NO_COMMIT) ? null : ObjectId.fromString(head));
                return head;
            });
        }

        @Override
        public void dropUnpushed() {
            locked("reset to the remote head", () -> {
                workingCopy.resetTo(workingCopy.remoteHead());
                return Boolean.TRUE;
            });
        }

        @Override
        public PushOutcome push(String commit) {
            return JGitBackend.this.push(commit);
        }
    }

    /** Pushes {@code commit} by its id to {@code targetBranch}; PUSHED only when the remote branch then holds that id. */
    private PushOutcome pushExactly(ObjectId commit, String targetBranch) throws IOException, GitAPIException {
        String target = Constants.R_HEADS + targetBranch;
        Iterable<PushResult> results = workingCopy.git().push().setRemote(WorkingCopy.REMOTE)
                .setRefSpecs(new RefSpec(commit.name() + ":" + target)).setForce(false)
                .setTransportConfigCallback(transports).call();
        StringBuilder problem = new StringBuilder();
        Optional<PushOutcome> outcome = PushResults.outcome(results, target, commit, problem);
        if (outcome.isEmpty()) {
            throw new GitOperationException(redactor.redact("push to " + describe(targetBranch)
                    + " refused: " + problem));
        }
        for (PushResult result : results) {
            workingCopy.requireTrackingUpdated(result.getTrackingRefUpdates());
        }
        if (targetBranch.equals(branch)) {
            // An accepted push saw the remote at our parent: as good as a fetch. A rejection means we are behind.
            if (outcome.get() == PushOutcome.PUSHED) {
                freshness.confirmed(clock.instant());
            } else {
                freshness.forget();
            }
        }
        LOG.debug("push of {} to {}: {}", commit.name(), describe(targetBranch), outcome.get());
        return outcome.get();
    }

    @Override
    public boolean contains(String commit) {
        return locked("contains", () -> History.contains(workingCopy.repository(), workingCopy.remoteHead(), commit));
    }

    @Override
    public List<CommitInfo> log(String path, int max) {
        String directory = RepoPaths.requireDirectoryOrRoot("path", path);
        InvalidValueException.requireAtLeast("max", max, 0);
        return locked("log of " + directory, () -> History.log(workingCopy.repository(), workingCopy.head(), directory, max,
                null, commitsWalked));
    }

    /** {@inheritDoc} The walk visits no commit older than {@code until} when {@code until} is in the head's history. */
    @Override
    public List<CommitInfo> log(String path, int max, String until) {
        String directory = RepoPaths.requireDirectoryOrRoot("path", path);
        InvalidValueException.requireAtLeast("max", max, 0);
        ObjectId stop = until != null && ObjectId.isId(until) ? ObjectId.fromString(until) : null;
        return locked("log of " + directory, () -> History.log(workingCopy.repository(), workingCopy.head(), directory, max,
                stop, commitsWalked));
    }

    /** Fetches made so far: syncs that did not reuse a confirmed head. For tests and measurements. */
    long fetches() {
        return fetches.sum();
    }

    /** Commits the history walks of {@link #log} have visited so far. For tests and measurements. */
    long commitsWalked() {
        return commitsWalked.sum();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            transports.close();
            workingCopy.close();
            owner.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "JGitBackend[" + describe(branch) + ", working copy " + workingCopy.repository().getWorkTree() + "]";
    }

    private String describe(String targetBranch) {
        return redactor.redact(remote.setPass(null).toString()) + " " + targetBranch;
    }

    /** Something JGit does, failing with an I/O or API exception. */
    @FunctionalInterface
    private interface GitCall<T> {
        T call() throws IOException, GitAPIException;
    }

    /** {@code body} under the lock; repeated once when it fails and leaves Git lock files behind. */
    private <T> T locked(String operation, GitCall<T> body) {
        lock.lock();
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
            lock.unlock();
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

    private <T> T call(String operation, GitCall<T> body) {
        try {
            return body.call();
        } catch (IOException | GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException e) {
            throw redactor.failure(operation, e);
        }
    }
}
