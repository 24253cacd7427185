package dev.stepwise.git.jgit;

import org.jspecify.annotations.Nullable;

/**
 * The latest {@link HeadSnapshot} a backend published, and a way to wait for the next one without
 * the backend's lock. The backend publishes under its lock (so snapshots are published in the
 * remote's order: a later one is never older) after every fetch and every push to its branch,
 * and reports every end of a hold of its working copy ({@link #released()}), so that a reader
 * waiting for a fresher snapshot learns when the hold in flight ended without one. Thread-safe.
 */
final class Snapshots {

    private final Object monitor = new Object();
    private @Nullable HeadSnapshot latest;
    private long releases;

    /** The latest snapshot; null before the first fetch or push. */
    @Nullable HeadSnapshot latest() {
        synchronized (monitor) {
            return latest;
        }
    }

    /** How many holds of the working copy have ended so far. */
    long releases() {
        synchronized (monitor) {
            return releases;
        }
    }

    /** Makes {@code snapshot} the latest; wakes the readers waiting. Called under the backend's lock. */
    void publish(HeadSnapshot snapshot) {
        synchronized (monitor) {
            latest = snapshot;
            monitor.notifyAll();
        }
    }

    /** The latest snapshot, no longer known to be current (a fetch under way or failed, a push rejected). */
    void forget() {
        synchronized (monitor) {
            if (latest != null && latest.confirmedAt().isPresent()) {
                latest = latest.forgotten();
                monitor.notifyAll();
            }
        }
    }

    /** A hold of the working copy ended; wakes the readers waiting. */
    void released() {
        synchronized (monitor) {
            releases++;
            monitor.notifyAll();
        }
    }

    /**
     * Waits until a snapshot other than {@code seen} is published or a hold ends after
     * {@code releasesSeen} holds had; false when interrupted (the interrupt flag set again).
     */
    boolean awaitChange(@Nullable HeadSnapshot seen, long releasesSeen) {
        synchronized (monitor) {
            while (latest == seen && releases == releasesSeen) {
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public String toString() {
        synchronized (monitor) {
            return "Snapshots[latest " + latest + ", " + releases + " holds ended]";
        }
    }
}
