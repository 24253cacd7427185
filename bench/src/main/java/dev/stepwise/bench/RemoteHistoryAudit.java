package dev.stepwise.bench;

import dev.stepwise.git.jgit.GitStateStore;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.traffic.TrafficSplit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * What the remote itself holds, read with plain JGit from the bare repository the daemon serves:
 * its commits (state saves carry {@link GitStateStore#VERSION_TRAILER}; every other commit is a
 * traffic write), and for each rollout the splits its route files held at every commit that
 * changed them, found by diffing each commit against its first parent, not from trailers.
 */
final class RemoteHistoryAudit {

    /** Counts and the splits per rollout, newest commit first. */
    record Result(int commits, int trafficCommits, int stateCommits, Map<String, List<TrafficSplit>> splits,
                  Map<String, TrafficSplit> atHead) {
    }

    private RemoteHistoryAudit() {
    }

    /**
     * Reads the history of {@code branch} in {@code bareRepository}; {@code renderers} maps each
     * rollout id to its renderer, {@code paths} each resource to its path in the repository.
     */
    static Result read(Path bareRepository, String branch, Map<String, MeshRenderer> renderers,
                       Function<ResourceRef, String> paths) throws IOException {
        Map<String, String> owner = new HashMap<>();
        renderers.forEach((id, renderer) -> renderer.resources().forEach(ref -> owner.put(paths.apply(ref), id)));
        Map<String, List<TrafficSplit>> splits = new HashMap<>();
        Map<String, TrafficSplit> atHead = new HashMap<>();
        int commits = 0;
        int state = 0;
        try (Repository repo = new FileRepositoryBuilder().setGitDir(bareRepository.toFile()).setMustExist(true).build();
             RevWalk walk = new RevWalk(repo)) {
            ObjectId head = repo.resolve("refs/heads/" + branch);
            if (head == null) {
                return new Result(0, 0, 0, splits, atHead);
            }
            RevCommit headCommit = walk.parseCommit(head);
            for (Map.Entry<String, MeshRenderer> e : renderers.entrySet()) {
                atHead.put(e.getKey(), splitAt(repo, headCommit, e.getValue(), paths));
            }
            walk.markStart(headCommit);
            for (RevCommit commit : walk) {
                commits++;
                if (!commit.getFooterLines(GitStateStore.VERSION_TRAILER).isEmpty()) {
                    state++;
                }
                for (String rollout : rolloutsChanged(repo, walk, commit, owner)) {
                    splits.computeIfAbsent(rollout, k -> new ArrayList<>())
                            .add(splitAt(repo, commit, Objects.requireNonNull(renderers.get(rollout)), paths));
                }
            }
        }
        return new Result(commits, commits - state, state, splits, atHead);
    }

    private static Set<String> rolloutsChanged(Repository repo, RevWalk walk, RevCommit commit, Map<String, String> owner)
            throws IOException {
        Set<String> changed = new HashSet<>();
        try (TreeWalk tree = new TreeWalk(repo)) {
            tree.setRecursive(true);
            if (commit.getParentCount() > 0) {
                tree.addTree(walk.parseCommit(commit.getParent(0)).getTree());
                tree.setFilter(TreeFilter.ANY_DIFF);
            }
            tree.addTree(commit.getTree());
            while (tree.next()) {
                String rollout = owner.get(tree.getPathString());
                if (rollout != null) {
                    changed.add(rollout);
                }
            }
        }
        return changed;
    }

    private static TrafficSplit splitAt(Repository repo, RevCommit commit, MeshRenderer renderer,
                                        Function<ResourceRef, String> paths) throws IOException {
        List<Manifest> stored = new ArrayList<>();
        for (ResourceRef ref : renderer.resources()) {
            file(repo, commit, paths.apply(ref)).map(Manifest::parse).ifPresent(stored::add);
        }
        return renderer.parse(stored).orElse(TrafficSplit.allStable());
    }

    private static Optional<String> file(Repository repo, RevCommit commit, String path) throws IOException {
        try (TreeWalk tree = TreeWalk.forPath(repo, path, commit.getTree())) {
            if (tree == null) {
                return Optional.empty();
            }
            return Optional.of(new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
        }
    }
}
