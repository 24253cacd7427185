package dev.stepwise.mesh.istio;

import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.tck.kubernetes.KubernetesTrafficRouterCompatibilityKit;
import java.util.List;

class IstioTrafficRouterCompatibilityTest extends KubernetesTrafficRouterCompatibilityKit {

    @Override
    protected MeshRenderer createRenderer(RouteTarget target) {
        return IstioMeshRenderer.of(target);
    }

    @Override
    protected List<String> crdFiles() {
        return List.of("istio/destinationrules.networking.istio.io.yaml", "istio/virtualservices.networking.istio.io.yaml");
    }
}
