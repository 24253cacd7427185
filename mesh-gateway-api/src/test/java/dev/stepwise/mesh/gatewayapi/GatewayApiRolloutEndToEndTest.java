package dev.stepwise.mesh.gatewayapi;

import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.tck.kubernetes.MeshRolloutEndToEndKit;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Gateway API HTTPRoute: a whole canary rollout on the mock API server")
class GatewayApiRolloutEndToEndTest extends MeshRolloutEndToEndKit {

    @Override
    protected MeshRenderer createRenderer(RouteTarget target) {
        return GatewayApiMeshRenderer.of(target);
    }

    @Override
    protected List<String> crdFiles() {
        return List.of("gateway-api/gateway.networking.k8s.io_httproutes.yaml");
    }
}
