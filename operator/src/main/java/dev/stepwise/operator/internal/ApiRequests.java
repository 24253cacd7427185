package dev.stepwise.operator.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the requests the controller itself makes to the API server, by resource and verb (e.g.
 * {@code rollouts/status update}); the engine's own requests (state ConfigMaps, routes, Deployments)
 * are not counted here. Thread-safe.
 */
public final class ApiRequests {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    /** Counts one request of {@code verb} on {@code resource}. */
    public void count(String resource, String verb) {
        counts.computeIfAbsent(resource + " " + verb, k -> new AtomicLong()).incrementAndGet();
    }

    /** The counts so far, sorted by resource and verb. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** All requests counted so far. */
    public long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    @Override
    public String toString() {
        return "ApiRequests" + snapshot();
    }
}
