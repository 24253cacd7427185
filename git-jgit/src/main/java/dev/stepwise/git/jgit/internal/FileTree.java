package dev.stepwise.git.jgit.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.jspecify.annotations.Nullable;

/** Reads the files of a commit's tree from the object database; the working tree plays no part. */
public final class FileTree {

    private FileTree() {
    }

    /**
     * The paths of the files (blobs) under {@code directory} ("" for the whole tree) in
     * {@code commit}'s tree, recursively, in {@link String} order; empty when {@code commit} is
     * null or nothing is under {@code directory}. Only the subtrees on the way to
     * {@code directory} are read, so the cost follows the directory's size, not the history's.
     */
    public static List<String> files(Repository repository, @Nullable ObjectId commit, String directory) throws IOException {
        List<String> files = new ArrayList<>();
        if (commit == null) {
            return files;
        }
        String prefix = directory.isEmpty() ? "" : directory + "/";
        try (ObjectReader reader = repository.newObjectReader();
             RevWalk commits = new RevWalk(reader);
             TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(commits.parseCommit(commit).getTree());
            walk.setRecursive(true);
            if (!directory.isEmpty()) {
                walk.setFilter(PathFilter.create(directory));
            }
            while (walk.next()) {
                // the filter also matches a file named like the directory, which is no directory
                if (walk.getPathString().startsWith(prefix) && walk.getFileMode(0).getObjectType() == Constants.OBJ_BLOB) {
                    files.add(walk.getPathString());
                }
            }
        }
        files.sort(null);
        return files;
    }
}
