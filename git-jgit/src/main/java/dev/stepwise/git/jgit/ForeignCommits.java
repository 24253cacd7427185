package dev.stepwise.git.jgit;

import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.GitBackend.CommitInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds commits made outside Stepwise to a route file while a rollout is under way: those newer
 * than the newest Stepwise commit to the file, when that commit left traffic on the canary. A
 * person's edit between rollouts (the newest Stepwise commit put all traffic back on stable, or
 * Stepwise never wrote the file) is the user's own baseline and not a conflict. Stateless: the
 * answer depends on the history only, so a restarted engine finds the same.
 */
final class ForeignCommits {

    /** How far back the history of a file is searched for the newest Stepwise commit. */
    static final int HISTORY_DEPTH = 100;

    private ForeignCommits() {
    }

    /** The commits to {@code path} made outside Stepwise since a rollout last wrote it mid-way, newest first. */
    static List<CommitInfo> since(GitBackend backend, String path) {
        List<CommitInfo> foreign = new ArrayList<>();
        for (CommitInfo commit : backend.log(path, HISTORY_DEPTH)) {
            if (AuditCommitMessage.isStepwise(commit.trailers())) {
                if (!AuditCommitMessage.leftRolloutInProgress(commit.trailers())) {
                    return List.of();
                }
                return foreign;
            }
            foreign.add(commit);
        }
        return List.of();
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
