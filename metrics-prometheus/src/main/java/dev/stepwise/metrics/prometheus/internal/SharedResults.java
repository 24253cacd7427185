package dev.stepwise.metrics.prometheus.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Results by key, computed once: a caller asking for a key being computed by another thread
 * waits for that result instead of computing it again. Bounded: the least recently used entry
 * goes first. Thread-safe. Not API.
 *
 * @param <V> the result type
 */
public final class SharedResults<V> {

    private final Map<String, CompletableFuture<V>> entries;

    /** Keeps at most {@code capacity} results. */
    public SharedResults(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<V>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The result for {@code key}, computed by {@code compute} unless present or being computed; {@code compute} must not throw. */
    public V get(String key, Supplier<V> compute) {
        CompletableFuture<V> future;
        boolean owner = false;
        synchronized (entries) {
            future = entries.get(key);
            if (future == null) {
                future = new CompletableFuture<>();
                entries.put(key, future);
                owner = true;
            }
        }
        if (owner) {
            try {
                future.complete(compute.get());
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
                synchronized (entries) {
                    entries.remove(key, future);
                }
                throw e;
            }
        }
        return future.join();
    }

    /** How many results are kept. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
