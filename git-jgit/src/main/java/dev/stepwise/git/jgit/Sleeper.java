package dev.stepwise.git.jgit;

import java.time.Duration;

/**
 * Waits between two attempts of a push the remote rejected. Injected so that tests retry without
 * waiting; {@link #REAL} is the default everywhere.
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
