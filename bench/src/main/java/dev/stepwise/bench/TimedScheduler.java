package dev.stepwise.bench;

import dev.stepwise.engine.Scheduler;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * An engine's real scheduler, recording how late each look starts: from the instant it was due
 * (scheduling time plus delay, on {@link System#nanoTime()}) to the instant its task begins.
 */
final class TimedScheduler implements Scheduler {

    /** The instant the look running on this thread was due, while it runs. */
    private static final ThreadLocal<Long> DUE = new ThreadLocal<>();

    private final Scheduler delegate;
    private final Samples lateness;
    private final BooleanSupplier recording;

    TimedScheduler(Scheduler delegate, Samples lateness) {
        this(delegate, lateness, () -> true);
    }

    /** Records only the looks that begin while {@code recording} holds (an engine's looks while it leads, say). */
    TimedScheduler(Scheduler delegate, Samples lateness, BooleanSupplier recording) {
        this.delegate = delegate;
        this.lateness = lateness;
        this.recording = recording;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        long due = System.nanoTime() + Math.max(0, delay.toNanos());
        return delegate.schedule(delay, () -> {
            if (recording.getAsBoolean()) {
                lateness.add(Math.max(0, System.nanoTime() - due), due);
            }
            DUE.set(due);
            try {
                task.run();
            } finally {
                DUE.remove();
            }
        });
    }

    /** When the look running on this thread was due ({@link System#nanoTime()}), if a look of a timed scheduler runs on it. */
    static java.util.OptionalLong currentDue() {
        Long due = DUE.get();
        return due == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(due);
    }
}
