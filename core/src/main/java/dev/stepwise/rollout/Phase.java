package dev.stepwise.rollout;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a rollout is in its life. {@link #SUCCEEDED}, {@link #ROLLED_BACK} and {@link #ABORTED}
 * are terminal: a strategy leaves them only for a new revision, or (the last two) on a
 * {@link Command#RETRY retry} command. Every legal change of phase is listed in {@link PhaseTransition}.
 */
public enum Phase {
    /** The revision is known; the canary has not been scaled up yet (or a gate holds it). */
    INITIALIZING("Initializing"),
    /** Traffic is being shifted step by step, with analysis between steps. */
    PROGRESSING("Progressing"),
    /** Held by an operator; nothing moves until {@link Command#RESUME resume}. */
    PAUSED("Paused"),
    /** Every step passed; waiting for the confirm-promotion gate. */
    AWAITING_PROMOTION("AwaitingPromotion"),
    /** The canary's template was copied to stable; traffic is routed back to stable. */
    PROMOTING("Promoting"),
    SUCCEEDED("Succeeded"),
    /** Analysis failed {@code threshold} times, or a rollback was requested: all traffic on stable. */
    ROLLED_BACK("RolledBack"),
    /** An operator aborted the rollout: all traffic on stable. */
    ABORTED("Aborted");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    /** The name used in specs, JSON and logs, e.g. {@code RolledBack}. */
    @JsonValue
    public String label() {
        return label;
    }

    /** Whether this phase ends the rollout of its revision. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == ROLLED_BACK || this == ABORTED;
    }

    @Override
    public String toString() {
        return label;
    }
}
