package dev.stepwise.rollout;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a step decided, in one word, for timelines, events and logs. */
public enum Decision {
    /** The canary was scaled up and the rollout begins. */
    START("start"),
    /** A gate is closed or a track is not ready: nothing moves. */
    WAIT("wait"),
    /** Traffic (or replicas) moved to the next step, or mirroring began. */
    ADVANCE("advance"),
    /** The analysis did not pass (or had no data) below the threshold: nothing moves. */
    HOLD("hold"),
    /** The analysis passed but the position needs more passing intervals (iterations). */
    CONTINUE("continue"),
    /** The canary's template was copied to stable, or all traffic switched to the new version. */
    PROMOTE("promote"),
    /** Traffic routed back to the promoted stable track. */
    FINALIZE("finalize"),
    SUCCEED("succeed"),
    ROLL_BACK("roll back"),
    PAUSE("pause"),
    RESUME("resume"),
    ABORT("abort"),
    /** A new revision (or a retry) started the rollout over. */
    RESTART("restart"),
    /** Terminal phase, or paused: nothing to do. */
    NONE("none");

    private final String label;

    Decision(String label) {
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
