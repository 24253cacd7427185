package dev.stepwise.cli;

import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.gatewayapi.GatewayApiMeshRenderer;
import dev.stepwise.mesh.istio.IstioMeshRenderer;
import dev.stepwise.mesh.kuma.KumaApi;
import dev.stepwise.mesh.kuma.KumaMeshRenderer;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The meshes {@code stepwise render} writes for, by their command-line names. */
enum MeshChoice {
    ISTIO("istio", target -> IstioMeshRenderer.builder(target).build()),
    KUMA("kuma", target -> KumaMeshRenderer.builder(target).api(KumaApi.MESH_HTTP_ROUTE).build()),
    KUMA_V3("kuma-v3", target -> KumaMeshRenderer.builder(target).api(KumaApi.MESH_HTTP_ROUTE_V3).build()),
    KUMA_LEGACY("kuma-legacy", target -> KumaMeshRenderer.builder(target).api(KumaApi.TRAFFIC_ROUTE).build()),
    GATEWAY_API("gateway-api", target -> GatewayApiMeshRenderer.builder(target).build());

    private final String label;
    private final Function<RouteTarget, MeshRenderer> factory;

    MeshChoice(String label, Function<RouteTarget, MeshRenderer> factory) {
        this.label = label;
        this.factory = factory;
    }

    String label() {
        return label;
    }

    MeshRenderer renderer(RouteTarget target) {
        return factory.apply(target);
    }

    static MeshChoice of(String label) {
        return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mesh '" + label + "'; expected one of " + labels()));
    }

    static String labels() {
        return Arrays.stream(values()).map(MeshChoice::label).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return label;
    }
}
