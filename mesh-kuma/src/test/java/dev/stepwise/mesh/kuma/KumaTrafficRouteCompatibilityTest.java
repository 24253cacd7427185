package dev.stepwise.mesh.kuma;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.tck.MeshRendererCompatibilityKit;
import java.util.List;

/** Kuma's legacy TrafficRoute keeps the MeshRenderer contract for weights, and refuses matches and mirrors. */
class KumaTrafficRouteCompatibilityTest extends MeshRendererCompatibilityKit {

    @Override
    protected MeshRenderer createRenderer(RouteTarget target) {
        return KumaMeshRenderer.builder(target).api(KumaApi.TRAFFIC_ROUTE).build();
    }

    @Override
    protected List<String> crdFiles() {
        return List.of("kuma/v2.14/kuma.io_trafficroutes.yaml");
    }

    /** A TrafficRoute the user made under the route's name, routing only from the frontend, with their label. */
    @Override
    protected List<Manifest> userResources(RouteTarget target) {
        return List.of(Manifest.parse("""
                apiVersion: kuma.io/v1alpha1
                kind: TrafficRoute
                mesh: default
                metadata:
                  name: %s
                  labels:
                    team: payments
                  resourceVersion: "17"
                spec:
                  sources:
                  - match:
                      kuma.io/service: frontend_%s_svc_80
                  conf:
                    loadBalancer:
                      roundRobin: {}
                """.formatted(createRenderer(target).resources().get(0).name(), target.namespace())));
    }

    @Override
    protected Manifest stripManaged(Manifest manifest) {
        return KumaManagedContent.stripTrafficRoute(manifest);
    }
}
