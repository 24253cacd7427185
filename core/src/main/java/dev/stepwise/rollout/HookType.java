package dev.stepwise.rollout;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * The kinds of webhook a rollout can call, with Flagger's names and meanings.
 *
 * <p>Each has a {@link Kind}: a {@link Kind#GATE gate} is asked (side-effect free) whenever the
 * strategy needs its answer and holds the rollout while it is closed; an {@link Kind#ACTION
 * action} runs once at a point of the rollout; a {@link Kind#CHECK check} is part of every
 * analysis and yields a verdict; the {@link Kind#TRIGGER rollback trigger} is asked at every
 * step and rolls the rollout back when it answers with success.
 */
public enum HookType {
    /** Gate before the canary is scaled up. */
    CONFIRM_ROLLOUT("confirm-rollout", Kind.GATE),
    /** Action before the first traffic shift; a failure counts as a failed analysis. */
    PRE_ROLLOUT("pre-rollout", Kind.ACTION),
    /** Check run with every analysis (load tests, acceptance tests); a failure fails the analysis. */
    ROLLOUT("rollout", Kind.CHECK),
    /** Gate before every increase of the canary's weight. */
    CONFIRM_TRAFFIC_INCREASE("confirm-traffic-increase", Kind.GATE),
    /** Gate before promotion. */
    CONFIRM_PROMOTION("confirm-promotion", Kind.GATE),
    /** Action after the rollout ends, succeeded or rolled back; its outcome is only recorded. */
    POST_ROLLOUT("post-rollout", Kind.ACTION),
    /** Trigger: answering with success rolls the rollout back. */
    ROLLBACK("rollback", Kind.TRIGGER);

    /** How a hook takes part in a rollout. */
    public enum Kind { GATE, ACTION, CHECK, TRIGGER }

    private final String label;
    private final Kind kind;

    HookType(String label, Kind kind) {
        this.label = label;
        this.kind = kind;
    }

    /** The name used in specs, e.g. {@code confirm-promotion}. */
    @JsonValue
    public String label() {
        return label;
    }

    public Kind kind() {
        return kind;
    }

    /** The hook type with this spec name, if any. */
    public static Optional<HookType> fromLabel(String label) {
        for (HookType type : values()) {
            if (type.label.equals(label)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return label;
    }
}
