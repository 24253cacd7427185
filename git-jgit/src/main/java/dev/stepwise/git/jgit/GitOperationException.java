package dev.stepwise.git.jgit;

/**
 * A Git operation failed for another reason than a moved remote branch: the remote is
 * unreachable, refused the credentials, or refused the push for a reason of its own (a protected
 * branch, a hook). The message names the operation and the remote and carries the remote's own
 * message, never credentials.
 */
public final class GitOperationException extends RuntimeException {

    public GitOperationException(String message) {
        super(message);
    }

    public GitOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
