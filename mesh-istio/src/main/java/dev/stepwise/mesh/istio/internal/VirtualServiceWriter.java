package dev.stepwise.mesh.istio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes Stepwise's routes into a VirtualService: a new one holds only them; in an existing one
 * they replace the previous managed routes and everything else is kept as it was, key order too.
 *
 * <p>The weighted route always lists the stable and canary destinations, at weight 0 too, so the
 * route keeps one shape through a rollout and a step's diff shows only weights; the baseline is
 * listed only while it has weight, so services without a baseline never reference it. Mirroring
 * is written only when its percent is above 0.
 */
public final class VirtualServiceWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final IstioLayout layout;
    private final ManagedRoutes routes;

    public VirtualServiceWriter(IstioLayout layout, ManagedRoutes routes) {
        this.layout = layout;
        this.routes = routes;
    }

    public ObjectNode render(TrafficSplit split, Optional<ObjectNode> existing) {
        ObjectNode resource = existing.map(this::adopt).orElseGet(this::create);
        JsonNode http = resource.path("spec").path("http");
        if (!http.isArray()) {
            throw new InvalidValueException(layout.virtualService() + " spec.http", http,
                    "must be a list of routes for Stepwise to add its own");
        }
        routes.splice((ArrayNode) http, managedRoutes(split));
        return resource;
    }

    /** The existing resource under our apiVersion, with spec and spec.http added if absent. */
    private ObjectNode adopt(ObjectNode existing) {
        existing.put("apiVersion", layout.apiVersion());
        JsonNode spec = existing.path("spec");
        if (!spec.isObject()) {
            spec = existing.putObject("spec");
        }
        ObjectNode specObject = (ObjectNode) spec;
        if (!specObject.has("hosts")) {
            specObject.set("hosts", strings(layout.hosts()));
        }
        if (!specObject.has("http")) {
            specObject.putArray("http");
        }
        return existing;
    }

    private ObjectNode create() {
        ObjectNode resource = NODES.objectNode();
        resource.put("apiVersion", layout.apiVersion());
        resource.put("kind", IstioLayout.VIRTUAL_SERVICE);
        resource.putObject("metadata").put("name", layout.virtualServiceName())
                .put("namespace", layout.target().namespace());
        ObjectNode spec = resource.putObject("spec");
        spec.set("hosts", strings(layout.hosts()));
        if (!layout.gateways().isEmpty()) {
            spec.set("gateways", strings(layout.gateways()));
        }
        spec.putArray("http");
        return resource;
    }

    private List<ObjectNode> managedRoutes(TrafficSplit split) {
        List<ObjectNode> managed = new ArrayList<>();
        for (int i = 0; i < split.matches().size(); i++) {
            managed.add(matchRoute(i, split.matches().get(i)));
        }
        managed.add(weightedRoute(split));
        return managed;
    }

    private ObjectNode matchRoute(int index, RouteMatch match) {
        ObjectNode route = NODES.objectNode().put("name", routes.matchName(index));
        route.putArray("match").addObject().set("headers", HeaderMatches.encode(match));
        route.putArray("route").addObject().set("destination", destination(match.track()));
        return route;
    }

    private ObjectNode weightedRoute(TrafficSplit split) {
        ObjectNode route = NODES.objectNode().put("name", routes.weightedName());
        ArrayNode destinations = route.putArray("route");
        for (Track track : Track.values()) {
            if (track != Track.BASELINE || split.baseline() > 0) {
                ObjectNode weighted = destinations.addObject();
                weighted.set("destination", destination(track));
                weighted.put("weight", split.weight(track));
            }
        }
        if (split.mirrorPercent() > 0) {
            route.set("mirror", destination(Track.CANARY));
            route.putObject("mirrorPercentage").put("value", split.mirrorPercent());
        }
        return route;
    }

    ObjectNode destination(Track track) {
        RouteTarget target = layout.target();
        ObjectNode destination = NODES.objectNode().put("host", target.service()).put("subset", layout.subsetOf(track));
        if (target.hasPort()) {
            destination.putObject("port").put("number", target.port());
        }
        return destination;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
