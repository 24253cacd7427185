package dev.stepwise.mesh.kuma;

import dev.stepwise.launch.LaunchContext;
import dev.stepwise.launch.MeshProvider;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.spec.ProviderSpec;
import dev.stepwise.spec.ServiceSpec;

import java.util.List;

/**
 * {@code provider: kuma | kuma-v3 | kuma-legacy}: a {@link KumaMeshRenderer} on that API
 * ({@link KumaApi#MESH_HTTP_ROUTE}, {@link KumaApi#MESH_HTTP_ROUTE_V3}, {@link KumaApi#TRAFFIC_ROUTE}),
 * with the provider's {@code trackAddressing} and the spec's {@code service.meshName}. Registered
 * for {@link java.util.ServiceLoader}.
 */
public final class KumaMeshProvider implements MeshProvider {

    @Override
    public List<String> names() {
        return List.of("kuma", "kuma-v3", "kuma-legacy");
    }

    @Override
    public MeshRenderer renderer(ProviderSpec provider, LaunchContext context) {
        KumaMeshRenderer.Builder kuma = KumaMeshRenderer.builder(context.routeTarget());
        if (provider instanceof ProviderSpec.Kuma own) {
            kuma.api(api(own.api()));
            kuma.trackAddressing(own.trackAddressing() == ProviderSpec.Kuma.Addressing.SERVICES
                    ? TrackAddressing.SERVICES : TrackAddressing.SUBSETS);
        }
        context.spec().service().map(ServiceSpec::meshName).ifPresent(kuma::mesh);
        return kuma.build();
    }

    private static KumaApi api(ProviderSpec.Kuma.Api api) {
        switch (api) {
            case MESH_HTTP_ROUTE_V3:
                return KumaApi.MESH_HTTP_ROUTE_V3;
            case TRAFFIC_ROUTE:
                return KumaApi.TRAFFIC_ROUTE;
            default:
                return KumaApi.MESH_HTTP_ROUTE;
        }
    }

    @Override
    public String toString() {
        return "KumaMeshProvider" + names();
    }
}
