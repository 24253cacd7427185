package dev.stepwise.git.jgit;

/**
 * A change was committed locally but the remote refused it, every attempt: other writers kept
 * moving the branch, or a pull-request branch of that name already holds other commits. Nothing was
 * forced and nothing on the remote was lost; the engine holds the rollout and tries again later.
 */
public final class PushRejectedException extends RuntimeException {

    private final String branch;
    private final int attempts;

    /**
     * @param branch   the remote branch pushed to
     * @param attempts how many pushes were refused
     * @param detail   what to do about it
     */
    public PushRejectedException(String branch, int attempts, String detail) {
        super("push to " + branch + " rejected " + (attempts == 1 ? "once" : attempts + " times") + ": " + detail);
        this.branch = branch;
        this.attempts = attempts;
    }

    /** The remote branch pushed to. */
    public String branch() {
        return branch;
    }

    /** How many pushes were refused. */
    public int attempts() {
        return attempts;
    }
}
