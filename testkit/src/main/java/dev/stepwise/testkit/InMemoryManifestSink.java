package dev.stepwise.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ManifestConflictException;
import dev.stepwise.mesh.ManifestSink;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ManifestSink} in memory that behaves like an API server's optimistic concurrency: every
 * stored version gets a new {@code metadata.resourceVersion}; a write carrying a stale one, or a
 * create of an existing resource, is a {@link ManifestConflictException}. For testing a renderer
 * through a {@link dev.stepwise.mesh.MeshTrafficRouter} without a cluster.
 *
 * <p>{@link #put} stores a resource as a user's {@code kubectl apply} would. {@link #interfereBeforeNextWrite}
 * makes another writer change a resource between a router's read and its write, to test that
 * nothing of theirs is lost. {@link #failNext} makes the next calls throw. Thread-safe.
 */
public final class InMemoryManifestSink implements ManifestSink {

    private final Map<ResourceRef, Manifest> stored = new LinkedHashMap<>();
    private final List<Manifest> written = new ArrayList<>();
    private final List<Interference> interferences = new ArrayList<>();
    private long nextVersion = 1;
    private int failuresLeft;
    private @Nullable RuntimeException failure;

    private record Interference(ResourceRef ref, UnaryOperator<ObjectNode> change) {
    }

    @Override
    public synchronized List<Manifest> read(List<ResourceRef> refs) {
        failIfAsked();
        return refs.stream().map(stored::get).filter(m -> m != null).toList();
    }

    @Override
    public synchronized void write(List<Manifest> manifests) {
        failIfAsked();
        runInterferences();
        for (Manifest manifest : manifests) {
            Manifest current = stored.get(manifest.ref());
            String expected = manifest.resourceVersion();
            if (expected.isEmpty() && current != null) {
                throw new ManifestConflictException(manifest.ref(), "it exists already (resourceVersion "
                        + current.resourceVersion() + ")");
            }
            if (!expected.isEmpty() && (current == null || !current.resourceVersion().equals(expected))) {
                throw new ManifestConflictException(manifest.ref(), "expected resourceVersion " + expected + ", found "
                        + (current == null ? "none (deleted)" : current.resourceVersion()));
            }
            store(manifest);
            written.add(manifest);
        }
    }

    /** Stores {@code manifest} whatever is there, as a user applying it would; returns it as stored. */
    public synchronized Manifest put(Manifest manifest) {
        return store(manifest);
    }

    /** The stored version of {@code ref}, if any; not an SPI call (never fails). */
    public synchronized Optional<Manifest> get(ResourceRef ref) {
        return Optional.ofNullable(stored.get(ref));
    }

    /** Removes {@code ref}, as a user deleting it would. */
    public synchronized void delete(ResourceRef ref) {
        stored.remove(ref);
    }

    /** Every manifest accepted by {@link #write}, in order (as passed in, before versioning). */
    public synchronized List<Manifest> written() {
        return List.copyOf(written);
    }

    /**
     * Before the next {@link #write}, another writer changes {@code ref} with {@code change} (its
     * resourceVersion moves on), so that write meets a conflict if it carries the old version.
     */
    public synchronized void interfereBeforeNextWrite(ResourceRef ref, UnaryOperator<ObjectNode> change) {
        interferences.add(new Interference(InvalidValueException.requireNonNull("ref", ref),
                InvalidValueException.requireNonNull("change", change)));
    }

    /** The next {@code times} calls of {@link #read} or {@link #write} throw {@code exception} and change nothing. */
    public synchronized void failNext(int times, RuntimeException exception) {
        this.failuresLeft = InvalidValueException.requireAtLeast("times", times, 0);
        this.failure = InvalidValueException.requireNonNull("exception", exception);
    }

    private void runInterferences() {
        List<Interference> due = List.copyOf(interferences);
        interferences.clear();
        for (Interference interference : due) {
            Manifest current = stored.get(interference.ref());
            if (current == null) {
                throw new IllegalStateException("cannot interfere with " + interference.ref() + ": it is not stored");
            }
            store(Manifest.of(interference.change().apply(current.json())));
        }
    }

    private Manifest store(Manifest manifest) {
        ObjectNode json = manifest.json();
        json.withObjectProperty("metadata").put("resourceVersion", Long.toString(nextVersion++));
        Manifest versioned = Manifest.of(json);
        stored.put(versioned.ref(), versioned);
        return versioned;
    }

    private void failIfAsked() {
        if (failuresLeft > 0) {
            failuresLeft--;
            throw failure;
        }
    }

    @Override
    public synchronized String toString() {
        return "InMemoryManifestSink[" + stored.keySet() + "]";
    }
}
