package dev.stepwise.mesh.kuma;

import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.tck.kubernetes.KubernetesTrafficRouterCompatibilityKit;
import java.util.List;

class KumaMeshHttpRouteTrafficRouterCompatibilityTest extends KubernetesTrafficRouterCompatibilityKit {

    @Override
    protected MeshRenderer createRenderer(RouteTarget target) {
        return KumaMeshRenderer.builder(target).api(KumaApi.MESH_HTTP_ROUTE).build();
    }

    @Override
    protected List<String> crdFiles() {
        return List.of("kuma/v2.14/kuma.io_meshhttproutes.yaml");
    }
}
