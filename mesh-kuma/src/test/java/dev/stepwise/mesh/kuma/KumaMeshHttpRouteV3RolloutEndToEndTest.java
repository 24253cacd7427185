package dev.stepwise.mesh.kuma;

import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.tck.kubernetes.MeshRolloutEndToEndKit;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Kuma 3.0 MeshHTTPRoute: a whole canary rollout on the mock API server")
class KumaMeshHttpRouteV3RolloutEndToEndTest extends MeshRolloutEndToEndKit {

    @Override
    protected MeshRenderer createRenderer(RouteTarget target) {
        return KumaMeshRenderer.builder(target).api(KumaApi.MESH_HTTP_ROUTE_V3).build();
    }

    @Override
    protected List<String> crdFiles() {
        return List.of("kuma/v3-preview/kuma.io_meshhttproutes.yaml");
    }
}
