package dev.stepwise.mesh.istio;

import dev.stepwise.kubernetes.MeshRolloutEndToEndKit;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Istio: a whole canary rollout on the mock API server")
class IstioRolloutEndToEndTest extends MeshRolloutEndToEndKit {

    @Override
    protected MeshRenderer createRenderer(RouteTarget target) {
        return IstioMeshRenderer.of(target);
    }

    @Override
    protected List<String> crdFiles() {
        return List.of("istio/destinationrules.networking.istio.io.yaml", "istio/virtualservices.networking.istio.io.yaml");
    }
}
