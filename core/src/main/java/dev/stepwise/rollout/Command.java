package dev.stepwise.rollout;

import com.fasterxml.jackson.annotation.JsonValue;

/** An operator's instruction, delivered to a strategy through an {@link Observation}. */
public enum Command {
    /** Hold the rollout where it is; no analysis, no traffic change. */
    PAUSE("pause"),
    /** Continue a paused rollout from where it was paused. */
    RESUME("resume"),
    /** Skip the analysis of the current step and go on to the next step (gates still apply). */
    PROMOTE("promote"),
    /** Skip every remaining step and analysis and promote now (confirm-promotion still applies). */
    PROMOTE_FULL("promote-full"),
    /** Route all traffic to stable and scale the canary down; phase {@link Phase#ABORTED}. */
    ABORT("abort"),
    /** Start a rolled-back or aborted rollout again, from the first step, for the same revision. */
    RETRY("retry");

    private final String label;

    Command(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
