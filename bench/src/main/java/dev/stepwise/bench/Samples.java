package dev.stepwise.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Durations in nanoseconds, added from any thread; summarised as median, p95 and max. */
final class Samples {

    private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

    void add(long value) {
        nanos.add(value);
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
