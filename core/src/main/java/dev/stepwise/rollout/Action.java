package dev.stepwise.rollout;

import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;

/**
 * A side effect a strategy asks the engine to carry out. Every action is idempotent: applying it
 * twice has the effect of applying it once, so the engine may re-apply a written-ahead transition
 * after a crash. Actions of one transition are applied in order.
 */
public sealed interface Action {

    /** Route traffic as {@code split} says. */
    record SetTraffic(TrafficSplit split) implements Action {
        public SetTraffic {
            InvalidValueException.requireNonNull("split", split);
        }

        @Override
        public String toString() {
            return "SetTraffic[" + split + "]";
        }
    }

    /**
     * Scale a track to {@code percent} of the target's desired replicas (rounded up; 0 scales to
     * zero). Readiness is reported back through {@link Observation#readyTracks()}.
     */
    record ScaleTrack(Track track, int percent) implements Action {
        public ScaleTrack {
            InvalidValueException.requireNonNull("track", track);
            InvalidValueException.requireBetween("percent", percent, 0, 100);
        }

        @Override
        public String toString() {
            return "ScaleTrack[" + track + " to " + percent + "%]";
        }
    }

    /** Copy the canary's pod template to the stable track (Flagger's primary), making {@code revision} stable. */
    record PromoteCanary(String revision) implements Action {
        public PromoteCanary {
            InvalidValueException.requireNonNull("revision", revision);
        }
    }

    /** Call every webhook of an {@link HookType.Kind#ACTION action} type; results come back in the next observation. */
    record CallWebhook(HookType type) implements Action {
        public CallWebhook {
            InvalidValueException.requireNonNull("type", type);
            if (type.kind() != HookType.Kind.ACTION) {
                throw new InvalidValueException("type", type, "must be an action hook (pre-rollout or post-rollout)");
            }
        }
    }

    /** Record an event for people: logs, Kubernetes events, chat. */
    record Emit(Severity severity, String message) implements Action {
        /** How loud an event is. */
        public enum Severity { INFO, WARNING }

        public Emit {
            InvalidValueException.requireNonNull("severity", severity);
            InvalidValueException.requireNonNull("message", message);
        }

        public static Emit info(String message) {
            return new Emit(Severity.INFO, message);
        }

        public static Emit warning(String message) {
            return new Emit(Severity.WARNING, message);
        }
    }
}
