package dev.stepwise.operator.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's one worker thread: informer callbacks and engine listeners only queue keyed
 * work here, so they never block, and the work of one key queued twice before it ran runs once
 * (a key queued while its work runs runs again after). A task that throws is logged at ERROR.
 */
public final class WorkQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stepwise-controller");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> queued = ConcurrentHashMap.newKeySet();

    /** Queues {@code task} under {@code key}, unless work of that key is queued and not started yet. */
    public void submit(String key, Runnable task) {
        if (!queued.add(key)) {
            return;
        }
        try {
            executor.execute(() -> {
                queued.remove(key);
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("controller work {} failed; it runs again at the next change or resync", key, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queued.remove(key);
            LOG.debug("controller closed; {} not run", key);
        }
    }

    /** Stops taking work and waits up to 10 s for the running task. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("controller work still running 10 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "WorkQueue[" + queued.size() + " queued]";
    }
}
