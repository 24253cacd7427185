package dev.stepwise.notify.internal;

import dev.stepwise.notify.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One token bucket per key (a rollout and a channel), refilled by the times it is asked at, with
 * the count of what it refused since the last pass. Thread-safe. Not API.
 */
public final class TokenBuckets {

    /** What the bucket said: pass (telling how many were suppressed before) or suppressed. */
    public record Take(boolean passes, int suppressedBefore) {
    }

    private static final class Bucket {
        double tokens;
        Instant last;
        int suppressed;

        Bucket(double tokens, Instant last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    private final RateLimit limit;
    private final Map<String, Bucket> buckets = new HashMap<>();

    public TokenBuckets(RateLimit limit) {
        this.limit = limit;
    }

    /** Takes a token of {@code key}'s bucket at {@code at}; {@code always} passes even an empty bucket. */
    public synchronized Take take(String key, Instant at, boolean always) {
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(limit.burst(), at));
        Duration elapsed = Duration.between(bucket.last, at);
        if (!elapsed.isNegative()) {
            double refilled = (double) elapsed.toNanos() / limit.refillEvery().toNanos();
            bucket.tokens = Math.min(limit.burst(), bucket.tokens + refilled);
            bucket.last = at;
        }
        if (bucket.tokens >= 1.0 || always) {
            bucket.tokens = Math.max(0.0, bucket.tokens - 1.0);
            int before = bucket.suppressed;
            bucket.suppressed = 0;
            return new Take(true, before);
        }
        bucket.suppressed++;
        return new Take(false, 0);
    }

    /** Forgets {@code key}'s bucket (the rollout ended). */
    public synchronized void forget(String key) {
        buckets.remove(key);
    }

    /** The number of buckets held. */
    public synchronized int size() {
        return buckets.size();
    }
}
