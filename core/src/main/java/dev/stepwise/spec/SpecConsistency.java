package dev.stepwise.spec;

import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.validation.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules that tie one section of a spec to another: which service settings a provider uses. Paths are relative to {@code spec}. Checked by the reader (so
 * the problems carry document paths) and by {@link RolloutSpec}'s constructor (for the Java API).
 */
final class SpecConsistency {

    /** The providers whose resources name the Service port. */
    static final List<String> NEEDS_PORT = List.of("kuma", "kuma-legacy", "gateway-api");

    private SpecConsistency() {
    }

    static List<Problem> problems(RolloutSpec.Target target, StrategyKind strategy, Optional<ServiceSpec> service,
                                  Optional<ProviderSpec> provider) {
        List<Problem> problems = new ArrayList<>();
        if (service.isEmpty() && provider.isPresent() && NEEDS_PORT.contains(provider.get().name())) {
            problems.add(new Problem("service", "is required by provider " + provider.get().name()
                    + ", which routes to a port: set service.port"));
        }
        if (service.isPresent() && provider.isPresent()) {
            ServiceSpec s = service.get();
            String name = provider.get().name();
            boolean istio = provider.get() instanceof ProviderSpec.Istio;
            boolean gatewayApi = provider.get() instanceof ProviderSpec.GatewayApi;
            if (!s.hosts().isEmpty() && !istio && !gatewayApi) {
                problems.add(unused("hosts", name, "istio and gateway-api"));
            }
            if (!s.gateways().isEmpty() && !istio) {
                problems.add(unused("gateways", name, "istio (for gateway-api, use parentRefs)"));
            }
            if (!s.parentRefs().isEmpty() && !gatewayApi) {
                problems.add(unused("parentRefs", name, "gateway-api (for istio, use gateways)"));
            }
            if (!s.meshName().equals(ServiceSpec.DEFAULT_MESH) && !(provider.get() instanceof ProviderSpec.Kuma)) {
                problems.add(unused("meshName", name, "kuma, kuma-v3 and kuma-legacy"));
            }
        }
        return problems;
    }

    private static Problem unused(String field, String provider, String users) {
        return new Problem("service." + field, "is used by " + users + " only; provider " + provider
                + " would ignore it, so leave it out");
    }
}
