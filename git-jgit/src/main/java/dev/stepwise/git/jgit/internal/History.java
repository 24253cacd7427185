package dev.stepwise.git.jgit.internal;

import dev.stepwise.gitops.GitBackend.CommitInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.jspecify.annotations.Nullable;

/** Reads the history: commits touching a path with their trailers and files, and ancestry. */
public final class History {

    private History() {
    }

    /** Commits from {@code head} that touched {@code path} (every commit when empty), newest first, at most {@code max}. */
    public static List<CommitInfo> log(Repository repository, @Nullable ObjectId head, String path, int max) throws IOException {
        return log(repository, head, path, max, null, new LongAdder());
    }

    /**
     * Like {@link #log(Repository, ObjectId, String, int)}, but streaming: the walk stops as soon as
     * {@code max} commits are found or {@code until} (included when it touched the path) is
     * visited, and adds every commit it visits to {@code visited}. A commit touches the path when
     * the path's blob or tree differs from every parent's (is present, for a root commit); every
     * parent is followed. Without {@code until}, or when {@code until} is not in {@code head}'s
     * history, the walk goes on until {@code max} commits are found or the history ends.
     */
    public static List<CommitInfo> log(Repository repository, @Nullable ObjectId head, String path, int max,
                                       @Nullable ObjectId until, LongAdder visited) throws IOException {
        List<CommitInfo> commits = new ArrayList<>();
        if (head == null || max == 0) {
            return commits;
        }
        try (RevWalk walk = new RevWalk(repository)) {
            // No tree filter: a path-filtered RevWalk rewrites parents and so walks the whole history first.
            walk.markStart(walk.parseCommit(head));
            for (RevCommit commit : walk) {
                visited.increment();
                if (touches(walk, commit, path)) {
                    commits.add(info(repository, commit));
                }
                if (commits.size() >= max || commit.equals(until)) {
                    break;
                }
            }
        }
        return commits;
    }

    private static boolean touches(RevWalk walk, RevCommit commit, String path) throws IOException {
        ObjectId here = idAt(walk, commit, path);
        if (commit.getParentCount() == 0) {
            return here != null;
        }
        for (RevCommit parent : commit.getParents()) {
            if (Objects.equals(here, idAt(walk, walk.parseCommit(parent), path))) {
                return false;
            }
        }
        return true;
    }

    /** The blob or tree at {@code path} in {@code commit} (its root tree when empty); null when absent. */
    private static @Nullable ObjectId idAt(RevWalk walk, RevCommit commit, String path) throws IOException {
        RevTree tree = commit.getTree();
        if (path.isEmpty()) {
            return tree;
        }
        try (TreeWalk found = TreeWalk.forPath(walk.getObjectReader(), path, tree)) {
            return found == null ? null : found.getObjectId(0);
        }
    }

    /** Whether {@code tip} is {@code commit} or descends from it; false for an id unknown here. */
    public static boolean contains(Repository repository, @Nullable ObjectId tip, String commit) throws IOException {
        if (tip == null || commit == null || !ObjectId.isId(commit)) {
            return false;
        }
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit candidate;
            try {
                candidate = walk.parseCommit(ObjectId.fromString(commit));
            } catch (MissingObjectException | IncorrectObjectTypeException e) {
                return false;
            }
            return walk.isMergedInto(candidate, walk.parseCommit(tip));
        }
    }

    private static CommitInfo info(Repository repository, RevCommit commit) throws IOException {
        Map<String, String> trailers = new LinkedHashMap<>();
        for (FooterLine footer : commit.getFooterLines()) {
            trailers.putIfAbsent(footer.getKey(), footer.getValue());
        }
        return new CommitInfo(commit.getName(), commit.getFullMessage(), trailers,
                commit.getAuthorIdent().getName(), files(repository, commit));
    }

    /**
     * The paths {@code commit} changed against its first parent (every path of a root commit).
     * A walk of its own: a path-filtered walk rewrites parents to the previous commit touching the path.
     */
    private static List<String> files(Repository repository, ObjectId id) throws IOException {
        List<String> files = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
            RevCommit commit = walk.parseCommit(id);
            tree.setRecursive(true);
            if (commit.getParentCount() > 0) {
                tree.addTree(walk.parseCommit(commit.getParent(0)).getTree());
            } else {
                tree.addTree(new EmptyTreeIterator());
            }
            tree.addTree(commit.getTree());
            tree.setFilter(TreeFilter.ANY_DIFF);
            while (tree.next()) {
                files.add(tree.getPathString());
            }
        }
        return files;
    }
}
