package dev.stepwise.git.jgit;

import dev.stepwise.git.jgit.internal.CommitWriter;
import dev.stepwise.git.jgit.internal.GroupCommit;
import dev.stepwise.git.jgit.internal.History;
import dev.stepwise.git.jgit.internal.RepoPaths;
import dev.stepwise.git.jgit.internal.TouchIndex;
import dev.stepwise.git.jgit.internal.TreeCache;
import dev.stepwise.git.jgit.internal.WorkingCopy;
import dev.stepwise.gitops.Change;
import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.StaleHeadException;
import dev.stepwise.validation.InvalidValueException;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.jspecify.annotations.Nullable;
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
 * method holds one lock, which {@link #exclusively} holds across several calls, except
 * {@link #readSynced} and {@link #readCurrent}, which read an immutable snapshot of the remote head.
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

    private final PersonIdent author;
    private final PersonIdent committer;
    private final Clock clock;
    private final Snapshots snapshots = new Snapshots();
    private final GuardedWorkingCopy guarded;
    private final RemoteSync remote;
    private final LongAdder commitsWalked = new LongAdder();
    private final LongAdder commitsIndexed = new LongAdder();
    private final TouchIndex touches = new TouchIndex();
    /** The trees the last commits read and wrote: a batch's chain edits the same directories commit after commit. */
    private final TreeCache trees = new TreeCache(TreeCache.DEFAULT_MAX_BYTES);
    private final GroupPublisher publisher;
    /** The change this thread carries into its next publish ({@link #carry}), if any. */
    private final ThreadLocal<@Nullable Carry> carrying = new ThreadLocal<>();
    private final ObjectCollection collection;

    JGitBackend(JGitBackendBuilder builder) {
        this.author = builder.author();
        this.committer = builder.committer();
        this.clock = builder.clock();
        this.guarded = new GuardedWorkingCopy(builder, snapshots);
        this.remote = new RemoteSync(guarded, snapshots, builder.syncReuse(), builder.timeout(), clock);
        this.collection = new ObjectCollection(builder.collectObjects());
        this.publisher = new GroupPublisher(guarded, remote, this::push, collection);
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
        return remote.sync();
    }

    /**
     * {@inheritDoc} Reads a snapshot of the remote head (fetched or pushed last) from the object
     * database, without this backend's lock and without the working tree: when the head was
     * confirmed within {@link JGitBackendBuilder#syncReuse}, at once; otherwise this thread fetches
     * when nobody holds the working copy, or takes the head the hold in flight publishes (its
     * fetch, or its accepted push), queueing for the lock only when that hold ends without one.
     * Never unpushed commits, never half a batch.
     */
    @Override
    public <T> T readSynced(Function<? super Snapshot, T> reads) {
        InvalidValueException.requireNonNull("reads", reads);
        return reads.apply(remote.freshSnapshot());
    }

    /** {@inheritDoc} The snapshot of the remote head fetched or pushed last, without the lock; before any, as the default. */
    @Override
    public <T> T readCurrent(Function<? super Snapshot, T> reads) {
        InvalidValueException.requireNonNull("reads", reads);
        HeadSnapshot latest = snapshots.latest();
        return latest == null ? GitBackend.super.readCurrent(reads) : reads.apply(latest);
    }

    /** {@inheritDoc} At the local head (inside a publish, the chain's head so far), under the lock. */
    @Override
    public Optional<GitFile> read(String path) {
        RepoPaths.requireFile("path", path);
        return guarded.locked("read of " + path, () -> localSnapshot().read(path));
    }

    /** {@inheritDoc} Read from the head commit's tree in the object database, never from the working tree. */
    @Override
    public List<String> list(String directory) {
        String checked = RepoPaths.requireDirectoryOrRoot("directory", directory);
        return guarded.locked("list of " + (checked.isEmpty() ? "the whole tree" : checked),
                () -> localSnapshot().list(checked));
    }

    /** The local head as a snapshot; under the lock. */
    private HeadSnapshot localSnapshot() throws IOException {
        return new HeadSnapshot(guarded.copy().repository(), guarded.copy().head(), Optional.empty());
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
        return guarded.locked("commit", () -> {
            WorkingCopy workingCopy = guarded.copy();
            ObjectId head = workingCopy.head();
            String headName = head == null ? NO_COMMIT : head.name();
            if (!headName.equals(expectedParent)) {
                throw new StaleHeadException(expectedParent, headName);
            }
            PersonIdent when = new PersonIdent(author, clock.instant(), clock.getZone());
            PersonIdent by = new PersonIdent(committer, clock.instant(), clock.getZone());
            Optional<ObjectId> written = CommitWriter.write(workingCopy.repository(), trees, head, changes, message, when, by);
            if (written.isEmpty()) {
                return expectedParent;
            }
            if (!workingCopy.advance(head, written.get())) {
                throw new StaleHeadException(expectedParent, String.valueOf(workingCopy.head()));
            }
            LOG.debug("committed {} on {}: {}", written.get().name(), guarded.branch(), message.subject());
            return written.get().name();
        });
    }

    @Override
    public PushOutcome push() {
        return pushTo(guarded.branch());
    }

    @Override
    public PushOutcome pushTo(String targetBranch) {
        if (targetBranch == null || !Repository.isValidRefName(Constants.R_HEADS + targetBranch)) {
            throw new InvalidValueException("branch", targetBranch, "must be a valid branch name");
        }
        return guarded.locked("push to " + targetBranch, () -> {
            ObjectId head = guarded.copy().head();
            if (head == null) {
                throw new IllegalStateException("nothing to push to " + targetBranch + ": no commit on " + guarded.branch());
            }
            return remote.pushExactly(head, targetBranch);
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
        return guarded.locked("push of " + commit, () -> {
            ObjectId id = ObjectId.fromString(commit);
            if (!guarded.copy().repository().getObjectDatabase().has(id)) {
                throw new InvalidValueException("commit", commit, "is not a commit of this working copy");
            }
            return remote.pushExactly(id, guarded.branch());
        });
    }

    /**
     * {@inheritDoc} Holds the lock every other method takes; a backoff inside {@code body} would
     * keep every other user of the working copy waiting.
     */
    @Override
    public <T> T exclusively(Supplier<T> body) {
        InvalidValueException.requireNonNull("body", body);
        guarded.lock();
        try {
            return body.get();
        } finally {
            guarded.unlock();
        }
    }

    /**
     * {@inheritDoc} Group commit: the change is queued; whoever gets the backend's lock publishes
     * batches until its own change is done, each batch every change queued (at
     * most {@link GroupCommit#MAX_BATCH}, in the order queued) as one batch: one {@link #sync()}
     * (reusing a confirmed head as usual), each change on the head the previous one left (a chain
     * of commits, each with its own message; a change whose check throws fails alone with its
     * exception, the working copy put back), then one push of the chain's tip by its id. Pushed:
     * every change made returns its commit. Rejected: every change made fails with
     * {@link dev.stepwise.gitops.PublishRejectedException}, the unpushed chain is dropped and the
     * next sync fetches. A push that throws fails them all with it. Callers that queued meanwhile
     * wait for their change to be done, or for their turn: the end of every hold of the working
     * copy wakes the caller of the oldest change still queued, who publishes the next batch. No
     * thread of its own.
     */
    @Override
    public String publish(Change change) {
        InvalidValueException.requireNonNull("change", change);
        Carry carry = carrying.get();
        if (carry == null || carry.published) {
            return publisher.publish(change);
        }
        String commit = publisher.publish(carry.ahead.andThen(change));
        carry.published = true;
        return commit;
    }

    /**
     * {@inheritDoc} Carried per thread: only this thread's publishes inside {@code body} take it.
     * Not nested: a thread carries one change at a time.
     */
    @Override
    public Optional<Carried> carry(Change ahead, Runnable body) {
        InvalidValueException.requireNonNull("ahead", ahead);
        InvalidValueException.requireNonNull("body", body);
        if (carrying.get() != null) {
            throw new IllegalStateException("this thread carries a change already");
        }
        Carry carry = new Carry(ahead);
        carrying.set(carry);
        @Nullable RuntimeException failure = null;
        try {
            body.run();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            carrying.remove();
        }
        return Optional.of(new Carried(carry.published, Optional.ofNullable(failure)));
    }

    /** The change a thread carries into its next publish, and whether a publish took it. */
    private static final class Carry {
        private final Change ahead;
        private boolean published;

        private Carry(Change ahead) {
            this.ahead = ahead;
        }
    }

    /** Threads waiting for the backend's lock, and changes queued to publish. For tests. */
    int waitingForTheWorkingCopy() {
        return guarded.waiting() + publisher.queued();
    }

    /**
     * What this backend has done so far: fetches, {@link #publish}'s batches, changes and pushes,
     * the packings of its loose objects with their time, and the consolidations with the longest
     * pause. For measurements.
     */
    public BackendCounts counts() {
        return publisher.counts(remote.fetches());
    }

    @Override
    public boolean contains(String commit) {
        return guarded.locked("contains", () -> History.contains(guarded.copy().repository(), guarded.copy().remoteHead(), commit));
    }

    @Override
    public List<CommitInfo> log(String path, int max) {
        String directory = RepoPaths.requireDirectoryOrRoot("path", path);
        InvalidValueException.requireAtLeast("max", max, 0);
        return guarded.locked("log of " + directory, () -> History.log(guarded.copy().repository(), guarded.copy().head(),
                directory, max, null, commitsWalked));
    }

    /** {@inheritDoc} The walk visits no commit older than {@code until} when {@code until} is in the head's history. */
    @Override
    public List<CommitInfo> log(String path, int max, String until) {
        String directory = RepoPaths.requireDirectoryOrRoot("path", path);
        InvalidValueException.requireAtLeast("max", max, 0);
        ObjectId stop = until != null && ObjectId.isId(until) ? ObjectId.fromString(until) : null;
        return guarded.locked("log of " + directory, () -> History.log(guarded.copy().repository(), guarded.copy().head(),
                directory, max, stop, commitsWalked));
    }

    /**
     * {@inheritDoc} From an index of the history shared by every path ({@code TouchIndex}): the
     * first call walks once, diffing each commit against its parent, and records every path's newest
     * change; later calls answer from it while the blob it recorded is still the file's.
     */
    @Override
    public Optional<CommitInfo> newestChange(String path, String blobNow) {
        String file = RepoPaths.requireFile("path", path);
        InvalidValueException.requireNonNull("blobNow", blobNow);
        return guarded.locked("newest change of " + file, () -> touches.newest(guarded.copy().repository(),
                guarded.copy().head(), file, blobNow, commitsIndexed));
    }

    /** Fetches made so far: syncs and reads that did not reuse a confirmed head. For tests and measurements. */
    long fetches() {
        return remote.fetches();
    }

    /** Commits the walks of {@link #newestChange}'s index have visited so far. For tests and measurements. */
    long commitsIndexed() {
        return commitsIndexed.sum();
    }

    /** Commits the history walks of {@link #log} have visited so far. For tests and measurements. */
    long commitsWalked() {
        return commitsWalked.sum();
    }

    /** The snapshot readers get now, without fetching; null before the first fetch or push. For tests. */
    @org.jspecify.annotations.Nullable HeadSnapshot latestSnapshot() {
        return snapshots.latest();
    }

    @Override
    public void close() {
        collection.close();
        remote.close();
        guarded.close();
    }

    /** Waits at most {@code timeout} for a packing of loose objects under way to end. For tests. */
    boolean awaitObjectCollection(java.time.Duration timeout) throws InterruptedException {
        return collection.awaitIdle(timeout);
    }

    @Override
    public String toString() {
        return "JGitBackend[" + guarded + "]";
    }
}
