package dev.stepwise.engine;

import dev.stepwise.spi.StaleStateException;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link StateStore} in memory: for tests, simulations and single-process embeddings that can
 * afford to lose rollouts on restart. Thread-safe; compare-and-set is atomic per rollout.
 */
public final class InMemoryStateStore implements StateStore {

    private final ConcurrentMap<String, StoredRollout> rollouts = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredRollout> load(String id) {
        return Optional.ofNullable(rollouts.get(id));
    }

    @Override
    public StoredRollout save(StoredRollout rollout, long expectedVersion) {
        StoredRollout saved = rollout.withVersion(expectedVersion + 1);
        rollouts.compute(rollout.id(), (id, current) -> {
            long actual = current == null ? 0 : current.version();
            if (actual != expectedVersion) {
                throw new StaleStateException(id, expectedVersion, current == null ? -1 : actual);
            }
            return saved;
        });
        return saved;
    }

    @Override
    public List<String> ids() {
        return rollouts.keySet().stream().sorted().toList();
    }

    @Override
    public void delete(String id) {
        rollouts.remove(id);
    }

    @Override
    public String toString() {
        return "InMemoryStateStore[" + rollouts.size() + " rollouts]";
    }
}
