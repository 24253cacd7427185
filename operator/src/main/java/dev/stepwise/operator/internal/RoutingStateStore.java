package dev.stepwise.operator.internal;

import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.validation.InvalidValueException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one {@link StateStore} of the controller's engine: each rollout id goes to the store its own
 * launch opened ({@code delivery: cluster}: a ConfigMap in its namespace; {@code git}: its
 * repository). Remembers the last record each store returned, so the status projection reads it
 * without another request. An id with no route is unknown: {@link #load} is empty and {@link #save}
 * throws {@link IllegalStateException} (a failure the engine retries; only around an unregister).
 */
public final class RoutingStateStore implements StateStore {

    private final Map<String, StateStore> routes = new ConcurrentHashMap<>();
    private final Map<String, StoredRollout> latest = new ConcurrentHashMap<>();

    /** Routes {@code id} to {@code store}, replacing an earlier route. */
    public void route(String id, StateStore store) {
        routes.put(InvalidValueException.requireNonNull("id", id), InvalidValueException.requireNonNull("store", store));
    }

    /** Removes the route of {@code id} and what was remembered of it. */
    public void unroute(String id) {
        routes.remove(id);
        latest.remove(id);
    }

    /** The store {@code id} is routed to. */
    public Optional<StateStore> store(String id) {
        return Optional.ofNullable(routes.get(id));
    }

    /** The last record loaded or saved for {@code id} through this store; no request made. */
    public Optional<StoredRollout> latest(String id) {
        return Optional.ofNullable(latest.get(id));
    }

    @Override
    public Optional<StoredRollout> load(String id) {
        StateStore store = routes.get(id);
        if (store == null) {
            return Optional.empty();
        }
        Optional<StoredRollout> loaded = store.load(id);
        loaded.ifPresentOrElse(r -> latest.put(id, r), () -> latest.remove(id));
        return loaded;
    }

    @Override
    public StoredRollout save(StoredRollout rollout, long expectedVersion) {
        StateStore store = routes.get(rollout.id());
        if (store == null) {
            throw new IllegalStateException("rollout " + rollout.id() + " is not routed to a store: no longer run by this controller");
        }
        StoredRollout saved = store.save(rollout, expectedVersion);
        latest.put(saved.id(), saved);
        return saved;
    }

    /** {@inheritDoc} Through the store {@code rollout}'s id is routed to, so a Git store can push the record with the split. */
    @Override
    public StoredRollout saveAhead(StoredRollout rollout, long expectedVersion, TrafficRouter router, Runnable apply) {
        StateStore store = routes.get(rollout.id());
        if (store == null) {
            throw new IllegalStateException("rollout " + rollout.id() + " is not routed to a store: no longer run by this controller");
        }
        StoredRollout saved = store.saveAhead(rollout, expectedVersion, router, apply);
        latest.put(saved.id(), saved);
        return saved;
    }

    /** The sorted union of every routed store's ids. */
    @Override
    public List<String> ids() {
        TreeSet<String> ids = new TreeSet<>();
        for (StateStore store : Set.copyOf(routes.values())) {
            ids.addAll(store.ids());
        }
        return List.copyOf(ids);
    }

    @Override
    public void delete(String id) {
        StateStore store = routes.get(id);
        if (store != null) {
            store.delete(id);
        }
        latest.remove(id);
    }

    @Override
    public String toString() {
        return "RoutingStateStore[" + routes.size() + " rollouts routed]";
    }
}
