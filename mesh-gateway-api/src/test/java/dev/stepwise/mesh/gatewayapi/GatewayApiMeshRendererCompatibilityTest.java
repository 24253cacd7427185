package dev.stepwise.mesh.gatewayapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.gatewayapi.internal.ManagedRuleNames;
import dev.stepwise.tck.MeshRendererCompatibilityKit;
import dev.stepwise.traffic.TrafficSplit;
import java.util.List;

/** The MeshRenderer contract, in GAMMA mesh mode, over the user's HTTPRoute of {@link HttpRouteFixtures#USER_ROUTE}. */
class GatewayApiMeshRendererCompatibilityTest extends MeshRendererCompatibilityKit {

    @Override
    protected MeshRenderer createRenderer(RouteTarget target) {
        return GatewayApiMeshRenderer.of(target);
    }

    @Override
    protected List<String> crdFiles() {
        return List.of(HttpRouteFixtures.CRD);
    }

    @Override
    protected List<Manifest> userResources(RouteTarget target) {
        return List.of(HttpRouteFixtures.USER_ROUTE);
    }

    /** Without Stepwise's named rules and the parentRef it adds (the Service itself, in GAMMA mode). */
    @Override
    protected Manifest stripManaged(Manifest manifest) {
        ObjectNode route = manifest.json();
        ManagedRuleNames names = new ManagedRuleNames(renderer.target().routeName());
        JsonNode ours = renderer.render(TrafficSplit.allStable(), List.of()).get(0).at("/spec/parentRefs/0");
        remove((ArrayNode) route.at("/spec/rules"), names::isManaged);
        remove((ArrayNode) route.at("/spec/parentRefs"), ours::equals);
        return Manifest.of(route);
    }

    private static void remove(ArrayNode array, java.util.function.Predicate<JsonNode> managed) {
        for (int i = array.size() - 1; i >= 0; i--) {
            if (managed.test(array.get(i))) {
                array.remove(i);
            }
        }
    }
}
