package dev.stepwise.engine;

import dev.stepwise.spi.Backoff;
import dev.stepwise.validation.Problems;
import java.time.Duration;

/**
 * How the engine handles failing reconciles and unverified splits. A failure never loses state:
 * the rollout holds and retries with exponential backoff, from {@code initialBackoff} doubling up
 * to {@code maxBackoff}; once failures have lasted {@code deadline}, {@code onDeadline} applies.
 * A {@link dev.stepwise.spi.ConflictingChangeException} is not such a failure: it is never retried
 * (the rollout is held for an operator; see {@link RolloutEngine}). A split the router does not
 * verify within {@code deadline} of being written is such a failure too: {@link RolloutEvent.Failed},
 * then {@link RolloutEvent.Stuck} and {@code onDeadline} at once; no wait is without an end.
 *
 * <p>Every duration is between {@link #MIN_DELAY 1ms} and {@link #MAX_DELAY 24h}, the deadline up to
 * {@link #MAX_DEADLINE 7 days}.
 *
 * @param initialBackoff   first retry delay; default 1 second
 * @param maxBackoff       longest retry delay; default 1 minute
 * @param deadline         how long failures, or a split left unverified, may last before {@code onDeadline};
 *                         default 10 minutes
 * @param onDeadline       default {@link StuckPolicy#PAUSE}
 * @param verificationPoll how often an unverified split is asked again; default 5 seconds
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration deadline, StuckPolicy onDeadline,
                          Duration verificationPoll) {

    /** The shortest delay, poll or deadline: 1 ms. */
    public static final Duration MIN_DELAY = Duration.ofMillis(1);
    /** The longest backoff or poll: 24 hours. */
    public static final Duration MAX_DELAY = Duration.ofHours(24);
    /** The longest deadline: 7 days. */
    public static final Duration MAX_DEADLINE = Duration.ofDays(7);

    public RetryPolicy {
        Problems problems = new Problems();
        problems.checkBetween("initialBackoff", initialBackoff, MIN_DELAY, MAX_DELAY);
        problems.checkBetween("maxBackoff", maxBackoff, MIN_DELAY, MAX_DELAY);
        problems.checkBetween("deadline", deadline, MIN_DELAY, MAX_DEADLINE);
        problems.checkBetween("verificationPoll", verificationPoll, MIN_DELAY, MAX_DELAY);
        if (onDeadline == null) {
            problems.add("onDeadline", "is required (PAUSE or ROLL_BACK)");
        }
        if (problems.isEmpty() && maxBackoff.compareTo(initialBackoff) < 0) {
            problems.add("maxBackoff", maxBackoff + " must not be shorter than initialBackoff " + initialBackoff);
        }
        problems.throwIfAny("retry policy");
    }

    public static RetryPolicy ofDefaults() {
        return new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(10), StuckPolicy.PAUSE,
                Duration.ofSeconds(5));
    }

    /**
     * The delay before retry number {@code attempt} (1-based; below 1 counts as 1):
     * {@code initialBackoff × 2^(attempt-1)}, at most {@code maxBackoff}.
     */
    public Duration backoff(int attempt) {
        return asBackoff().nominalDelay(Math.max(attempt, 1));
    }

    /**
     * These delays as a {@link Backoff}: from {@code initialBackoff}, doubling, up to
     * {@code maxBackoff}, no jitter, and no limit on attempts ({@code deadline} ends the failing).
     */
    public Backoff asBackoff() {
        return new Backoff(initialBackoff, 2.0, maxBackoff, Backoff.UNLIMITED_ATTEMPTS, 0.0);
    }

    public RetryPolicy withOnDeadline(StuckPolicy policy) {
        return new RetryPolicy(initialBackoff, maxBackoff, deadline, policy, verificationPoll);
    }

    public RetryPolicy withDeadline(Duration newDeadline) {
        return new RetryPolicy(initialBackoff, maxBackoff, newDeadline, onDeadline, verificationPoll);
    }
}
