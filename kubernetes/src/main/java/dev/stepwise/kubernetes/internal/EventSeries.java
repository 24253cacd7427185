package dev.stepwise.kubernetes.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Events written lately, by rollout, reason and message, so that a repeat within the window
 * raises the count of the Event written first instead of writing a new one (as client-go's event
 * correlator does). Holds at most 4,096 series, the least recently used forgotten first.
 * Not thread-safe: its owner serializes calls.
 */
public final class EventSeries {

    static final int MAX = 4096;

    /** One Event written: where it is, how often it happened, when first and last. */
    public record Written(String namespace, String name, int count, Instant first, Instant last) {

        public Written repeated(Instant at) {
            return new Written(namespace, name, count + 1, first, at);
        }
    }

    private record Key(String rolloutId, String reason, String message) { }

    private final Duration window;
    private final Map<Key, Written> series = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Written> eldest) {
            return size() > MAX;
        }
    };

    public EventSeries(Duration window) {
        this.window = window;
    }

    /** The Event this one repeats: same rollout, reason and message, last seen less than the window before {@code at}. */
    public Optional<Written> repeatOf(String rolloutId, EventNote note, Instant at) {
        Written w = series.get(new Key(rolloutId, note.reason(), note.message()));
        return w != null && Duration.between(w.last(), at).compareTo(window) < 0 ? Optional.of(w) : Optional.empty();
    }

    /** Remembers {@code written} as the latest Event of its series. */
    public void remember(String rolloutId, EventNote note, Written written) {
        series.put(new Key(rolloutId, note.reason(), note.message()), written);
    }

    /** Forgets the series (its Event could not be updated; the next repeat writes a new one). */
    public void forget(String rolloutId, EventNote note) {
        series.remove(new Key(rolloutId, note.reason(), note.message()));
    }

    @Override
    public String toString() {
        return "EventSeries[window " + window + ", " + series.size() + " series]";
    }
}
