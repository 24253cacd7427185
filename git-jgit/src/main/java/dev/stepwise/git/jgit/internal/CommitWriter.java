package dev.stepwise.git.jgit.internal;

import dev.stepwise.gitops.CommitMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.jspecify.annotations.Nullable;

/**
 * Writes a commit straight into the object database: the parent's tree with the changes applied
 * by {@link TreeEditor}, which rewrites only the trees on the changed paths, so the working copy
 * plays no part and a commit's cost follows the directories it touches, not the repository. No commit is
 * signed: {@link CommitBuilder} never reads the signing configuration.
 */
public final class CommitWriter {

    private CommitWriter() {
    }

    /**
     * The id of a new commit on {@code parent} (null for the first commit), or empty when every
     * change leaves its file as it is.
     */
    public static Optional<ObjectId> write(Repository repository, @Nullable ObjectId parent, Map<String, Optional<String>> changes,
                                           CommitMessage message, PersonIdent author, PersonIdent committer)
            throws IOException {
        return write(repository, new TreeCache(TreeCache.DEFAULT_MAX_BYTES), parent, changes, message, author, committer);
    }

    /**
     * As {@link #write(Repository, ObjectId, Map, CommitMessage, PersonIdent, PersonIdent)}, the
     * trees read from and kept in {@code trees}.
     */
    public static Optional<ObjectId> write(Repository repository, TreeCache trees, @Nullable ObjectId parent,
                                           Map<String, Optional<String>> changes, CommitMessage message, PersonIdent author,
                                           PersonIdent committer) throws IOException {
        try (ObjectInserter inserter = repository.newObjectInserter();
             ObjectReader reader = repository.newObjectReader();
             RevWalk walk = new RevWalk(reader)) {
            ObjectId parentTree = parent == null ? null : walk.parseCommit(parent).getTree();
            Map<String, Optional<ObjectId>> edits = new LinkedHashMap<>();
            for (Map.Entry<String, Optional<String>> change : changes.entrySet()) {
                addEdit(edits, inserter, reader, trees, parentTree, change.getKey(), change.getValue());
            }
            if (edits.isEmpty()) {
                return Optional.empty();
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(TreeEditor.apply(reader, inserter, trees, parentTree, edits));
            if (parent != null) {
                commit.setParentId(parent);
            }
            commit.setAuthor(author);
            commit.setCommitter(committer);
            commit.setMessage(message.text());
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return Optional.of(id);
        }
    }

    /**
     * Adds the edit of one path to {@code edits} unless it changes nothing: a new blob (inserted),
     * or the deletion of a file that is there.
     */
    private static void addEdit(Map<String, Optional<ObjectId>> edits, ObjectInserter inserter, ObjectReader reader,
                                TreeCache trees, @Nullable ObjectId parentTree, String path, Optional<String> content)
            throws IOException {
        ObjectId current = TreeEditor.blobAt(reader, trees, parentTree, path);
        if (content.isEmpty()) {
            if (current != null) {
                edits.put(path, Optional.empty());
            }
            return;
        }
        byte[] bytes = content.get().getBytes(StandardCharsets.UTF_8);
        if (!inserter.idFor(Constants.OBJ_BLOB, bytes).equals(current)) {
            edits.put(path, Optional.of(inserter.insert(Constants.OBJ_BLOB, bytes)));
        }
    }

    /** The id of the blob at {@code path} in {@code tree}, or null (trees read as a commit reads them, none kept). */
    public static @Nullable ObjectId blobAt(ObjectReader reader, @Nullable ObjectId tree, String path) throws IOException {
        return TreeEditor.blobAt(reader, new TreeCache(0), tree, path);
    }

    /** The tree of {@code commit}. */
    public static ObjectId treeOf(Repository repository, ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit parsed = walk.parseCommit(commit);
            return parsed.getTree().getId();
        }
    }
}
