package dev.stepwise.mesh.kuma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.traffic.TrafficSplit;
import java.util.List;

/** What Stepwise manages in each Kuma resource, and the resources a user may already have, for the compatibility kit. */
final class KumaManagedContent {

    private KumaManagedContent() {
    }

    /**
     * A MeshHTTPRoute without what Stepwise manages: the {@code kuma.io/mesh} label, {@code spec.targetRef}
     * and the routed service's {@code to[]} entry (found by the targetRef the renderer writes).
     */
    static Manifest stripMeshHttpRoute(MeshRenderer renderer, Manifest manifest) {
        JsonNode ours = renderer.render(TrafficSplit.allStable(), List.of()).get(0).at("/spec/to/0/targetRef");
        ObjectNode json = manifest.json();
        ObjectNode labels = (ObjectNode) json.path("metadata").path("labels");
        if (!labels.isMissingNode()) {
            labels.remove("kuma.io/mesh");
        }
        ObjectNode spec = (ObjectNode) json.path("spec");
        spec.remove("targetRef");
        ArrayNode to = (ArrayNode) spec.path("to");
        for (int i = to.size() - 1; i >= 0; i--) {
            if (to.get(i).path("targetRef").equals(ours)) {
                to.remove(i);
            }
        }
        return Manifest.of(json);
    }

    /** A TrafficRoute without what Stepwise manages: {@code mesh}, {@code spec.destinations} and {@code spec.conf.split}. */
    static Manifest stripTrafficRoute(Manifest manifest) {
        ObjectNode json = manifest.json();
        json.remove("mesh");
        ObjectNode spec = (ObjectNode) json.path("spec");
        spec.remove("destinations");
        if (spec.path("conf") instanceof ObjectNode conf) {
            conf.remove("split");
            if (conf.isEmpty()) {
                spec.remove("conf");
            }
        }
        return Manifest.of(json);
    }

    /**
     * A MeshHTTPRoute a user created under the route's name before Stepwise routed anything: their
     * labels and annotations, and an entry for another service, rendered by a renderer like {@code
     * renderer} for {@code orders} so that it is valid for the same Kuma version.
     */
    static Manifest userMeshHttpRoute(MeshRenderer renderer, KumaMeshRenderer ordersRenderer) {
        ObjectNode route = ordersRenderer.render(TrafficSplit.canary(30), List.of()).get(0).json();
        ObjectNode metadata = (ObjectNode) route.get("metadata");
        metadata.put("name", renderer.resources().get(0).name());
        metadata.with("labels").put("team", "payments");
        metadata.putObject("annotations").put("example.com/owner", "alice");
        metadata.put("resourceVersion", "17");
        return Manifest.of(route);
    }

    /** The orders service next to {@code target}, routed the same way. */
    static RouteTarget orders(RouteTarget target) {
        return RouteTarget.builder(target.namespace(), "orders").port(8080).build();
    }
}
