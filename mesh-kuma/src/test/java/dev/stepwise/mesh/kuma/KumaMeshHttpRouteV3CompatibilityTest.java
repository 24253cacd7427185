package dev.stepwise.mesh.kuma;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.tck.MeshRendererCompatibilityKit;
import java.util.List;

/** Kuma 3.0's MeshHTTPRoute (services selected by labels) keeps the MeshRenderer contract, valid for the 3.0 CRD. */
class KumaMeshHttpRouteV3CompatibilityTest extends MeshRendererCompatibilityKit {

    @Override
    protected MeshRenderer createRenderer(RouteTarget target) {
        return renderer(target);
    }

    private static KumaMeshRenderer renderer(RouteTarget target) {
        return KumaMeshRenderer.builder(target).api(KumaApi.MESH_HTTP_ROUTE_V3).build();
    }

    @Override
    protected List<String> crdFiles() {
        return List.of("kuma/v3-preview/kuma.io_meshhttproutes.yaml");
    }

    @Override
    protected List<Manifest> userResources(RouteTarget target) {
        return List.of(KumaManagedContent.userMeshHttpRoute(renderer(target), renderer(KumaManagedContent.orders(target))));
    }

    @Override
    protected Manifest stripManaged(Manifest manifest) {
        return KumaManagedContent.stripMeshHttpRoute(renderer, manifest);
    }
}
