package dev.stepwise.mesh.istio;

import dev.stepwise.launch.LaunchContext;
import dev.stepwise.launch.MeshProvider;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.spec.ProviderSpec;
import dev.stepwise.spec.ServiceSpec;

import java.util.List;
import java.util.Optional;

/**
 * {@code provider: istio}: an {@link IstioMeshRenderer} at the provider's {@code apiVersion}, with
 * the spec's {@code service.hosts} and {@code service.gateways}. Registered for
 * {@link java.util.ServiceLoader}.
 */
public final class IstioMeshProvider implements MeshProvider {

    @Override
    public List<String> names() {
        return List.of("istio");
    }

    @Override
    public MeshRenderer renderer(ProviderSpec provider, LaunchContext context) {
        IstioMeshRenderer.Builder istio = IstioMeshRenderer.builder(context.routeTarget());
        if (provider instanceof ProviderSpec.Istio own) {
            istio.apiVersion(own.apiVersion());
        }
        Optional<ServiceSpec> service = context.spec().service();
        service.filter(s -> !s.hosts().isEmpty()).ifPresent(s -> istio.hosts(s.hosts()));
        service.filter(s -> !s.gateways().isEmpty()).ifPresent(s -> istio.gateways(s.gateways()));
        return istio.build();
    }

    @Override
    public String toString() {
        return "IstioMeshProvider[istio]";
    }
}
