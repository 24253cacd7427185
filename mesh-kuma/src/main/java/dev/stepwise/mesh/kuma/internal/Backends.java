package dev.stepwise.mesh.kuma.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.traffic.Track;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * How a MeshHTTPRoute names the routed service ({@code to[].targetRef}) and each track's backend
 * ({@code backendRefs[]}, {@code requestMirror.backendRef}). One implementation per way of
 * addressing tracks: {@link Subsets} and {@link ServiceNames} (Kuma 2.14), {@link ServiceLabels} (3.0).
 */
sealed interface Backends {

    /** Kuma 3.0's label holding a MeshService's name as the user wrote it. */
    String DISPLAY_NAME_LABEL = "kuma.io/display-name";
    /** Kuma's label holding the Kubernetes namespace of a resource. */
    String NAMESPACE_LABEL = "k8s.kuma.io/namespace";

    /** The {@code to[].targetRef} of the routed service. */
    ObjectNode destination();

    /** The reference to {@code track}'s pods, without a weight. */
    ObjectNode backendRef(Track track);

    /** Whether a {@code to[].targetRef} names the routed service: it holds every field of {@link #destination()}. */
    default boolean isDestination(JsonNode targetRef) {
        for (Iterator<Map.Entry<String, JsonNode>> it = destination().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().equals(targetRef.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The track whose {@link #backendRef} {@code ref} is, its weight aside; empty for any other reference. */
    default Optional<Track> trackOf(JsonNode ref) {
        if (!ref.isObject()) {
            return Optional.empty();
        }
        ObjectNode withoutWeight = ((ObjectNode) ref).deepCopy();
        withoutWeight.remove("weight");
        for (Track track : Track.values()) {
            if (backendRef(track).equals(withoutWeight)) {
                return Optional.of(track);
            }
        }
        return Optional.empty();
    }

    /** The name Kuma 2.x gives a Kubernetes service port: {@code <name>_<namespace>_svc_<port>}. */
    static String kumaServiceTag(RouteTarget target) {
        return target.service() + "_" + target.namespace() + "_svc_" + target.port();
    }

    /**
     * Kuma 2.14: {@code MeshServiceSubset}s of the service's {@code kuma.io/service}, one per value of
     * the version label. Needs the port: the {@code kuma.io/service} name contains it.
     */
    record Subsets(RouteTarget target) implements Backends {
        @Override
        public ObjectNode destination() {
            ObjectNode ref = Shape.object().put("kind", "MeshService");
            return ref.put("name", kumaServiceTag(target));
        }

        @Override
        public ObjectNode backendRef(Track track) {
            ObjectNode ref = Shape.object().put("kind", "MeshServiceSubset").put("name", kumaServiceTag(target));
            ref.putObject("tags").put(target.versionLabel(), target.versionOf(track));
            return ref;
        }
    }

    /** Kuma 2.14 with MeshServices: one MeshService per track, named and namespaced. */
    record ServiceNames(RouteTarget target) implements Backends {
        @Override
        public ObjectNode destination() {
            return Shape.object().put("kind", "MeshService").put("name", target.service())
                    .put("namespace", target.namespace());
        }

        @Override
        public ObjectNode backendRef(Track track) {
            ObjectNode ref = Shape.object().put("kind", "MeshService").put("name", target.serviceOf(track))
                    .put("namespace", target.namespace());
            return target.hasPort() ? ref.put("port", target.port()) : ref;
        }
    }

    /** Kuma 3.0: one MeshService per track, selected by its display name and namespace labels. */
    record ServiceLabels(RouteTarget target) implements Backends {
        @Override
        public ObjectNode destination() {
            return labelled(target.service());
        }

        @Override
        public ObjectNode backendRef(Track track) {
            ObjectNode ref = labelled(target.serviceOf(track));
            return target.hasPort() ? ref.put("port", target.port()) : ref;
        }

        private ObjectNode labelled(String service) {
            ObjectNode ref = Shape.object().put("kind", "MeshService");
            ref.putObject("labels").put(DISPLAY_NAME_LABEL, service).put(NAMESPACE_LABEL, target.namespace());
            return ref;
        }
    }
}
