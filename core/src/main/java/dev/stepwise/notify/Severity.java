package dev.stepwise.notify;

import java.util.Locale;

/**
 * How much a notification matters, as Flagger's alert severities: {@link #INFO} for every step,
 * {@link #WARN} for holds, failed checks and stuck or conflicting reconciles, {@link #ERROR} for
 * rollbacks, aborts and failures. A channel receives the notifications at or above its minimum.
 */
public enum Severity {
    INFO, WARN, ERROR;

    /** Whether this severity is {@code minimum} or above. */
    public boolean atLeast(Severity minimum) {
        return compareTo(minimum) >= 0;
    }

    /** As written in a spec and in payloads: {@code info}, {@code warn}, {@code error}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
