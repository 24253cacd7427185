package dev.stepwise.git.jgit.internal;

import dev.stepwise.gitops.GitBackend.PushOutcome;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * What a push did, from JGit's per-ref status. A non-fast-forward, a ref changed while pushing,
 * and the remote's own "fetch first", "stale info" or lock failures all mean the remote branch
 * moved: {@link PushOutcome#REJECTED}. Anything else the remote refused (a protected branch, a
 * hook) is a failure, described with the remote's message.
 */
public final class PushResults {

    private PushResults() {
    }

    /**
     * The outcome of pushing {@code pushed} to {@code ref}, or empty with {@code problem} filled in
     * when the push failed for another reason. "Up to date" is {@link PushOutcome#PUSHED} only
     * when the remote's ref was {@code pushed} itself; at another commit, the remote moved:
     * {@link PushOutcome#REJECTED}.
     */
    public static Optional<PushOutcome> outcome(Iterable<PushResult> results, String ref, ObjectId pushed,
                                                StringBuilder problem) {
        for (PushResult result : results) {
            RemoteRefUpdate update = result.getRemoteUpdate(ref);
            if (update == null) {
                continue;
            }
            Optional<PushOutcome> outcome = outcome(update);
            if (update.getStatus() == RemoteRefUpdate.Status.UP_TO_DATE && !pushed.equals(remoteAt(result, ref))) {
                return Optional.of(PushOutcome.REJECTED);
            }
            if (outcome.isEmpty()) {
                problem.append(update.getStatus()).append(update.getMessage() == null ? "" : ": " + update.getMessage());
                String remoteMessages = result.getMessages();
                if (remoteMessages != null && !remoteMessages.isBlank()) {
                    problem.append(" (remote said: ").append(remoteMessages.strip()).append(')');
                }
            }
            return outcome;
        }
        problem.append("the remote reported nothing about ").append(ref);
        return Optional.empty();
    }

    private static @Nullable ObjectId remoteAt(PushResult result, String ref) {
        Ref advertised = result.getAdvertisedRef(ref);
        return advertised == null ? null : advertised.getObjectId();
    }

    private static Optional<PushOutcome> outcome(RemoteRefUpdate update) {
        switch (update.getStatus()) {
            case OK:
            case UP_TO_DATE:
                return Optional.of(PushOutcome.PUSHED);
            case REJECTED_NONFASTFORWARD:
            case REJECTED_REMOTE_CHANGED:
                return Optional.of(PushOutcome.REJECTED);
            case REJECTED_OTHER_REASON:
                return movedRemote(update.getMessage()) ? Optional.of(PushOutcome.REJECTED) : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    /** Whether the remote's reason for refusing says that the branch moved or was being moved. */
    static boolean movedRemote(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("fetch first") || m.contains("non-fast-forward") || m.contains("stale info")
                || m.contains("lock") || m.contains("failed to update ref");
    }
}
