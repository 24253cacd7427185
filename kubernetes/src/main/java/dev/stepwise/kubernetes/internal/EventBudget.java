package dev.stepwise.kubernetes.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per rollout: {@code burst} writes at once, then one more every {@code refill}.
 * Time comes with each call (the engine's clock). Not thread-safe: its owner serializes calls.
 */
public final class EventBudget {

    private final int burst;
    private final long refillNanos;
    private final Map<String, Bucket> buckets = new HashMap<>();

    public EventBudget(int burst, Duration refill) {
        this.burst = burst;
        this.refillNanos = refill.toNanos();
    }

    /** Takes a token of rollout {@code id} at {@code now}; false when its bucket is empty. */
    public boolean take(String id, Instant now) {
        Bucket b = buckets.computeIfAbsent(id, k -> new Bucket(burst, now));
        long elapsed = Math.max(0, Duration.between(b.at, now).toNanos());
        b.tokens = Math.min(burst, b.tokens + (double) elapsed / refillNanos);
        b.at = now.isAfter(b.at) ? now : b.at;
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }

    @Override
    public String toString() {
        return "EventBudget[burst " + burst + ", one more every " + Duration.ofNanos(refillNanos) + ", " + buckets.size()
                + " rollouts]";
    }

    private static final class Bucket {
        double tokens;
        Instant at;

        Bucket(double tokens, Instant at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
