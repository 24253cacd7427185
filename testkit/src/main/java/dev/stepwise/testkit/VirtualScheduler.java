package dev.stepwise.testkit;

import dev.stepwise.engine.Scheduler;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Scheduler} on a {@link VirtualClock}: tasks run only when a test moves time forward,
 * so that a whole engine runs on virtual time, deterministically and without sleeping.
 *
 * <p>{@link #schedule} queues a task at {@code clock.instant() + delay}. Tasks run in order of
 * their due time, then in the order they were scheduled, on the thread that calls
 * {@link #advance}, {@link #advanceTo}, {@link #runDue} or {@link #runUntilIdle}; each runs with the
 * clock set to its due time. A task scheduled by a running task is honoured in the same call if
 * it falls due within it.
 *
 * <p>A task that throws stops the run: the exception propagates, the clock stays at that task's
 * due time and later tasks stay queued. Calling a run method from inside a task is an
 * {@link IllegalStateException}. {@link #schedule} and {@link #pending} are thread-safe; tasks
 * only ever run one at a time.
 */
public final class VirtualScheduler implements Scheduler {

    private final VirtualClock clock;
    private final PriorityQueue<Task> queue =
            new PriorityQueue<>(Comparator.comparing(Task::dueAt).thenComparingLong(Task::sequence));
    private long nextSequence;
    private boolean running;

    /** A scheduler on {@code clock}; the clock may also be advanced directly (due tasks then wait for a run call). */
    public VirtualScheduler(VirtualClock clock) {
        this.clock = InvalidValueException.requireNonNull("clock", clock);
    }

    /** A scheduler on a new clock standing at {@code start}. */
    public static VirtualScheduler startingAt(Instant start) {
        return new VirtualScheduler(new VirtualClock(start));
    }

    /** The clock this scheduler reads and advances. */
    public VirtualClock clock() {
        return clock;
    }

    /**
     * Queues {@code task} at the clock's instant plus {@code delay}; a negative delay counts as
     * zero (as in {@code ExecutorScheduler}). Nothing runs until a run method is called.
     */
    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        InvalidValueException.requireNonNull("delay", delay);
        InvalidValueException.requireNonNull("task", task);
        Duration wait = delay.isNegative() ? Duration.ZERO : delay;
        Task queued = new Task(clock.instant().plus(wait), nextSequence++, task);
        queue.add(queued);
        return () -> cancel(queued);
    }

    private synchronized void cancel(Task task) {
        queue.remove(task);
    }

    /**
     * Moves the clock forward by {@code duration}, running every task that falls due on the way.
     *
     * @return how many tasks ran
     * @throws InvalidValueException if {@code duration} is negative
     */
    public int advance(Duration duration) {
        InvalidValueException.requireNonNull("duration", duration);
        if (duration.isNegative()) {
            throw new InvalidValueException("duration", duration, "must not be negative");
        }
        return advanceTo(clock.instant().plus(duration));
    }

    /**
     * Moves the clock forward to {@code target}, running every task due at or before it, each at
     * its due time; the clock ends at {@code target}.
     *
     * @return how many tasks ran
     * @throws InvalidValueException if {@code target} is before the clock's instant
     */
    public int advanceTo(Instant target) {
        InvalidValueException.requireNonNull("target", target);
        Instant now = clock.instant();
        if (target.isBefore(now)) {
            throw new InvalidValueException("target", target, "must not be before the clock's instant " + now);
        }
        int ran = runThrough(target);
        moveClockTo(target);
        return ran;
    }

    /**
     * Runs the tasks due now, including those they schedule with no delay; the clock does not move.
     *
     * @return how many tasks ran
     */
    public int runDue() {
        return runThrough(clock.instant());
    }

    /**
     * Runs queued tasks, moving the clock to each one's due time, until none is queued or the next
     * is due more than {@code max} after the clock's instant at the call. The clock ends at the
     * last task's due time: idle time after it is not skipped. The horizon keeps a task that
     * always reschedules itself from running forever.
     *
     * @return how many tasks ran
     * @throws InvalidValueException if {@code max} is negative
     */
    public int runUntilIdle(Duration max) {
        InvalidValueException.requireNonNull("max", max);
        if (max.isNegative()) {
            throw new InvalidValueException("max", max, "must not be negative");
        }
        return runThrough(clock.instant().plus(max));
    }

    /** How many tasks are queued, cancelled ones not counted. */
    public synchronized int pending() {
        return queue.size();
    }

    /** When the next queued task is due, if any. */
    public synchronized Optional<Instant> nextDueAt() {
        return Optional.ofNullable(queue.peek()).map(Task::dueAt);
    }

    private int runThrough(Instant horizon) {
        enter();
        try {
            int ran = 0;
            for (Task task = pollDue(horizon); task != null; task = pollDue(horizon)) {
                moveClockTo(task.dueAt());
                task.action().run();
                ran++;
            }
            return ran;
        } finally {
            exit();
        }
    }

    private synchronized void enter() {
        if (running) {
            throw new IllegalStateException("a scheduled task may not run the scheduler; schedule another task instead");
        }
        running = true;
    }

    private synchronized void exit() {
        running = false;
    }

    private synchronized @Nullable Task pollDue(Instant horizon) {
        Task next = queue.peek();
        return next != null && !next.dueAt().isAfter(horizon) ? queue.poll() : null;
    }

    private void moveClockTo(Instant target) {
        // A task may be overdue when the clock was advanced directly; time never goes back for it.
        Instant now = clock.instant();
        if (target.isAfter(now)) {
            clock.advance(Duration.between(now, target));
        }
    }

    @Override
    public synchronized String toString() {
        return "VirtualScheduler[" + clock.instant() + ", " + queue.size() + " pending"
                + (queue.isEmpty() ? "" : ", next due " + queue.peek().dueAt()) + "]";
    }

    private record Task(Instant dueAt, long sequence, Runnable action) {
    }
}
