package dev.stepwise.mesh.kuma;

import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.tck.crd.CrdSchemaValidator;
import java.util.List;

/** Each way the renderer can write a route, with the real CRD its output must satisfy. */
enum KumaFlavour {
    MESH_HTTP_ROUTE_SUBSETS(KumaApi.MESH_HTTP_ROUTE, TrackAddressing.SUBSETS, "kuma/v2.14/kuma.io_meshhttproutes.yaml"),
    MESH_HTTP_ROUTE_SERVICES(KumaApi.MESH_HTTP_ROUTE, TrackAddressing.SERVICES, "kuma/v2.14/kuma.io_meshhttproutes.yaml"),
    MESH_HTTP_ROUTE_V3(KumaApi.MESH_HTTP_ROUTE_V3, TrackAddressing.SERVICES, "kuma/v3-preview/kuma.io_meshhttproutes.yaml"),
    TRAFFIC_ROUTE(KumaApi.TRAFFIC_ROUTE, TrackAddressing.SUBSETS, "kuma/v2.14/kuma.io_trafficroutes.yaml");

    /** The target most tests route: podinfo in namespace test, port 9898. */
    static final RouteTarget PODINFO = RouteTarget.builder("test", "podinfo").port(9898).build();

    final KumaApi api;
    final TrackAddressing addressing;
    final String crdFile;
    private CrdSchemaValidator crd;

    KumaFlavour(KumaApi api, TrackAddressing addressing, String crdFile) {
        this.api = api;
        this.addressing = addressing;
        this.crdFile = crdFile;
    }

    KumaMeshRenderer renderer(RouteTarget target) {
        return KumaMeshRenderer.builder(target).api(api).trackAddressing(addressing).build();
    }

    KumaMeshRenderer renderer() {
        return renderer(PODINFO);
    }

    /** Whether the API routes by header matches and mirrors (all but the legacy TrafficRoute). */
    boolean routesMatches() {
        return api != KumaApi.TRAFFIC_ROUTE;
    }

    /** The testkit's strict validator for this flavour's CRD. */
    synchronized CrdSchemaValidator crd() {
        if (crd == null) {
            crd = CrdSchemaValidator.forCrds(List.of(crdFile));
        }
        return crd;
    }
}
