package dev.stepwise.mesh.istio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.istio.internal.IstioLayout;
import dev.stepwise.mesh.istio.internal.ManagedRoutes;
import dev.stepwise.tck.MeshRendererCompatibilityKit;
import dev.stepwise.traffic.Track;
import java.util.List;
import java.util.function.Predicate;

/** The Istio renderer keeps the {@link MeshRenderer} contract, over a user's own VirtualService and DestinationRule. */
class IstioMeshRendererCompatibilityTest extends MeshRendererCompatibilityKit {

    @Override
    protected MeshRenderer createRenderer(RouteTarget target) {
        return IstioMeshRenderer.builder(target).build();
    }

    @Override
    protected List<String> crdFiles() {
        return IstioFixtures.CRD_FILES;
    }

    @Override
    protected List<Manifest> userResources(RouteTarget target) {
        return IstioFixtures.userResourcesBeforeStepwise(target.namespace());
    }

    /** Without Stepwise's routes and track subsets, and without the list Stepwise may have added to hold them. */
    @Override
    protected Manifest stripManaged(Manifest manifest) {
        ObjectNode tree = manifest.json();
        ManagedRoutes routes = new ManagedRoutes(target().routeName());
        List<String> subsets = List.of(Track.STABLE.label(), Track.CANARY.label(), Track.BASELINE.label());
        if (manifest.ref().kind().equals(IstioLayout.VIRTUAL_SERVICE)) {
            strip(tree, "http", routes::isManaged);
        } else {
            strip(tree, "subsets", subset -> subsets.contains(subset.path("name").asText()));
        }
        return Manifest.of(tree);
    }

    private static void strip(ObjectNode tree, String list, Predicate<JsonNode> managed) {
        JsonNode items = tree.path("spec").path(list);
        if (items instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (managed.test(array.get(i))) {
                    array.remove(i);
                }
            }
            if (array.isEmpty()) {
                ((ObjectNode) tree.get("spec")).remove(list);
            }
        }
    }
}
