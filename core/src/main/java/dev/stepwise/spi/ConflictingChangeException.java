package dev.stepwise.spi;

import java.util.Objects;

/**
 * Someone outside Stepwise (a person, another tool) changed what a rollout owns since the rollout
 * last wrote it, in a way Stepwise must not overwrite on its own: a person edited the route file in
 * the GitOps repository mid-rollout, say. Unlike a transient failure it is not retried: the engine
 * holds the rollout (persisted, its written-ahead step kept) with a conflict event and waits for
 * an operator's resume or abort, after which the router is told to write over the change
 * ({@link StepNote#overridesConflict()}). Nothing of theirs or ours has been lost.
 */
public final class ConflictingChangeException extends RuntimeException {

    private final String what;

    /**
     * @param what   the thing changed, e.g. {@code apps/podinfo/virtualservice.yaml}
     * @param detail who changed it and how, for the operator (never credentials)
     */
    public ConflictingChangeException(String what, String detail) {
        super(what + " was changed outside Stepwise: " + detail);
        this.what = what;
    }

    /** What was changed and by whom; never null. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

    /** The thing changed. */
    public String what() {
        return what;
    }
}
