package dev.stepwise.launch;

import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.spi.StateStore;
import dev.stepwise.validation.InvalidValueException;

/**
 * A rollout built from a spec, ready to register: give {@link #store()} to the
 * {@link dev.stepwise.engine.RolloutEngine} ({@code RolloutEngine.builder().stateStore(...)}),
 * register {@link #definition()}, and {@link #close()} when the engine is closed.
 *
 * @param definition the rollout: strategy, router, workload, metrics and webhooks
 * @param store      where its state is kept ({@code delivery: cluster}: a ConfigMap; {@code git}: the repository)
 * @param closer     releases what the delivery holds (a Git working copy)
 */
public record Launch(RolloutDefinition definition, StateStore store, AutoCloseable closer) implements AutoCloseable {

    public Launch {
        InvalidValueException.requireNonNull("definition", definition);
        InvalidValueException.requireNonNull("store", store);
        InvalidValueException.requireNonNull("closer", closer);
    }

    /** The rollout's id, {@code namespace/name}. */
    public String id() {
        return definition.id();
    }

    /**
     * Releases what the delivery holds.
     *
     * @throws IllegalStateException wrapping what the closer threw
     */
    @Override
    public void close() {
        try {
            closer.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the delivery of " + id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Launch[" + definition + ", " + store + "]";
    }
}
