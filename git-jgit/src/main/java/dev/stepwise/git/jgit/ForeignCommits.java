package dev.stepwise.git.jgit;

import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.GitBackend.CommitInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Finds commits made outside Stepwise to a route file while a rollout is under way: those newer
 * than the newest Stepwise commit to the file, when that commit left traffic on the canary. A
 * person's edit between rollouts (the newest Stepwise commit put all traffic back on stable, or
 * Stepwise never wrote the file) is the user's own baseline and not a conflict. The answer
 * depends on the history only, so a restarted engine finds the same.
 *
 * <p>The walk stops at the newest Stepwise commit to the file this instance knows of (written
 * through it, or found by an earlier walk): it visits only the commits made since. Without one
 * (the first check after a start), or when that commit is no longer in the head's history, it
 * searches back for the newest Stepwise commit to the file among the newest 1, then 10, then
 * {@link #HISTORY_DEPTH} commits to it, stopping at the first depth that holds one. Thread-safe.
 */
final class ForeignCommits {

    /** How far back the history of a file is searched for the newest Stepwise commit. */
    static final int HISTORY_DEPTH = 100;
    /** The depths searched in turn when no commit of ours to the file is known. */
    private static final List<Integer> SEARCH_DEPTHS = List.of(1, 10, HISTORY_DEPTH);

    private final GitBackend backend;
    /** Path to the newest Stepwise commit to it known here. */
    private final Map<String, String> newestOurs = new ConcurrentHashMap<>();

    ForeignCommits(GitBackend backend) {
        this.backend = backend;
    }

    /** Remembers that Stepwise's {@code commit} (on the remote branch) changed {@code path}. */
    void wrote(String path, String commit) {
        newestOurs.put(path, commit);
    }

    /** The commits to {@code path} made outside Stepwise since a rollout last wrote it mid-way, newest first. */
    List<CommitInfo> since(String path) {
        String known = newestOurs.get(path);
        if (known != null) {
            Optional<List<CommitInfo>> bounded = answer(path, backend.log(path, HISTORY_DEPTH, known));
            if (bounded.isPresent()) {
                return bounded.get();
            }
            // the known commit is not in the head's history, or did not touch the file after all
        }
        // Deepening: the newest commit to the file is most often ours, and a walk for 100 of them
        // would go on through the history long after finding it.
        for (int depth : SEARCH_DEPTHS) {
            List<CommitInfo> history = backend.log(path, depth);
            Optional<List<CommitInfo>> found = answer(path, history);
            if (found.isPresent()) {
                return found.get();
            }
            if (history.size() < depth) {
                break;
            }
        }
        return List.of();
    }

    /** The foreign commits above the newest Stepwise commit in {@code history}; empty when it has none. */
    private Optional<List<CommitInfo>> answer(String path, List<CommitInfo> history) {
        List<CommitInfo> foreign = new ArrayList<>();
        for (CommitInfo commit : history) {
            if (AuditCommitMessage.isStepwise(commit.trailers())) {
                newestOurs.put(path, commit.id());
                return Optional.of(AuditCommitMessage.leftRolloutInProgress(commit.trailers()) ? foreign : List.of());
            }
            foreign.add(commit);
        }
        return Optional.empty();
    }

    /** For the operator: which commits, by whom, and what they said. */
    static String describe(List<CommitInfo> commits) {
        String listed = commits.stream().limit(3)
                .map(c -> "commit " + shortId(c.id()) + " by " + c.author() + " (\"" + subject(c.message()) + "\")")
                .collect(Collectors.joining(", "));
        int more = commits.size() - 3;
        return listed + (more > 0 ? " and " + more + " more" : "")
                + " since the rollout last wrote it; Stepwise will not overwrite it on its own."
                + " Resume to go on over it, or abort to roll back";
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static String subject(String message) {
        String first = message.strip().lines().findFirst().orElse("");
        return first.length() > 72 ? first.substring(0, 69) + "..." : first;
    }
}
