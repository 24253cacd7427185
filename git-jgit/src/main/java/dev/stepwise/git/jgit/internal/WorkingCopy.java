package dev.stepwise.git.jgit.internal;

import dev.stepwise.validation.InvalidValueException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Objects;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.util.FileUtils;
import org.jspecify.annotations.Nullable;

/**
 * The local repository of one backend: the local branch (the local head), the remote-tracking
 * ref (the remote head as of the last fetch) and a working tree that follows the local head.
 * HEAD is detached at the local head, so the local branch can be dropped when the remote has no
 * such branch (yet). Not thread-safe: the backend holds a lock around every call.
 */
public final class WorkingCopy implements AutoCloseable {

    /** Remote name of the one remote. */
    public static final String REMOTE = "origin";

    private final Git git;
    private final String branchRef;
    private final String trackingRef;
    /** The commit this instance last checked the working tree out at; null until it has (a reopened copy is checked out again). */
    private @Nullable ObjectId checkedOut;
    /** While set, commits move the branch without checking the working tree out; {@link #catchUp} does it once. */
    private boolean deferred;
    /** Whether files are checked out on disk at all (see {@link #open}). */
    private final boolean workingTree;

    private WorkingCopy(Git git, String branch, boolean workingTree) {
        this.git = git;
        this.workingTree = workingTree;
        this.branchRef = Constants.R_HEADS + branch;
        this.trackingRef = Constants.R_REMOTES + REMOTE + "/" + branch;
    }

    /** The prefix of the folder a new working copy's repository is made in before it is moved into place. */
    public static final String UNFINISHED_INIT = ".stepwise-init-";

    /**
     * Opens the working copy in {@code directory}, creating it (with no commit) when the directory is
     * absent or empty. With {@code workingTree} false the files are never checked out: the directory
     * holds the repository (objects and refs) only, and whatever an earlier run checked out is left
     * as it was; reads come from the object database either way.
     */
    public static WorkingCopy open(Path directory, String remoteUri, String branch, boolean workingTree)
            throws IOException, GitAPIException {
        removeUnfinishedInits(directory);
        if (Files.isDirectory(directory.resolve(Constants.DOT_GIT))) {
            Git git = Git.open(directory.toFile());
            String origin = git.getRepository().getConfig().getString("remote", REMOTE, "url");
            if (!remoteUri.equals(origin)) {
                git.close();
                throw new InvalidValueException("workingDirectory", directory,
                        "is a working copy of another remote; use an empty directory for this one");
            }
            StoredConfig existing = git.getRepository().getConfig();
            if (existing.getBoolean("gc", null, "autoDetach", true) || existing.getBoolean("pack", null, "buildBitmaps", true)) {
                foregroundGc(existing);
                existing.save();
            }
            return new WorkingCopy(git, branch, workingTree);
        }
        if (Files.exists(directory) && !isEmptyDirectory(directory)) {
            throw new InvalidValueException("workingDirectory", directory,
                    "must be absent, empty, or a working copy made by JGitBackend");
        }
        Files.createDirectories(directory);
        // Made aside and moved into place in one rename: a process killed half-way through an init
        // in place left a .git that JGit could not open, and every later start failed on it.
        Path staging = Files.createTempDirectory(directory, UNFINISHED_INIT);
        try (Git staged = Git.init().setDirectory(staging.toFile()).setInitialBranch(branch).call()) {
            StoredConfig config = staged.getRepository().getConfig();
            config.setString("remote", REMOTE, "url", remoteUri);
            config.setString("remote", REMOTE, "fetch", "+refs/heads/*:" + Constants.R_REMOTES + REMOTE + "/*");
            config.setBoolean("core", null, "autocrlf", false);
            foregroundGc(config);
            config.save();
        }
        Files.move(staging.resolve(Constants.DOT_GIT), directory.resolve(Constants.DOT_GIT), StandardCopyOption.ATOMIC_MOVE);
        FileUtils.delete(staging.toFile(), FileUtils.RECURSIVE);
        return new WorkingCopy(Git.open(directory.toFile()), branch, workingTree);
    }

