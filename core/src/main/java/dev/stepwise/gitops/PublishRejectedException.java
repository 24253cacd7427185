package dev.stepwise.gitops;

/**
 * {@link GitBackend#publish} made the change, but the remote refused the push because its branch
 * moved on since the sync: nothing of the change is on the remote, and the next sync fetches.
 * Sync (publish again) after a backoff; the change is checked again on the new head.
 */
public final class PublishRejectedException extends RuntimeException {

    /** A rejection of the push that carried {@code commit}. */
    public PublishRejectedException(String commit) {
        super("the remote branch moved on; the push of " + commit + " was rejected and nothing of it was published",
                null, false, false);
    }
}
