package dev.stepwise.git.jgit;

import dev.stepwise.git.jgit.internal.CommitWriter;
import dev.stepwise.git.jgit.internal.FileTree;
import dev.stepwise.git.jgit.internal.History;
import dev.stepwise.git.jgit.internal.RepoPaths;
import dev.stepwise.gitops.GitBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.jspecify.annotations.Nullable;

/**
 * The remote branch's head as the backend last knew it (fetched, or its own push accepted), read
 * from the object database: immutable, so any thread reads it without the backend's lock, each
 * read with an {@link ObjectReader} of its own. Objects are only ever added while the backend
 * runs (fetches, commits; the automatic collection keeps every object reachable from the remote
 * head), so a snapshot's objects stay readable.
 *
 * @param repository  the working copy's repository (its object database)
 * @param head        the remote branch's commit, null while the remote has no commit on it
 * @param confirmedAt when that head was confirmed (fetched, or our push accepted on it); empty
 *                    when it may be behind (a fetch under way or failed, a push rejected)
 */
record HeadSnapshot(Repository repository, @Nullable ObjectId head, Optional<Instant> confirmedAt)
        implements GitBackend.Snapshot {

    /** The same head, no longer known to be current. */
    HeadSnapshot forgotten() {
        return new HeadSnapshot(repository, head, Optional.empty());
    }

    /** The head's id, {@link GitBackend#NO_COMMIT} before the remote has a commit on the branch. */
    String headName() {
        return head == null ? GitBackend.NO_COMMIT : head.name();
    }

    @Override
    public Optional<GitBackend.GitFile> read(String path) {
        RepoPaths.requireFile("path", path);
        ObjectId at = head;
        if (at == null) {
            return Optional.empty();
        }
        try (ObjectReader reader = repository.newObjectReader()) {
            ObjectId blob = CommitWriter.blobAt(reader, CommitWriter.treeOf(repository, at), path);
            if (blob == null) {
                return Optional.empty();
            }
            String content = new String(reader.open(blob, Constants.OBJ_BLOB).getBytes(), StandardCharsets.UTF_8);
            return Optional.of(new GitBackend.GitFile(path, content, blob.name()));
        } catch (IOException e) {
            throw new GitOperationException("read of " + path + " at " + at.name() + " failed: " + e, e);
        }
    }

    @Override
    public List<String> list(String directory) {
        String checked = RepoPaths.requireDirectoryOrRoot("directory", directory);
        try {
            return FileTree.files(repository, head, checked);
        } catch (IOException e) {
            throw new GitOperationException("list of " + checked + " at " + headName() + " failed: " + e, e);
        }
    }

    @Override
    public boolean contains(String commit) {
        try {
            return History.contains(repository, head, commit);
        } catch (IOException e) {
            throw new GitOperationException("looking for " + commit + " at " + headName() + " failed: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "HeadSnapshot[" + headName() + ", confirmed " + confirmedAt.map(Instant::toString).orElse("no") + "]";
    }
}
