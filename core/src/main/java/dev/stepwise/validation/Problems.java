package dev.stepwise.validation;

import dev.stepwise.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Collects problems while a builder or reader checks every field, so that all of them are
 * reported at once instead of the first only. Not thread-safe; use one per validation.
 */
public final class Problems {

    private final List<Problem> list = new ArrayList<>();

    public Problems add(String path, String message) {
        list.add(new Problem(path, message));
        return this;
    }

    /** Adds every problem of {@code others}, with {@code prefix} put before their paths. */
    public Problems addAll(String prefix, List<Problem> others) {
        others.forEach(p -> list.add(p.under(prefix)));
        return this;
    }

    /** Adds a problem unless {@code min <= value <= max}; returns whether the value was in range. */
    public boolean checkBetween(String path, int value, int min, int max) {
        if (value < min || value > max) {
            add(path, value + " must be between " + min + " and " + max);
            return false;
        }
        return true;
    }

    /**
     * Adds a problem unless {@code value} is present and {@code min <= value <= max}, e.g.
     * {@code interval: 1000000h must be between 1s and 24h}; returns whether it was in range.
     */
    public boolean checkBetween(String path, @Nullable Duration value, Duration min, Duration max) {
        if (value == null) {
            add(path, "is required (" + InvalidValueException.between(min, max) + ")");
            return false;
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            add(path, Durations.format(value) + " must be " + InvalidValueException.between(min, max));
            return false;
        }
        return true;
    }

    /**
     * Runs {@code factory}; an {@link InvalidValueException} or {@link InvalidConfigException}
     * it throws becomes problems under {@code path}, and null is returned.
     */
    public <T> @Nullable T attempt(String path, Supplier<T> factory) {
        try {
            return factory.get();
        } catch (InvalidConfigException e) {
            addAll(path, e.problems());
        } catch (InvalidValueException e) {
            String message = e.getMessage();
            String field = e.field();
            String text = message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message;
            add(path, text);
        }
        return null;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<Problem> toList() {
        return List.copyOf(list);
    }

    /** Throws an {@link InvalidConfigException} naming {@code what} if any problem was found. */
    public void throwIfAny(String what) {
        if (!list.isEmpty()) {
            throw new InvalidConfigException(what, list);
        }
    }
}
