package dev.stepwise.mesh.kuma.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.traffic.TrafficSplit;
import java.util.Optional;

/**
 * One Kuma routing API behind {@link dev.stepwise.mesh.kuma.KumaMeshRenderer}: the single resource
 * it manages, how a split is written into it and read back. Pure.
 */
public sealed interface RouteFlavour permits MeshHttpRouteFlavour, TrafficRouteFlavour {

    /** The resource this flavour writes. */
    ResourceRef ref();

    /** What the API can route. */
    RouterCapabilities capabilities();

    /**
     * The resource routing {@code split} (already checked against {@link #capabilities()}), built over
     * a copy of {@code existing} when it exists so that foreign content and key order are kept.
     */
    ObjectNode render(TrafficSplit split, Optional<ObjectNode> existing);

    /**
     * The split {@code resource} holds; empty when the routed service's entry is missing.
     *
     * @throws dev.stepwise.validation.InvalidValueException for a shape Stepwise does not write
     */
    Optional<TrafficSplit> parse(ObjectNode resource);

    /**
     * A copy of {@code existing}, or a new resource with apiVersion, kind and {@code before} (top-level
     * fields that come before metadata, e.g. TrafficRoute's {@code mesh}), with {@link #ref()}'s name
     * and namespace set and {@code labels} added to the resource's labels.
     */
    static ObjectNode base(ResourceRef ref, Optional<ObjectNode> existing, ObjectNode before, ObjectNode labels) {
        ObjectNode tree = existing.map(ObjectNode::deepCopy).orElseGet(() -> {
            ObjectNode fresh = Shape.object().put("apiVersion", ref.apiVersion()).put("kind", ref.kind());
            fresh.setAll(before);
            return fresh;
        });
        tree.put("apiVersion", ref.apiVersion()).put("kind", ref.kind());
        tree.setAll(before);
        ObjectNode metadata = Shape.child(tree, "metadata", "metadata");
        metadata.put("name", ref.name());
        if (ref.isClusterScoped()) {
            metadata.remove("namespace");
        } else {
            metadata.put("namespace", ref.namespace());
        }
        if (!labels.isEmpty()) {
            Shape.child(metadata, "labels", "metadata.labels").setAll(labels);
        }
        return tree;
    }
}
