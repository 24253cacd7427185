package dev.stepwise.bench;

import dev.stepwise.engine.Scheduler;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * An engine's real scheduler, recording how late each look starts: from the instant it was due
 * (scheduling time plus delay, on {@link System#nanoTime()}) to the instant its task begins.
 */
final class TimedScheduler implements Scheduler {

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
            task.run();
        });
    }
}
