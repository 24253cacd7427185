package dev.stepwise.mesh.kuma;

import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.tck.kubernetes.MeshRolloutEndToEndKit;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Kuma legacy TrafficRoute: a whole canary rollout on the mock API server")
class KumaTrafficRouteRolloutEndToEndTest extends MeshRolloutEndToEndKit {

    @Override
    protected MeshRenderer createRenderer(RouteTarget target) {
        return KumaMeshRenderer.builder(target).api(KumaApi.TRAFFIC_ROUTE).build();
    }

    @Override
    protected List<String> crdFiles() {
        return List.of("kuma/v2.14/kuma.io_trafficroutes.yaml");
    }
}
