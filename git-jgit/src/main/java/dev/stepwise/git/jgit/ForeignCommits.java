package dev.stepwise.git.jgit;

import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.GitBackend.CommitInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectInserter;
import org.jspecify.annotations.Nullable;

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
 * {@link #HISTORY_DEPTH} commits to it, stopping at the first depth that holds one.
 *
 * <p>Before that search, a backend that keeps an index of its history
 * ({@link GitBackend#newestChange}) is asked for the newest commit to the file: when it is a
 * Stepwise commit, nothing came after it, and the answer is none without a walk of the file's own.
 *
 * <p>No walk at all while the file is as Stepwise left it: when the file's blob at the head is the
 * blob of the newest Stepwise commit known here (written through this instance, or found at the
 * head by an earlier walk), no commit since has changed it, and the answer is none. In a busy
 * repository this is what keeps a step's check from walking every other rollout's commits since
 * this file's last one (the walk was 42% of a 30-rollout engine's samples, all under the backend's
 * lock). Thread-safe.
 */
final class ForeignCommits {

    /** How far back the history of a file is searched for the newest Stepwise commit. */
    static final int HISTORY_DEPTH = 100;
    /** The depths searched in turn when no commit of ours to the file is known. */
    private static final List<Integer> SEARCH_DEPTHS = List.of(1, 10, HISTORY_DEPTH);

    private final GitBackend backend;
    /** Path to the newest Stepwise commit to it known here. */
    private final Map<String, Ours> newestOurs = new ConcurrentHashMap<>();

    /** A Stepwise commit to a file, and the file's blob it left, when known ({@code null}: deleted, or unknown). */
    private record Ours(String commit, @Nullable String blob) {
    }

    ForeignCommits(GitBackend backend) {
        this.backend = backend;
    }

    /**
     * Remembers that Stepwise's {@code commit} (on the remote branch) changed {@code path} to
     * {@code content} (empty: deleted it).
     */
    void wrote(String path, String commit, Optional<String> content) {
        newestOurs.put(path, new Ours(commit, content.map(ForeignCommits::blobId).orElse(null)));
    }

    /**
     * The commits to {@code path} made outside Stepwise since a rollout last wrote it mid-way, newest
     * first; {@code blobNow} is the file's blob at the current head ({@code ""} when absent).
     */
    List<CommitInfo> since(String path, String blobNow) {
        Ours known = newestOurs.get(path);
        if (known != null && blobNow.equals(known.blob())) {
            return List.of();
        }
        if (known != null) {
            Optional<List<CommitInfo>> bounded = answer(path, backend.log(path, HISTORY_DEPTH, known.commit()), blobNow);
            if (bounded.isPresent()) {
                return bounded.get();
            }
            // the known commit is not in the head's history, or did not touch the file after all
        }
        // A new instance (a restart, a leader taking over): the backend's index of the history, shared
        // by every file, names the newest commit to this one; when it is ours, nothing came after it.
        // Walking each file's history on its own went through every commit since that file's last
        // change, for each of 1,000 rollouts: minutes under the backend's lock after a takeover.
        if (known == null) {
            Optional<CommitInfo> newest = backend.newestChange(path, blobNow);
            if (newest.isPresent() && AuditCommitMessage.isStepwise(newest.get().trailers())) {
                newestOurs.put(path, new Ours(newest.get().id(), blobNow.isEmpty() ? null : blobNow));
                return List.of();
            }
        }
        // Deepening: the newest commit to the file is most often ours, and a walk for 100 of them
        // would go on through the history long after finding it.
        for (int depth : SEARCH_DEPTHS) {
            List<CommitInfo> history = backend.log(path, depth);
            Optional<List<CommitInfo>> found = answer(path, history, blobNow);
            if (found.isPresent()) {
                return found.get();
            }
            if (history.size() < depth) {
                break;
            }
        }
        return List.of();
    }

    /**
     * The foreign commits above the newest Stepwise commit in {@code history}; empty when it has
     * none. When that commit is the newest of all, the file's blob now is the one it left.
     */
    private Optional<List<CommitInfo>> answer(String path, List<CommitInfo> history, String blobNow) {
        List<CommitInfo> foreign = new ArrayList<>();
        for (CommitInfo commit : history) {
            if (AuditCommitMessage.isStepwise(commit.trailers())) {
                newestOurs.put(path, new Ours(commit.id(), foreign.isEmpty() && !blobNow.isEmpty() ? blobNow : null));
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

    /** Git's id of a blob holding {@code content} (UTF-8), as {@link GitBackend.GitFile#blobId()} gives it. */
    static String blobId(String content) {
        try (ObjectInserter.Formatter formatter = new ObjectInserter.Formatter()) {
            return formatter.idFor(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8)).name();
        }
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static String subject(String message) {
        String first = message.strip().lines().findFirst().orElse("");
        return first.length() > 72 ? first.substring(0, 69) + "..." : first;
    }
}
