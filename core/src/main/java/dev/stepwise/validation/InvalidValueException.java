package dev.stepwise.validation;

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
