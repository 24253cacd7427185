package dev.stepwise.mesh.kuma;

import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.tck.kubernetes.KubernetesTrafficRouterCompatibilityKit;
import java.util.List;

class KumaMeshHttpRouteV3TrafficRouterCompatibilityTest extends KubernetesTrafficRouterCompatibilityKit {

    @Override
    protected MeshRenderer createRenderer(RouteTarget target) {
        return KumaMeshRenderer.builder(target).api(KumaApi.MESH_HTTP_ROUTE_V3).build();
    }

    @Override
    protected List<String> crdFiles() {
        return List.of("kuma/v3-preview/kuma.io_meshhttproutes.yaml");
    }
}
