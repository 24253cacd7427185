package dev.stepwise.launch;

import dev.stepwise.mesh.ManifestSink;
import dev.stepwise.spi.StateStore;
import dev.stepwise.validation.InvalidValueException;

/**
 * Where a launched rollout's route changes and state go.
 *
 * @param sink   where the mesh's resources are read and written
 * @param store  where the rollout's state is kept
 * @param closer releases what the delivery holds (a Git working copy); {@link #NOTHING_TO_CLOSE} when nothing
 */
public record Delivery(ManifestSink sink, StateStore store, AutoCloseable closer) {

    /** A closer that does nothing. */
    public static final AutoCloseable NOTHING_TO_CLOSE = () -> { };

    public Delivery {
        InvalidValueException.requireNonNull("sink", sink);
        InvalidValueException.requireNonNull("store", store);
        InvalidValueException.requireNonNull("closer", closer);
    }

    /** A delivery holding nothing to release. */
    public static Delivery of(ManifestSink sink, StateStore store) {
        return new Delivery(sink, store, NOTHING_TO_CLOSE);
    }

    @Override
    public String toString() {
        return "Delivery[" + sink + ", " + store + "]";
    }
}
