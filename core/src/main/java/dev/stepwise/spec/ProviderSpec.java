package dev.stepwise.spec;

import dev.stepwise.validation.InvalidValueException;
import java.util.List;

/**
 * The mesh or gateway that routes the rollout's traffic, with the options its renderer supports.
 * Written as a name ({@code provider: istio}) for the defaults, or as an object with options
 * ({@code provider: {name: kuma, trackAddressing: services}}).
 */
public sealed interface ProviderSpec permits ProviderSpec.Istio, ProviderSpec.Kuma, ProviderSpec.GatewayApi {

    /** Every provider name a spec may give. */
    List<String> NAMES = List.of("istio", "kuma", "kuma-v3", "kuma-legacy", "gateway-api");

    /** The provider's name in a spec, one of {@link #NAMES}. */
    String name();

    /** The provider named {@code name}, every option its default. */
    static ProviderSpec of(String name) {
        switch (name) {
            case "istio":
                return new Istio(Istio.V1);
            case "gateway-api":
                return new GatewayApi(GatewayApi.V1);
            default:
                Kuma.Api api = Kuma.Api.of(name);
                return new Kuma(api, api.defaultAddressing());
        }
    }

    /**
     * Istio: a VirtualService and a DestinationRule with a subset per track.
     *
     * @param apiVersion {@value #V1} (the default, Istio 1.22 and later) or {@value #V1BETA1}
     */
    record Istio(String apiVersion) implements ProviderSpec {
        public static final String V1 = "networking.istio.io/v1";
        public static final String V1BETA1 = "networking.istio.io/v1beta1";
        public static final List<String> API_VERSIONS = List.of(V1, V1BETA1);

        public Istio {
            oneOf("apiVersion", apiVersion, API_VERSIONS);
        }

        @Override
        public String name() {
            return "istio";
        }
    }

    /**
     * Kuma, through one of its routing APIs.
     *
     * @param api             which API: {@code kuma} (MeshHTTPRoute, Kuma 2.x), {@code kuma-v3}
     *                        (MeshHTTPRoute, Kuma 3.0) or {@code kuma-legacy} (TrafficRoute)
     * @param trackAddressing how tracks are told apart: {@code subsets} (the default for {@code kuma}
     *                        and {@code kuma-legacy}, the only choice for the latter) or
     *                        {@code services} (a MeshService per track; the only choice for {@code kuma-v3})
     */
    record Kuma(Api api, Addressing trackAddressing) implements ProviderSpec {

        public Kuma {
            InvalidValueException.requireNonNull("name", api);
            InvalidValueException.requireNonNull("trackAddressing", trackAddressing);
            if (api != Api.MESH_HTTP_ROUTE && trackAddressing != api.defaultAddressing()) {
                throw new InvalidValueException("trackAddressing", trackAddressing.label(),
                        "is not possible on " + api.label() + ", which addresses tracks by "
                                + api.defaultAddressing().label() + " only");
            }
        }

        @Override
        public String name() {
            return api.label();
        }

        /** The Kuma routing APIs, by their provider names. */
        public enum Api {
            /** MeshHTTPRoute as released in Kuma 2.x. */
            MESH_HTTP_ROUTE("kuma", Addressing.SUBSETS),
            /** MeshHTTPRoute as in Kuma 3.0: a MeshService per track. */
            MESH_HTTP_ROUTE_V3("kuma-v3", Addressing.SERVICES),
            /** The legacy TrafficRoute: weights only, subsets. */
            TRAFFIC_ROUTE("kuma-legacy", Addressing.SUBSETS);

            private final String label;
            private final Addressing defaultAddressing;

            Api(String label, Addressing defaultAddressing) {
                this.label = label;
                this.defaultAddressing = defaultAddressing;
            }

            public String label() {
                return label;
            }

            /** How this API tells tracks apart when the spec does not say. */
            public Addressing defaultAddressing() {
                return defaultAddressing;
            }

            static Api of(String label) {
                for (Api api : values()) {
                    if (api.label.equals(label)) {
                        return api;
                    }
                }
                throw new InvalidValueException("name", label, "must be one of " + String.join(", ", NAMES));
            }
        }

        /** How Kuma tells the tracks apart. */
        public enum Addressing {
            /** Pods of one Service, told apart by the version label. */
            SUBSETS("subsets"),
            /** A Service (MeshService) per track. */
            SERVICES("services");

            private final String label;

            Addressing(String label) {
                this.label = label;
            }

            public String label() {
                return label;
            }
        }
    }

    /**
     * Gateway API: an HTTPRoute whose parent is the Service (GAMMA) or the
     * {@link ServiceSpec#parentRefs() Gateways} named.
     *
     * @param apiVersion {@value #V1} (the default) or {@value #V1BETA1}
     */
    record GatewayApi(String apiVersion) implements ProviderSpec {
        public static final String V1 = "gateway.networking.k8s.io/v1";
        public static final String V1BETA1 = "gateway.networking.k8s.io/v1beta1";
        public static final List<String> API_VERSIONS = List.of(V1, V1BETA1);

        public GatewayApi {
            oneOf("apiVersion", apiVersion, API_VERSIONS);
        }

        @Override
        public String name() {
            return "gateway-api";
        }
    }

    private static void oneOf(String field, String value, List<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new InvalidValueException(field, value == null ? "null" : "\"" + value + "\"",
                    "must be one of " + String.join(", ", allowed));
        }
    }
}
