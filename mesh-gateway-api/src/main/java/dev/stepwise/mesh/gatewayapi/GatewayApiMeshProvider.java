package dev.stepwise.mesh.gatewayapi;

import dev.stepwise.launch.LaunchContext;
import dev.stepwise.launch.MeshProvider;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.spec.ProviderSpec;
import dev.stepwise.spec.ServiceSpec;

import java.util.List;
import java.util.Optional;

/**
 * {@code provider: gateway-api}: a {@link GatewayApiMeshRenderer} at the provider's
 * {@code apiVersion}, with the spec's {@code service.hosts} as hostnames and
 * {@code service.parentRefs} as the Gateways (none: the Service, GAMMA). Registered for
 * {@link java.util.ServiceLoader}.
 */
public final class GatewayApiMeshProvider implements MeshProvider {

    @Override
    public List<String> names() {
        return List.of("gateway-api");
    }

    @Override
    public MeshRenderer renderer(ProviderSpec provider, LaunchContext context) {
        GatewayApiMeshRenderer.Builder gatewayApi = GatewayApiMeshRenderer.builder(context.routeTarget());
        if (provider instanceof ProviderSpec.GatewayApi own) {
            gatewayApi.apiVersion(own.apiVersion());
        }
        Optional<ServiceSpec> service = context.spec().service();
        service.filter(s -> !s.hosts().isEmpty()).ifPresent(s -> gatewayApi.hostnames(s.hosts().toArray(String[]::new)));
        service.filter(s -> !s.parentRefs().isEmpty()).ifPresent(s -> gatewayApi.gateways(s.parentRefs().stream()
                .map(r -> new GatewayRef(r.name(), r.namespace(), r.sectionName())).toArray(GatewayRef[]::new)));
        return gatewayApi.build();
    }

    @Override
    public String toString() {
        return "GatewayApiMeshProvider[gateway-api]";
    }
}
