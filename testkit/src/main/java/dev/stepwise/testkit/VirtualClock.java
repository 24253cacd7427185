package dev.stepwise.testkit;

import dev.stepwise.validation.InvalidValueException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until told to {@link #advance(Duration) advance}. It never
 * reads the system clock, so tests that use it are deterministic and never sleep.
 *
 * <p>Thread-safe: {@link #instant()} and {@link #advance(Duration)} may be called from any thread.
 * A clock returned by {@link #withZone(ZoneId)} shares this clock's time: advancing either
 * advances both.
 */
public final class VirtualClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** A clock standing at {@code start}, in UTC. */
    public VirtualClock(Instant start) {
        this(new AtomicReference<>(InvalidValueException.requireNonNull("start", start)), ZoneOffset.UTC);
    }

    private VirtualClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock standing at {@code start}, in UTC. */
    public static VirtualClock startingAt(Instant start) {
        return new VirtualClock(start);
    }

    /**
     * Moves time forward by {@code duration} (zero is allowed) and returns the new instant.
     *
     * @throws InvalidValueException if {@code duration} is negative: virtual time never goes back
     */
    public Instant advance(Duration duration) {
        InvalidValueException.requireNonNull("duration", duration);
        if (duration.isNegative()) {
            throw new InvalidValueException("duration", duration, "must not be negative");
        }
        return now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Instant instant() {
        return Objects.requireNonNull(now.get());
    }

    @Override
    public long millis() {
        return Objects.requireNonNull(now.get()).toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view of this clock in another zone, sharing its time. */
    @Override
    public VirtualClock withZone(ZoneId newZone) {
        InvalidValueException.requireNonNull("zone", newZone);
        return newZone.equals(zone) ? this : new VirtualClock(now, newZone);
    }

    /** Equal when both share the same time (one is a {@link #withZone} view of the other) and zone. */
    @Override
    public boolean equals(Object other) {
        return other instanceof VirtualClock clock && clock.now == now && clock.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(now), zone);
    }

    @Override
    public String toString() {
        return "VirtualClock[" + now.get() + ", " + zone + "]";
    }
}
