package dev.stepwise.spi;

import dev.stepwise.validation.InvalidValueException;
import java.time.Instant;

/**
 * A change made outside Stepwise that holds a rollout until an operator decides (see
 * {@link ConflictingChangeException}): while a stored rollout has one, the engine applies nothing
 * and observes nothing for it.
 *
 * @param what    the thing changed, e.g. {@code apps/podinfo/virtualservice.yaml}
 * @param message what the SPI said about it, for the operator
 * @param at      when the engine met it, by its clock
 */
public record HeldConflict(String what, String message, Instant at) {

    public HeldConflict {
        InvalidValueException.requireNonNull("what", what);
        InvalidValueException.requireNonNull("at", at);
        message = message == null ? "" : message;
    }

    /** The conflict {@code e} reports, met at {@code at}. */
    public static HeldConflict of(ConflictingChangeException e, Instant at) {
        return new HeldConflict(e.what(), e.getMessage(), at);
    }
}
