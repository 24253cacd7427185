package dev.stepwise.engine;

import java.time.Duration;

/**
 * Runs the engine's reconciles later. Injected, so that a whole engine runs on virtual time in
 * tests (the testkit's {@code VirtualScheduler}) and on a thread pool in production
 * ({@link ExecutorScheduler}).
 *
 * <p><b>Contract.</b> A task runs once, no earlier than {@code delay} after it was scheduled
 * (by the scheduler's clock); tasks due at the same moment run in the order they were
 * scheduled. A cancelled task that has not started does not run. Tasks of one scheduler may run
 * concurrently; the engine serialises work per rollout itself.
 */
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can be called off. */
    interface Cancellable {
        /** Calls the task off if it has not started; idempotent. */
        void cancel();
    }
}
