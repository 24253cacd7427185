package dev.stepwise.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An executor that can be paused like a stopped JVM: while paused, tasks wait and none runs; on
 * resume they run in order. Given to a {@code LeaseLeadership} it stops the elector's renewals.
 */
final class PausableExecutor implements Executor, AutoCloseable {

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

    synchronized void pause() {
        paused = true;
    }

    synchronized void resume() {
        paused = false;
        waiting.forEach(runner::execute);
        waiting.clear();
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
