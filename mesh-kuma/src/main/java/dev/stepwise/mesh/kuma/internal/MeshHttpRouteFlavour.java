package dev.stepwise.mesh.kuma.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.traffic.TrafficSplit;
import java.util.Optional;

/**
 * A MeshHTTPRoute ({@code kuma.io/v1alpha1}) in the service's namespace, labelled with its mesh,
 * applying to the whole mesh ({@code spec.targetRef: {kind: Mesh}}): a producer route, which Kuma
 * applies to every client of the service. Stepwise manages {@code spec.targetRef}, the
 * {@code kuma.io/mesh} label and the rules of the routed service's {@code to[]} entry; other
 * {@code to[]} entries, other labels, annotations and fields are kept.
 */
public final class MeshHttpRouteFlavour implements RouteFlavour {

    /** Kuma's label naming the mesh a namespaced policy belongs to. */
    public static final String MESH_LABEL = "kuma.io/mesh";

    private final ResourceRef ref;
    private final String mesh;
    private final Backends backends;
    private final MeshHttpRules rules;

    private MeshHttpRouteFlavour(RouteTarget target, String mesh, Backends backends) {
        this.ref = new ResourceRef("kuma.io/v1alpha1", "MeshHTTPRoute", target.namespace(), routeName(target));
        this.mesh = mesh;
        this.backends = backends;
        this.rules = new MeshHttpRules(backends);
    }

    /** Kuma 2.14, tracks as MeshServiceSubsets of the service's {@code kuma.io/service} (the target needs a port). */
    public static MeshHttpRouteFlavour subsets(RouteTarget target, String mesh) {
        return new MeshHttpRouteFlavour(target, mesh, new Backends.Subsets(target));
    }

    /** Kuma 2.14, tracks as MeshServices referenced by name and namespace. */
    public static MeshHttpRouteFlavour serviceNames(RouteTarget target, String mesh) {
        return new MeshHttpRouteFlavour(target, mesh, new Backends.ServiceNames(target));
    }

    /** Kuma 3.0, tracks as MeshServices selected by their display-name and namespace labels. */
    public static MeshHttpRouteFlavour serviceLabels(RouteTarget target, String mesh) {
        return new MeshHttpRouteFlavour(target, mesh, new Backends.ServiceLabels(target));
    }

    /** The route's name: {@code <service>-<routeName>}. */
    public static String routeName(RouteTarget target) {
        return target.service() + "-" + target.routeName();
    }

    @Override
    public ResourceRef ref() {
        return ref;
    }

    @Override
    public RouterCapabilities capabilities() {
        return new RouterCapabilities(true, true, true, 1);
    }

    @Override
    public ObjectNode render(TrafficSplit split, Optional<ObjectNode> existing) {
        ObjectNode tree = RouteFlavour.base(ref, existing, Shape.object(), Shape.object().put(MESH_LABEL, mesh));
        ObjectNode spec = Shape.child(tree, "spec", "spec");
        spec.set("targetRef", Shape.object().put("kind", "Mesh"));
        JsonNode to = spec.path("to");
        ArrayNode entries = to.isMissingNode() || to.isNull() ? spec.putArray("to") : Shape.requireArray(to, "spec.to");
        ObjectNode entry = ourEntry(entries).orElseGet(() -> {
            ObjectNode fresh = entries.addObject();
            fresh.set("targetRef", backends.destination());
            return fresh;
        });
        entry.set("rules", rules.render(split));
        return tree;
    }

    @Override
    public Optional<TrafficSplit> parse(ObjectNode resource) {
        JsonNode to = resource.path("spec").path("to");
        if (to.isMissingNode()) {
            return Optional.empty();
        }
        return ourEntry(Shape.requireArray(to, "spec.to")).map(entry -> rules.parse(entry.path("rules"),
                "spec.to[targetRef " + backends.destination() + "].rules"));
    }

    private Optional<ObjectNode> ourEntry(ArrayNode entries) {
        for (JsonNode entry : entries) {
            if (entry.isObject() && backends.isDestination(entry.path("targetRef"))) {
                return Optional.of((ObjectNode) entry);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "MeshHTTPRoute " + ref.namespace() + "/" + ref.name() + " (mesh " + mesh + ", " + backends + ")";
    }
}