    /**
     * Removes what an init killed before its rename left in {@code directory}: a folder named
     * {@value #UNFINISHED_INIT}... holding a repository with no commit (nothing is fetched into a
     * working copy before it is opened), so nothing of anyone's is lost.
     */
    private static void removeUnfinishedInits(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path leftover : entries.filter(p -> p.getFileName().toString().startsWith(UNFINISHED_INIT)).toList()) {
                FileUtils.delete(leftover.toFile(), FileUtils.RECURSIVE);
            }
        }
    }

    /**
     * JGit's automatic garbage collection (after fetches, once loose objects or packs pile up)
     * writes no bitmap index and runs inside the operation, under the backend's lock, not on a
     * background thread: a background collection outlives the operation, races the next one, and a
     * process ending during it (a {@code kill -9}, an exit) leaves {@code gc.log.lock}, which stops
     * every later automatic collection in the working copy.
     */
    private static void foregroundGc(StoredConfig config) {
        config.setBoolean("gc", null, "autoDetach", false);
        // No bitmap index in the packs a collection writes: with one, every push checks each object
        // of the new commits' trees against it (a binary search per object), which made the bitmap
        // lookups a quarter of the engine's CPU with 1,000 rollouts in one repository; the plain
        // walk marks the remote head's objects once and looks each object up in a hash table.
        config.setBoolean("pack", null, "buildBitmaps", false);
    }

    public Git git() {
        return git;
    }

    public Repository repository() {
        return git.getRepository();
    }

    /** The local branch's commit, or null before the first commit. */
    public @Nullable ObjectId head() throws IOException {
        return idOf(branchRef);
    }

    /** The remote branch's commit as of the last fetch or push, or null when the remote has no such branch. */
    public @Nullable ObjectId remoteHead() throws IOException {
        return idOf(trackingRef);
    }

    /**
     * Moves the working tree to {@code next}, then the local branch from {@code expected} (null:
     * absent) to {@code next}; false if the branch was not at {@code expected}. The working tree
     * goes first so that a call failing on a lock file can be repeated as a whole.
     *
     * @throws LockFailedException when a Git lock file is in the way
     */
    public boolean advance(@Nullable ObjectId expected, ObjectId next) throws IOException {
        checkout(next);
        RefUpdate update = repository().updateRef(branchRef);
        update.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
        update.setNewObjectId(next);
        update.setRefLogMessage("stepwise: commit", false);
        RefUpdate.Result result = update.update();
        if (result == RefUpdate.Result.LOCK_FAILURE && !Objects.equals(head(), expected)) {
            return false; // JGit reports a moved branch as a lock failure too
        }
        result = requireLocked(result, branchRef);
        return result == RefUpdate.Result.NEW || result == RefUpdate.Result.FAST_FORWARD;
    }

    /**
     * Fails when a fetch or push could not update a remote-tracking ref, which JGit only reports
     * in the result: the remote head would silently stay at its old commit.
     *
     * @throws LockFailedException when a lock file was in the way
     * @throws IOException         when the update failed otherwise
     */
    public void requireTrackingUpdated(Collection<TrackingRefUpdate> updates) throws IOException {
        for (TrackingRefUpdate update : updates) {
            RefUpdate.Result result = update.getResult();
            if (result == null) {
                continue; // not attempted: the push was rejected
            }
            switch (result) {
                case NEW, FORCED, FAST_FORWARD, NO_CHANGE, NOT_ATTEMPTED -> { }
                case LOCK_FAILURE -> requireLocked(RefUpdate.Result.LOCK_FAILURE, update.getLocalName());
                default -> throw new IOException("could not update " + update.getLocalName() + ": " + result);
            }
        }
    }

    /** Puts the local branch and the working tree at {@code commit}, dropping local commits; null empties both. */
    public void resetTo(@Nullable ObjectId commit) throws IOException {
        ObjectId current = head();
        if (commit != null) {
            RefUpdate update = repository().updateRef(branchRef);
            update.setNewObjectId(commit);
            update.setRefLogMessage("stepwise: sync", false);
            requireLocked(update.forceUpdate(), branchRef);
        } else if (current != null) {
            detachHead(current);
            RefUpdate delete = repository().updateRef(branchRef);
            delete.setForceUpdate(true);
            requireLocked(delete.delete(), branchRef);
        }
        checkout(commit);
    }

    /**
     * Commits move the local branch without checking the working tree out until {@link #catchUp}:
     * a batch of commits checks the tree out once, not once per commit (the checkout scans the
     * whole tree). Reads never come from the working tree, so only a person looking at the
     * directory can tell.
     */
    public void deferCheckouts() {
        deferred = true;
    }

    /** Ends {@link #deferCheckouts}: checks the working tree out at the local head if it is behind. */
    public void catchUp() throws IOException {
        deferred = false;
        ObjectId head = head();
        if (head != null && !head.equals(checkedOut)) {
            checkout(head);
        }
    }

    private void checkout(@Nullable ObjectId commit) throws IOException {
        // The tree is already there when this instance checked it out at that very commit.
        boolean needed = workingTree && (commit == null || !commit.equals(checkedOut));
        if (needed && !(deferred && commit != null)) {
            ObjectId tree = commit == null ? emptyTree() : CommitWriter.treeOf(repository(), commit);
            DirCache index = repository().lockDirCache();
            try {
                DirCacheCheckout checkout = new DirCacheCheckout(repository(), index, tree);
                checkout.setFailOnConflict(false);
                checkout.checkout();
            } finally {
                index.unlock();
            }
            checkedOut = commit;
        }
        if (commit == null) {
            requireLocked(repository().updateRef(Constants.HEAD).link(branchRef), Constants.HEAD);
        } else {
            detachHead(commit);
        }
    }

    private void detachHead(ObjectId commit) throws IOException {
        RefUpdate head = repository().updateRef(Constants.HEAD, true);
        head.setNewObjectId(commit);
        requireLocked(head.forceUpdate(), Constants.HEAD);
    }

    /** {@code result}, unless JGit could not lock {@code ref}: a lock file is in the way. */
    private RefUpdate.Result requireLocked(RefUpdate.Result result, String ref) throws LockFailedException {
        if (result == RefUpdate.Result.LOCK_FAILURE) {
            throw new LockFailedException(new java.io.File(repository().getDirectory(), ref),
                    "cannot lock " + ref + " in " + repository().getDirectory());
        }
        return result;
    }

    private ObjectId emptyTree() throws IOException {
        try (ObjectInserter inserter = repository().newObjectInserter()) {
            ObjectId id = inserter.insert(Constants.OBJ_TREE, new byte[0]);
            inserter.flush();
            return id;
        }
    }

    private @Nullable ObjectId idOf(String ref) throws IOException {
        Ref found = repository().exactRef(ref);
        return found == null ? null : found.getObjectId();
    }

    private static boolean isEmptyDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
