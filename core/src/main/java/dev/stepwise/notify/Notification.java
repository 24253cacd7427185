package dev.stepwise.notify;

import dev.stepwise.validation.InvalidValueException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One thing to tell about a rollout, before a channel formats it. Immutable.
 *
 * @param rollout  the rollout's id, e.g. {@code test/podinfo}
 * @param at       when it happened, by the engine's clock
 * @param severity how much it matters
 * @param title    one line, e.g. {@code test/podinfo advanced to 20%}
 * @param message  the reason in words; may be empty
 * @param fields   named values in order (weights, phase, verdicts); may be empty
 */
public record Notification(String rollout, Instant at, Severity severity, String title, String message,
                           List<Field> fields) {

    /** A named value, e.g. {@code canary weight = 20%}. */
    public record Field(String name, String value) {

        public Field {
            InvalidValueException.requireNonNull("name", name);
            InvalidValueException.requireNonNull("value", value);
        }
    }

    public Notification {
        InvalidValueException.requireNonNull("rollout", rollout);
        InvalidValueException.requireNonNull("at", at);
        InvalidValueException.requireNonNull("severity", severity);
        InvalidValueException.requireNonNull("title", title);
        message = message == null ? "" : message;
        fields = List.copyOf(InvalidValueException.requireNonNull("fields", fields));
    }

    /**
     * This notification telling also that {@code count} earlier ones were suppressed by the rate
     * limit: a sentence at the end of the message and a {@code suppressed} field. Itself when
     * {@code count} is 0.
     */
    public Notification withSuppressed(int count) {
        InvalidValueException.requireAtLeast("count", count, 0);
        if (count == 0) {
            return this;
        }
        String note = count + (count == 1 ? " notification" : " notifications") + " suppressed by the rate limit";
        List<Field> more = new ArrayList<>(fields);
        more.add(new Field("suppressed", Integer.toString(count)));
        return new Notification(rollout, at, severity, title, message.isEmpty() ? note : message + " (" + note + ")", more);
    }
}
