package dev.stepwise.kubernetes.internal;

import java.util.Objects;

/**
 * What one Kubernetes Event says: its type, reason and message.
 *
 * @param warning whether the type is {@code Warning} (else {@code Normal})
 * @param reason  UpperCamel, e.g. {@code Advanced}
 * @param message one line, e.g. {@code Advance podinfo.test canary weight 20}
 */
public record EventNote(boolean warning, String reason, String message) {

    public EventNote {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /** {@code Warning} or {@code Normal}. */
    public String type() {
        return warning ? "Warning" : "Normal";
    }

    @Override
    public String toString() {
        return type() + " " + reason + ": " + message;
    }
}
