package dev.stepwise.kubernetes;

import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.validation.InvalidValueException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link TrackBootstrap#ensure()} found and created, in the order it looked: the stable
 * Deployment, the baseline Deployment (with a baseline), then the apex and track Services. For
 * events and logs.
 *
 * @param entries one per resource looked at
 */
public record BootstrapRecord(List<Entry> entries) {

    public BootstrapRecord {
        entries = List.copyOf(InvalidValueException.requireNonNull("entries", entries));
    }

    /** The resources created by this call, in order. */
    public List<ResourceRef> created() {
        return entries.stream().filter(e -> e.outcome() == Outcome.CREATED).map(Entry::ref).toList();
    }

    /** The resources that were already there and fit, in order. */
    public List<ResourceRef> found() {
        return entries.stream().filter(e -> e.outcome() == Outcome.FOUND).map(Entry::ref).toList();
    }

    /** Whether this call created anything. */
    public boolean createdAny() {
        return entries.stream().anyMatch(e -> e.outcome() == Outcome.CREATED);
    }

    @Override
    public String toString() {
        return entries.stream().map(Entry::toString).collect(Collectors.joining(", ", "BootstrapRecord[", "]"));
    }

    /** Whether a resource was there already or created now. */
    public enum Outcome {
        /** It existed and fits what the rollout needs (also when another writer created it while this call tried to). */
        FOUND,
        /** This call created it. */
        CREATED
    }

    /**
     * @param ref     the resource
     * @param outcome found or created
     */
    public record Entry(ResourceRef ref, Outcome outcome) {

        public Entry {
            InvalidValueException.requireNonNull("ref", ref);
            InvalidValueException.requireNonNull("outcome", outcome);
        }

        @Override
        public String toString() {
            return ref.kind() + " " + ref.name() + " " + outcome.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
