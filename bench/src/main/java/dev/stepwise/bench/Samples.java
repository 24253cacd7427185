package dev.stepwise.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Durations in nanoseconds, added from any thread; summarised as median, p95 and max. Those of
 * events at or after {@link #laterFrom} (on {@link System#nanoTime()}) are also kept apart in
 * {@link #later()}: a run's start, where every rollout takes its first step in the same instant,
 * is a burst the steady state never sees again.
 */
final class Samples {

    private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
    private volatile long laterFrom = Long.MAX_VALUE;
    private volatile @org.jspecify.annotations.Nullable Samples later;

    void add(long value) {
        nanos.add(value);
    }

    /** Adds {@code value}, of an event at {@code eventNanos}; also to {@link #later()} from {@link #laterFrom}. */
    void add(long value, long eventNanos) {
        nanos.add(value);
        Samples after = later;
        if (after != null && eventNanos >= laterFrom) {
            after.add(value);
        }
    }

    /** Keeps apart, from now on, the samples of events at or after {@code nanos}. */
    synchronized void laterFrom(long nanos) {
        if (later == null) {
            later = new Samples();
        }
        laterFrom = nanos;
    }

    /** The samples of events at or after {@link #laterFrom}; empty when it was never set. */
    Samples later() {
        Samples after = later;
        return after == null ? new Samples() : after;
    }

    int count() {
        return nanos.size();
    }

    /** "median / p95 / max" in seconds, or "–" without samples. */
    String summary() {
        List<Long> sorted;
        synchronized (nanos) {
            sorted = new ArrayList<>(nanos);
        }
        if (sorted.isEmpty()) {
            return "–";
        }
        Collections.sort(sorted);
        return String.format("%s / %s / %s s", seconds(at(sorted, 0.5)), seconds(at(sorted, 0.95)),
                seconds(sorted.get(sorted.size() - 1)));
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size())));
    }

    private static String seconds(long nanos) {
        double s = nanos / 1e9;
        return s < 10 ? String.format("%.2f", s) : String.format("%.0f", s);
    }
}
