package dev.stepwise.validation;

import dev.stepwise.time.Durations;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A value outside its allowed range. The message always names the field, the rejected value
 * and what is allowed, e.g. {@code canaryWeight: 120 must be between 0 and 100}.
 */
public final class InvalidValueException extends IllegalArgumentException {

    private final String field;

    public InvalidValueException(String field, Object value, String allowed) {
        super(field + ": " + value + " " + allowed);
        this.field = field;
    }

    /** {@code problem} as an exception: its field is the problem's path, its message {@code path: message}. */
    public InvalidValueException(Problem problem) {
        super(problem.toString());
        this.field = problem.path();
    }

    /** The message naming the field, the rejected value and what is allowed; never null. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

    /** The name (or path) of the rejected field. */
    public String field() {
        return field;
    }

    /** Throws unless {@code min <= value <= max}. */
    public static int requireBetween(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidValueException(field, value, "must be between " + min + " and " + max);
        }
        return value;
    }

    /**
     * Throws unless {@code min <= value <= max}; the message shows durations as a spec writes
     * them, e.g. {@code interval: 1000000h must be between 1s and 24h}.
     */
    public static Duration requireBetween(String field, @Nullable Duration value, Duration min, Duration max) {
        if (value == null) {
            throw new InvalidValueException(field, "null", "is required (" + between(min, max) + ")");
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidValueException(field, Durations.format(value), "must be " + between(min, max));
        }
        return value;
    }

    /** {@code between 1s and 24h}: a range of durations as a spec writes them. */
    public static String between(Duration min, Duration max) {
        return "between " + Durations.format(min) + " and " + Durations.format(max);
    }

    /** Throws unless {@code value >= min}. */
    public static int requireAtLeast(String field, int value, int min) {
        if (value < min) {
            throw new InvalidValueException(field, value, "must be at least " + min);
        }
        return value;
    }

    /** Throws if {@code value} is null. */
    public static <T> T requireNonNull(String field, @Nullable T value) {
        if (value == null) {
            throw new InvalidValueException(field, "null", "is required");
        }
        return value;
    }
}
