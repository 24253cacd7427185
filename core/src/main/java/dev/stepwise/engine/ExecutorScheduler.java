package dev.stepwise.engine;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Scheduler} on a {@link ScheduledExecutorService}: real time, for production. The
 * default has two daemon threads named {@code stepwise-engine-N}; reconciles are short (their
 * I/O is bounded by the SPIs' timeouts), so a few threads serve thousands of rollouts.
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {

    private final ScheduledExecutorService executor;

    public ExecutorScheduler(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** Two daemon threads. */
    public static ExecutorScheduler ofDefaults() {
        AtomicInteger n = new AtomicInteger();
        return new ExecutorScheduler(Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "stepwise-engine-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }));
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /** Stops the executor; scheduled tasks that have not started are dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
