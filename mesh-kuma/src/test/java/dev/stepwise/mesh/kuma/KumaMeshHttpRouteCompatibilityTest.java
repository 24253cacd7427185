package dev.stepwise.mesh.kuma;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.tck.MeshRendererCompatibilityKit;
import java.util.List;

/** Kuma 2.14's MeshHTTPRoute with the defaults (MeshServiceSubsets) keeps the MeshRenderer contract. */
class KumaMeshHttpRouteCompatibilityTest extends MeshRendererCompatibilityKit {

    @Override
    protected MeshRenderer createRenderer(RouteTarget target) {
        return KumaMeshRenderer.of(target);
    }

    @Override
    protected List<String> crdFiles() {
        return List.of("kuma/v2.14/kuma.io_meshhttproutes.yaml");
    }

    @Override
    protected List<Manifest> userResources(RouteTarget target) {
        return List.of(KumaManagedContent.userMeshHttpRoute(createRenderer(target),
                KumaMeshRenderer.of(KumaManagedContent.orders(target))));
    }

    @Override
    protected Manifest stripManaged(Manifest manifest) {
        return KumaManagedContent.stripMeshHttpRoute(renderer, manifest);
    }
}
