package dev.stepwise.rollout;

/**
 * A rollout was about to change phase along an edge {@link PhaseTransition} does not list: a bug in
 * a strategy, never an expected outcome, so nothing of the transition is persisted or applied.
 */
public final class IllegalPhaseTransitionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Phase from;
    private final transient Phase to;

    public IllegalPhaseTransitionException(Phase from, Phase to) {
        super("illegal phase transition from " + from + " to " + to);
        this.from = from;
        this.to = to;
    }

    /** The phase the rollout was in. */
    public Phase from() {
        return from;
    }

    /** The phase it was about to enter. */
    public Phase to() {
        return to;
    }
}
