package dev.stepwise.spec;

import dev.stepwise.validation.internal.NodeReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads {@code spec.provider}: a provider's name, or an object with its name and the options that
 * provider supports (any other option is an unknown field).
 */
final class ProviderSpecReader {

    static final List<String> ISTIO_FIELDS = List.of("name", "apiVersion");
    static final List<String> KUMA_FIELDS = List.of("name", "trackAddressing");
    static final List<String> GATEWAY_API_FIELDS = List.of("name", "apiVersion");
    static final List<String> ADDRESSING = Arrays.stream(ProviderSpec.Kuma.Addressing.values())
            .map(ProviderSpec.Kuma.Addressing::label).collect(Collectors.toList());

    private ProviderSpecReader() {
    }

    static Optional<ProviderSpec> read(NodeReader provider) {
        if (provider.node().isTextual()) {
            return provider.asOneOf(ProviderSpec.NAMES).map(ProviderSpec::of);
        }
        if (!provider.node().isObject()) {
            return provider.expected("a provider name (" + String.join(", ", ProviderSpec.NAMES)
                    + ") or an object with its name and options");
        }
        Optional<String> name = provider.required("name", value -> value.asOneOf(ProviderSpec.NAMES));
        if (name.isEmpty()) {
            provider.allowOnly(List.of("name", "apiVersion", "trackAddressing"));
            return Optional.empty();
        }
        switch (name.get()) {
            case "istio":
                provider.allowOnly(ISTIO_FIELDS, hint("trackAddressing", "istio"));
                String istio = provider.string("apiVersion").orElse(ProviderSpec.Istio.V1);
                return provider.troubled() ? Optional.empty() : provider.build(() -> new ProviderSpec.Istio(istio));
            case "gateway-api":
                provider.allowOnly(GATEWAY_API_FIELDS, hint("trackAddressing", "gateway-api"));
                String gatewayApi = provider.string("apiVersion").orElse(ProviderSpec.GatewayApi.V1);
                return provider.troubled() ? Optional.empty()
                        : provider.build(() -> new ProviderSpec.GatewayApi(gatewayApi));
            default:
                provider.allowOnly(KUMA_FIELDS, hint("apiVersion", name.get()
                        + " (the Kuma API is chosen by the name: kuma, kuma-v3 or kuma-legacy)"));
                ProviderSpec.Kuma.Api api = ((ProviderSpec.Kuma) ProviderSpec.of(name.get())).api();
                ProviderSpec.Kuma.Addressing addressing = provider.optional("trackAddressing",
                                value -> value.asChoice(ProviderSpec.Kuma.Addressing.values(),
                                        ProviderSpec.Kuma.Addressing::label))
                        .orElse(api.defaultAddressing());
                return provider.troubled() ? Optional.empty()
                        : provider.build(() -> new ProviderSpec.Kuma(api, addressing));
        }
    }

    private static Map<String, String> hint(String field, String provider) {
        return Map.of(field, "provider " + provider + " has no " + field);
    }
}
