package dev.stepwise.spi;

import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The one retry loop of the adapters: runs an attempt, and while it fails in a way its
 * {@link Failures} call retriable, runs it again after the wait its {@link Backoff} gives (or the
 * server's {@code Retry-After}), waiting through the injected {@link Sleeper}; at most
 * {@link Backoff#maxAttempts()} attempts. A failure that is not retriable is rethrown at once;
 * when the attempts run out, or the wait is interrupted, {@link Failures} says what to throw.
 * Immutable and thread-safe when its sleeper and random source are (the default source is).
 */
public final class Retrier {

    private static final RandomGenerator THREAD_LOCAL = () -> ThreadLocalRandom.current().nextLong();

    private final Backoff backoff;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    private Retrier(Backoff backoff, Sleeper sleeper, RandomGenerator random) {
        this.backoff = InvalidValueException.requireNonNull("backoff", backoff);
        this.sleeper = InvalidValueException.requireNonNull("sleeper", sleeper);
        this.random = InvalidValueException.requireNonNull("random", random);
    }

    /** Waits as {@code backoff} says through {@code sleeper}; jitter draws from a thread-local random source. */
    public static Retrier of(Backoff backoff, Sleeper sleeper) {
        return new Retrier(backoff, sleeper, THREAD_LOCAL);
    }

    /** This retrier with jitter drawn from {@code source}, e.g. a seeded one in a test. */
    public Retrier withRandom(RandomGenerator source) {
        return new Retrier(backoff, sleeper, source);
    }

    public Backoff backoff() {
        return backoff;
    }

    /**
     * Runs {@code attempt} until it returns, it fails in a way {@code failures} does not retry,
     * or the attempts run out.
     *
     * @return what the first successful attempt returned
     * @throws RuntimeException the failure that is not retriable, or what {@link Failures#exhausted}
     *                          or {@link Failures#interrupted} give
     */
    public <T> T run(Attempt<T> attempt, Failures failures) {
        InvalidValueException.requireNonNull("attempt", attempt);
        InvalidValueException.requireNonNull("failures", failures);
        for (int number = 1; ; number++) {
            try {
                return attempt.run(number);
            } catch (RuntimeException failure) {
                if (!failures.isRetriable(failure)) {
                    throw failure;
                }
                if (!backoff.allowsAttemptAfter(number)) {
                    throw failures.exhausted(failure, number);
                }
                if (failures.waitsAfter(failure)) {
                    Duration wait = backoff.delay(number, failures.retryAfter(failure), random);
                    failures.retrying(failure, number, wait);
                    pause(wait, failure, number, failures);
                } else {
                    failures.retrying(failure, number, Duration.ZERO);
                }
            }
        }
    }

    private void pause(Duration wait, RuntimeException failure, int number, Failures failures) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failures.interrupted(failure, number, e);
        }
    }

    @Override
    public String toString() {
        return "Retrier[" + backoff + "]";
    }

    /** One attempt of the operation. */
    @FunctionalInterface
    public interface Attempt<T> {

        /** Runs attempt {@code number} (1-based); throws to fail it. */
        T run(int number);
    }

    /** How a caller's failures are read: which to retry, what the server asked for, what to throw in the end. */
    public interface Failures {

        /** Whether {@code failure} may pass when tried again. */
        boolean isRetriable(RuntimeException failure);

        /** The wait the server asked for with {@code failure}; default none (the backoff's own wait). */
        default Optional<Duration> retryAfter(RuntimeException failure) {
            return Optional.empty();
        }

        /** Whether to wait before trying again after {@code failure} (no: at once, the sleeper not asked); default yes. */
        default boolean waitsAfter(RuntimeException failure) {
            return true;
        }

        /** Told before trying again after attempt {@code number} failed, waiting {@code wait} (zero: at once); default nothing. */
        default void retrying(RuntimeException failure, int number, Duration wait) {
        }

        /** What to throw when the last of {@code attempts} attempts failed with {@code last}; default {@code last}. */
        default RuntimeException exhausted(RuntimeException last, int attempts) {
            return last;
        }

        /**
         * What to throw when the wait after attempt {@code number} was interrupted (the thread's
         * interrupt flag is set again); default an {@link IllegalStateException} with both causes.
         */
        default RuntimeException interrupted(RuntimeException last, int number, InterruptedException interruption) {
            IllegalStateException stopped = new IllegalStateException(
                    "interrupted while waiting to try again after attempt " + number, interruption);
            stopped.addSuppressed(last);
            return stopped;
        }
    }
}
