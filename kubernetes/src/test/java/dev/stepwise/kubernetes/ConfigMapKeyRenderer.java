package dev.stepwise.kubernetes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.traffic.TrafficSplit;
import java.util.List;
import java.util.Optional;

/**
 * The smallest renderer that shares a resource with other writers: it keeps its split in one key
 * ({@code route.stepwise}, e.g. {@code 90/10/0}) of a ConfigMap and never touches the other keys.
 * {@link #beforeRender} runs before each render, so a test can have "another writer" change the
 * ConfigMap exactly between the router's read and its write.
 */
final class ConfigMapKeyRenderer implements MeshRenderer {

    static final String KEY = "route.stepwise";

    private final ResourceRef ref;
    private final RouteTarget target;
    private Runnable beforeRender = () -> { };

    ConfigMapKeyRenderer(String namespace, String name) {
        this.ref = new ResourceRef("v1", "ConfigMap", namespace, name);
        this.target = RouteTarget.of(namespace, "podinfo");
    }

    /** Runs {@code action} once, before the next render. */
    void beforeNextRender(Runnable action) {
        beforeRender = () -> {
            beforeRender = () -> { };
            action.run();
        };
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
        beforeRender.run();
        ObjectNode tree = existing.stream().filter(m -> m.ref().equals(ref)).findFirst().map(Manifest::json)
                .orElseGet(() -> {
                    ObjectNode fresh = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
                    fresh.putObject("metadata").put("name", ref.name()).put("namespace", ref.namespace());
                    return fresh;
                });
        tree.with("data").put(KEY, split.stable() + "/" + split.canary() + "/" + split.baseline());
        return List.of(Manifest.of(tree));
    }

    @Override
    public Optional<TrafficSplit> parse(List<Manifest> resources) {
        return resources.stream().filter(m -> m.ref().equals(ref)).findFirst()
                .map(m -> m.at("/data/" + KEY.replace("~", "~0").replace("/", "~1")))
                .filter(node -> node.isTextual())
                .map(node -> {
                    String[] w = node.asText().split("/");
                    return new TrafficSplit(Integer.parseInt(w[0]), Integer.parseInt(w[1]), Integer.parseInt(w[2]),
                            List.of(), 0);
                });
    }

    @Override
    public RouterCapabilities capabilities() {
        return RouterCapabilities.all();
    }
}
