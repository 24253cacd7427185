package dev.stepwise.mesh.kuma;

import dev.stepwise.kubernetes.KubernetesTrafficRouterCompatibilityKit;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import java.util.List;

class KumaTrafficRouteTrafficRouterCompatibilityTest extends KubernetesTrafficRouterCompatibilityKit {

    @Override
    protected MeshRenderer createRenderer(RouteTarget target) {
        return KumaMeshRenderer.builder(target).api(KumaApi.TRAFFIC_ROUTE).build();
    }

    @Override
    protected List<String> crdFiles() {
        return List.of("kuma/v2.14/kuma.io_trafficroutes.yaml");
    }
}
