package dev.stepwise.gitops;

import dev.stepwise.validation.InvalidValueException;

/**
 * One change to publish with {@link GitBackend#publish}: given the head to commit on, it checks its
 * preconditions on the working copy at that head ({@link GitBackend#read}, {@link GitBackend#log}
 * answer there) and commits with {@link GitBackend#commit} on that head, or throws.
 *
 * <p>It runs while the backend holds the working copy, possibly on another caller's thread (a
 * {@link GitBackend} may publish several callers' changes together), so it must not wait, must not
 * call {@link GitBackend#sync()} or push, and must keep what it learns in its own call's state.
 */
@FunctionalInterface
public interface Change {

    /**
     * Checks the change at {@code head} and commits it there.
     *
     * @param head the local head to commit on ({@link GitBackend#NO_COMMIT} on an empty remote)
     * @return the new commit's id, or {@code head} itself when there is nothing to commit
     * @throws RuntimeException a failed check (a stale version, a conflict): the change is not made
     */
    String commitOn(String head);

    /**
     * This change, then {@code next} on the commit this one made, as one change: two commits (or
     * fewer, when one has nothing to commit) published in the same push, or neither. A batch that
     * finds either one's check failing puts the working copy back where this change started, so
     * this change's commit is never published without {@code next}'s. Used to send a step's
     * write-ahead state record with its traffic change ({@link dev.stepwise.spi.StateStore#saveAhead}).
     *
     * @return the combined change, returning {@code next}'s commit
     */
    default Change andThen(Change next) {
        InvalidValueException.requireNonNull("next", next);
        return head -> next.commitOn(commitOn(head));
    }
}
