package dev.stepwise.mesh.gatewayapi;

import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.tck.kubernetes.KubernetesTrafficRouterCompatibilityKit;
import java.util.List;

class GatewayApiTrafficRouterCompatibilityTest extends KubernetesTrafficRouterCompatibilityKit {

    @Override
    protected MeshRenderer createRenderer(RouteTarget target) {
        return GatewayApiMeshRenderer.of(target);
    }

    @Override
    protected List<String> crdFiles() {
        return List.of("gateway-api/gateway.networking.k8s.io_httproutes.yaml");
    }
}
