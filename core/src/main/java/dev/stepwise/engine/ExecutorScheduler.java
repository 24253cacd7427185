package dev.stepwise.engine;

import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Scheduler} on a {@link ScheduledExecutorService}: real time, for production. The
 * default has two daemon threads named {@code stepwise-engine-N}; reconciles are short (their
 * I/O is bounded by the SPIs' timeouts), so a few threads serve thousands of rollouts.
 *
 * <p>A task that throws, {@link Error}s included, is logged at ERROR with its trace and ends
 * there: its thread goes on, later tasks run as scheduled. (A {@link ScheduledExecutorService}
 * keeps a one-shot task's throwable in its future, where nobody would look; and the engine has
 * scheduled a rollout's next look before it passes on a fatal error.)
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorScheduler.class);

    private final ScheduledExecutorService executor;

    public ExecutorScheduler(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** The most threads {@link #withThreads} gives a scheduler. */
    public static final int MAX_THREADS = 1024;

    /** Two daemon threads. */
    public static ExecutorScheduler ofDefaults() {
        return withThreads(2);
    }

    /**
     * {@code threads} daemon threads named {@code stepwise-engine-N}. A GitOps engine wants many:
     * each reconcile that writes blocks on a push, and a {@code JGitBackend} publishes in one push
     * what all the blocked threads queued meanwhile, so the threads bound how many changes one push
     * carries.
     *
     * @param threads 1 to {@value #MAX_THREADS}
     */
    public static ExecutorScheduler withThreads(int threads) {
        InvalidValueException.requireBetween("threads", threads, 1, MAX_THREADS);
        AtomicInteger n = new AtomicInteger();
        return new ExecutorScheduler(Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "stepwise-engine-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }));
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(() -> runLogged(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (Throwable e) {
            LOG.error("a scheduled task threw; the scheduler goes on", e);
        }
    }

    /** Stops the executor; scheduled tasks that have not started are dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
