package dev.stepwise.notify;

import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;

/**
 * A token bucket per rollout and channel: at most {@code burst} notifications at once, then one
 * more each {@code refillEvery}, measured by the events' own times (the engine's clock). What the
 * bucket refuses is counted and told in the next notification that passes
 * ({@link Notification#withSuppressed}). A rollout's end is always told.
 *
 * @param burst       notifications in a row before the limit applies, 1 to 1000; default 10
 * @param refillEvery the time that gives one notification back, 1 second to 1 day; default 1 minute
 */
public record RateLimit(int burst, Duration refillEvery) {

    /** The default {@code burst}: 10. */
    public static final int DEFAULT_BURST = 10;
    /** The default {@code refillEvery}: 1 minute. */
    public static final Duration DEFAULT_REFILL_EVERY = Duration.ofMinutes(1);

    public RateLimit {
        InvalidValueException.requireBetween("burst", burst, 1, 1000);
        InvalidValueException.requireBetween("refillEvery", refillEvery, Duration.ofSeconds(1), Duration.ofDays(1));
    }

    /** 10 at once, one more per minute. */
    public static RateLimit ofDefaults() {
        return new RateLimit(DEFAULT_BURST, DEFAULT_REFILL_EVERY);
    }
}
