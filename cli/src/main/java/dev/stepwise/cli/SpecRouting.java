package dev.stepwise.cli;

import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.gatewayapi.GatewayApiMeshRenderer;
import dev.stepwise.mesh.gatewayapi.GatewayRef;
import dev.stepwise.mesh.istio.IstioMeshRenderer;
import dev.stepwise.mesh.kuma.KumaApi;
import dev.stepwise.mesh.kuma.KumaMeshRenderer;
import dev.stepwise.mesh.kuma.TrackAddressing;
import dev.stepwise.spec.ProviderSpec;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spec.ServiceSpec;
import dev.stepwise.traffic.Track;
import java.util.Optional;

/**
 * The renderer a spec asks for on one mesh: the route target from {@code spec.service} (name,
 * port, track Services), the service settings that mesh uses (hosts, gateways, parentRefs,
 * meshName), and the provider's options when the mesh is the spec's own provider.
 */
final class SpecRouting {

    private SpecRouting() {
    }

    /** The route target: {@code port} (0 for none) instead of the spec's when it is positive. */
    static RouteTarget target(RolloutSpec spec, int port) {
        Optional<ServiceSpec> service = spec.service();
        RouteTarget.Builder target = RouteTarget.builder(spec.metadata().namespace(),
                service.map(ServiceSpec::name).orElse(spec.target().name()));
        target.port(port > 0 ? port : service.map(ServiceSpec::port).orElse(0));
        service.ifPresent(s -> {
            for (Track track : Track.values()) {
                target.service(track, s.serviceOf(track));
            }
        });
        return target.build();
    }

    static MeshRenderer renderer(MeshChoice mesh, RolloutSpec spec, RouteTarget target) {
        Optional<ServiceSpec> service = spec.service();
        Optional<ProviderSpec> own = spec.provider().filter(p -> p.name().equals(mesh.label()));
        switch (mesh) {
            case ISTIO: {
                IstioMeshRenderer.Builder istio = IstioMeshRenderer.builder(target);
                own.map(ProviderSpec.Istio.class::cast).ifPresent(p -> istio.apiVersion(p.apiVersion()));
                service.filter(s -> !s.hosts().isEmpty()).ifPresent(s -> istio.hosts(s.hosts()));
                service.filter(s -> !s.gateways().isEmpty()).ifPresent(s -> istio.gateways(s.gateways()));
                return istio.build();
            }
            case GATEWAY_API: {
                GatewayApiMeshRenderer.Builder gatewayApi = GatewayApiMeshRenderer.builder(target);
                own.map(ProviderSpec.GatewayApi.class::cast).ifPresent(p -> gatewayApi.apiVersion(p.apiVersion()));
                service.filter(s -> !s.hosts().isEmpty())
                        .ifPresent(s -> gatewayApi.hostnames(s.hosts().toArray(String[]::new)));
                service.filter(s -> !s.parentRefs().isEmpty()).ifPresent(s -> gatewayApi.gateways(s.parentRefs().stream()
                        .map(r -> new GatewayRef(r.name(), r.namespace(), r.sectionName())).toArray(GatewayRef[]::new)));
                return gatewayApi.build();
            }
            default: {
                KumaMeshRenderer.Builder kuma = KumaMeshRenderer.builder(target).api(kumaApi(mesh));
                own.map(ProviderSpec.Kuma.class::cast).ifPresent(p -> kuma.trackAddressing(
                        p.trackAddressing() == ProviderSpec.Kuma.Addressing.SERVICES ? TrackAddressing.SERVICES
                                : TrackAddressing.SUBSETS));
                service.ifPresent(s -> kuma.mesh(s.meshName()));
                return kuma.build();
            }
        }
    }

    private static KumaApi kumaApi(MeshChoice mesh) {
        switch (mesh) {
            case KUMA_V3:
                return KumaApi.MESH_HTTP_ROUTE_V3;
            case KUMA_LEGACY:
                return KumaApi.TRAFFIC_ROUTE;
            default:
                return KumaApi.MESH_HTTP_ROUTE;
        }
    }
}
