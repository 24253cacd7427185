package dev.stepwise.spi;

import java.time.Duration;

/**
 * How an adapter waits between two attempts of a call that failed for a passing reason (an API
 * server answering 429, a Git push the remote rejected). Injected so that tests retry without
 * waiting; {@link #REAL} is every adapter's default.
 */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps on the calling thread. */
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    /**
     * Waits for {@code duration}.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
}
