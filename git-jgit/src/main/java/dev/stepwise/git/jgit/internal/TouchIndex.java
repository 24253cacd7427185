package dev.stepwise.git.jgit.internal;

import dev.stepwise.gitops.GitBackend.CommitInfo;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.jspecify.annotations.Nullable;

/**
 * The newest commit that changed each path, learnt by walks of the history shared by every path:
 * one walk diffs each commit against its parent and records, for every path it changed, the
 * commit and the blob it left. A new engine (after a restart, or a leader taking over) checks the
 * route file of each of its rollouts for others' commits since Stepwise's last one; walking each
 * file's history on its own went through every commit since that file's last change, for every
 * file: with 1,000 rollouts in one repository, a takeover spent minutes under the backend's lock
 * comparing trees. With this index, the first check walks once for all of them.
 *
 * <p>An entry is a hint checked by the blob: it answers only when the blob its commit left is the
 * file's blob at the head now, so that a commit made since the walk (by a person, say) is never
 * hidden. Otherwise a walk from the current head records again what it passes. A walk goes on past
 * the commit it looks for as far again (so the next files' checks find theirs recorded), never
 * below a head an earlier walk covered to the root (everything there is recorded already), and
 * stops at a merge commit and after {@link #MAX_COMMITS}, leaving the rest unknown. Not
 * thread-safe: used under the backend's lock.
 */
public final class TouchIndex {

    /** The most commits one walk visits. */
    public static final int MAX_COMMITS = 20_000;

    private final Map<String, Touch> newest = new HashMap<>();
    /** Paths a walk from the head given did not find: asked again at the same head, not walked again. */
    private final Map<String, ObjectId> unknownAt = new HashMap<>();
    /** A head from which a walk reached the first commit: every change below it is recorded. */
    private @Nullable ObjectId covered;

    /** The newest commit that changed a path, and the path's blob after it ({@code ""}: deleted). */
    private record Touch(ObjectId commit, String blob) {
    }

    /**
     * The newest commit of {@code head}'s history that changed {@code path}, when the blob it left is
     * {@code blobNow}; empty when unknown (beyond a merge or {@link #MAX_COMMITS}, or never changed).
     * Every commit visited is added to {@code visited}.
     */
    public Optional<CommitInfo> newest(Repository repository, @Nullable ObjectId head, String path, String blobNow,
                                       LongAdder visited) throws IOException {
        if (head == null) {
            return Optional.empty();
        }
        Touch touch = newest.get(path);
        if (touch == null || !touch.blob().equals(blobNow)) {
            if (head.equals(unknownAt.get(path))) {
                return Optional.empty();
            }
            walk(repository, head, path, visited);
            touch = newest.get(path);
        }
        if (touch == null || !touch.blob().equals(blobNow)) {
            unknownAt.put(path, head.copy());
            return Optional.empty();
        }
        unknownAt.remove(path);
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(touch.commit());
            Map<String, String> trailers = new LinkedHashMap<>();
            for (FooterLine footer : commit.getFooterLines()) {
                trailers.putIfAbsent(footer.getKey(), footer.getValue());
            }
            return Optional.of(new CommitInfo(commit.getName(), commit.getFullMessage(), trailers,
                    commit.getAuthorIdent().getName(), List.of(path)));
        }
    }

    /** Walks from {@code head}, recording each path's newest change, until {@code path}'s and as far again. */
    private void walk(Repository repository, ObjectId head, String path, LongAdder visited) throws IOException {
        Set<String> seen = new HashSet<>();
        ObjectId coveredBefore = covered;
        long count = 0;
        long until = MAX_COMMITS;
        try (RevWalk walk = new RevWalk(repository); TreeWalk diff = new TreeWalk(repository)) {
            diff.setRecursive(true);
            diff.setFilter(TreeFilter.ANY_DIFF);
            walk.markStart(walk.parseCommit(head));
            for (RevCommit commit : walk) {
                if (commit.equals(coveredBefore)) {
                    covered = head; // the rest was recorded by the walk that covered it
                    return;
                }
                if (commit.getParentCount() > 1 || count >= until) {
                    return;
                }
                visited.increment();
                count++;
                record(walk, diff, commit, seen);
                if (until == MAX_COMMITS && seen.contains(path)) {
                    until = Math.min(MAX_COMMITS, 2 * count);
                }
            }
            covered = head;
        }
    }

    /** Records the paths {@code commit} changed against its parent that no newer commit of this walk changed. */
    private void record(RevWalk walk, TreeWalk diff, RevCommit commit, Set<String> seen) throws IOException {
        diff.reset();
        diff.addTree(commit.getTree());
        if (commit.getParentCount() == 0) {
            diff.addTree(new EmptyTreeIterator());
        } else {
            diff.addTree(walk.parseCommit(commit.getParent(0)).getTree());
        }
        while (diff.next()) {
            String changed = diff.getPathString();
            if (seen.add(changed)) {
                boolean deleted = diff.getRawMode(0) == FileMode.MISSING.getBits();
                newest.put(changed, new Touch(commit.copy(), deleted ? "" : diff.getObjectId(0).name()));
            }
        }
    }

    @Override
    public String toString() {
        return "TouchIndex[" + newest.size() + " paths" + (covered == null ? "" : ", covered from " + covered.name()) + "]";
    }
}
