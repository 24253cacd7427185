package dev.stepwise.mesh.istio;

import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.tck.kubernetes.MeshRolloutEndToEndKit;
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
