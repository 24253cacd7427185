package dev.stepwise.git.jgit.internal;

import dev.stepwise.gitops.CommitMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.jspecify.annotations.Nullable;

/**
 * Writes a commit straight into the object database: the parent's tree with the changes applied
 * in an in-memory index, so the working copy plays no part (it is moved afterwards). No commit is
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
        try (ObjectInserter inserter = repository.newObjectInserter();
             ObjectReader reader = repository.newObjectReader();
             RevWalk walk = new RevWalk(reader)) {
            ObjectId parentTree = parent == null ? null : walk.parseCommit(parent).getTree();
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            if (parentTree != null) {
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, parentTree);
            }
            builder.finish();
            DirCacheEditor editor = index.editor();
            boolean changed = false;
            for (Map.Entry<String, Optional<String>> change : changes.entrySet()) {
                changed |= edit(editor, inserter, reader, parentTree, change.getKey(), change.getValue());
            }
            if (!changed) {
                return Optional.empty();
            }
            editor.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
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

    /** Adds the edit of one path to {@code editor}; whether it changes anything. */
    private static boolean edit(DirCacheEditor editor, ObjectInserter inserter, ObjectReader reader, @Nullable ObjectId parentTree,
                                String path, Optional<String> content) throws IOException {
        ObjectId current = blobAt(reader, parentTree, path);
        if (content.isEmpty()) {
            if (current == null) {
                return false;
            }
            editor.add(new DirCacheEditor.DeletePath(path));
            return true;
        }
        byte[] bytes = content.get().getBytes(StandardCharsets.UTF_8);
        if (inserter.idFor(Constants.OBJ_BLOB, bytes).equals(current)) {
            return false;
        }
        ObjectId blob = inserter.insert(Constants.OBJ_BLOB, bytes);
        editor.add(new DirCacheEditor.PathEdit(path) {
            @Override
            public void apply(DirCacheEntry entry) {
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(blob);
            }
        });
        return true;
    }

    /** The id of the blob at {@code path} in {@code tree}, or null. */
    public static @Nullable ObjectId blobAt(ObjectReader reader, @Nullable ObjectId tree, String path) throws IOException {
        if (tree == null) {
            return null;
        }
        try (TreeWalk walk = TreeWalk.forPath(reader, path, tree)) {
            return walk == null || walk.getFileMode(0).getObjectType() != Constants.OBJ_BLOB ? null : walk.getObjectId(0);
        }
    }

    /** The tree of {@code commit}. */
    public static ObjectId treeOf(Repository repository, ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit parsed = walk.parseCommit(commit);
            return parsed.getTree().getId();
        }
    }
}
