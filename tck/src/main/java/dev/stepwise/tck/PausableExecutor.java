package dev.stepwise.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An executor that can be paused like a stopped JVM (a long garbage-collection pause): while
 * paused, tasks wait and none runs; on resume they run in order, on one daemon thread. Given as the
 * elector's executor to a leadership (a {@code LeaseLeadership}), it stops its renewals, so that a
 * test can show a leader paused past its lease writes nothing after it wakes.
 */
public final class PausableExecutor implements Executor, AutoCloseable {

    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pausable-elector");
        t.setDaemon(true);
        return t;
    });
    private final List<Runnable> waiting = new ArrayList<>();
    private boolean paused;

    @Override
    public synchronized void execute(Runnable task) {
        if (paused) {
            waiting.add(task);
        } else {
            runner.execute(task);
        }
    }

    /** From now on, tasks wait instead of running. */
    public synchronized void pause() {
        paused = true;
    }

    /** Runs the tasks that waited, in order, and every later one at once. */
    public synchronized void resume() {
        paused = false;
        waiting.forEach(runner::execute);
        waiting.clear();
    }

    @Override
    public synchronized String toString() {
        return "PausableExecutor[" + (paused ? "paused, " + waiting.size() + " waiting" : "running") + "]";
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
