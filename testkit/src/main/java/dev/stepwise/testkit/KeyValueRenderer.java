package dev.stepwise.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.util.List;
import java.util.Optional;

/**
 * A toy mesh for tests of the mesh plumbing and of engines over a {@link dev.stepwise.mesh.MeshTrafficRouter}: the split as one key of a shared ConfigMap
 * ({@code stable=90,canary=10,baseline=0,mirror=0}); other keys belong to someone else. Weights
 * and mirroring, no matches.
 */
public final class KeyValueRenderer implements MeshRenderer {

    private final RouteTarget target;
    private final ResourceRef ref;

    /** A renderer of {@code target}'s route as one key of the ConfigMap {@code <service>-routes}. */
    public KeyValueRenderer(RouteTarget target) {
        this.target = target;
        this.ref = new ResourceRef("v1", "ConfigMap", target.namespace(), target.service() + "-routes");
    }

    @Override
    public RouteTarget target() {
        return target;
    }

    @Override
    public List<ResourceRef> resources() {
        return List.of(ref);
    }

    @Override
    public List<Manifest> render(TrafficSplit split, List<Manifest> existing) {
        if (!split.matches().isEmpty()) {
            throw new InvalidValueException("matches", split.matches(), "cannot be routed: this mesh has no header match");
        }
        ObjectNode json = existing.stream().filter(m -> m.ref().equals(ref)).findFirst().map(Manifest::json)
                .orElseGet(this::fresh);
        json.withObjectProperty("data").put(target.routeName(), "stable=" + split.stable() + ",canary=" + split.canary()
                + ",baseline=" + split.baseline() + ",mirror=" + split.mirrorPercent());
        return List.of(Manifest.of(json));
    }

    private ObjectNode fresh() {
        ObjectNode json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        json.put("apiVersion", "v1").put("kind", "ConfigMap");
        json.putObject("metadata").put("name", ref.name()).put("namespace", ref.namespace());
        return json;
    }

    @Override
    public Optional<TrafficSplit> parse(List<Manifest> resources) {
        return resources.stream().filter(m -> m.ref().equals(ref)).findFirst()
                .map(m -> m.at("/data/" + target.routeName())).filter(node -> node.isTextual())
                .map(node -> {
                    int[] values = java.util.Arrays.stream(node.asText().split(","))
                            .mapToInt(pair -> Integer.parseInt(pair.substring(pair.indexOf('=') + 1))).toArray();
                    return new TrafficSplit(values[0], values[1], values[2], List.of(), values[3]);
                });
    }

    @Override
    public RouterCapabilities capabilities() {
        return new RouterCapabilities(true, false, true, 1);
    }
}
