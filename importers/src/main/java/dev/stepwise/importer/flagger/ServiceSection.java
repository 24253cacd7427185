package dev.stepwise.importer.flagger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code spec.provider} and {@code spec.service} of a Canary: Stepwise's service section has
 * Flagger's field names, so most fields carry over as they are; the mesh-specific route settings
 * a Stepwise renderer does not write are reported.
 */
final class ServiceSection {

    static final List<String> HANDLED = List.of("name", "port", "targetPort", "portName", "hosts", "gateways",
            "gatewayRefs");
    private static final String ROUTE_NOT_CARRIED = "not carried: the route Stepwise renders has the mesh's default";
    private static final Map<String, String> REASONS = Map.of(
            "match", "not carried: the route Stepwise renders takes every request to the service, not only matching ones",
            "retries", ROUTE_NOT_CARRIED + " retries",
            "timeout", ROUTE_NOT_CARRIED + " timeout",
            "headers", "not carried: the route Stepwise renders adds or removes no headers",
            "corsPolicy", ROUTE_NOT_CARRIED + " CORS policy",
            "trafficPolicy", "not carried: Stepwise writes no DestinationRule traffic policy (TLS, load balancing)",
            "rewrite", "not carried: the route Stepwise renders rewrites no URIs",
            "portDiscovery", "not carried: the track Services expose spec.service.port only",
            "appProtocol", "not carried: the track Services declare no appProtocol",
            "delegation", "not carried: Stepwise renders no delegate VirtualService");
    /** {@code name.namespace.svc.cluster.local}, the way Istio names a gateway by its host. */
    private static final Pattern GATEWAY_HOST = Pattern.compile("([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.cluster\\.local");

    private ServiceSection() {
    }

    /**
     * Writes {@code provider} into {@code out}; returns the Stepwise provider's name, empty when
     * the Canary names none or one Stepwise has no renderer for.
     */
    static Optional<String> provider(JsonNode canarySpec, ObjectNode out, Findings findings) {
        JsonNode provider = canarySpec.path("provider");
        if (provider.isMissingNode()) {
            return Optional.empty();
        }
        String name = provider.asText("");
        switch (name) {
            case "istio" -> out.put("provider", "istio");
            // Flagger's Kuma router writes TrafficRoutes: Stepwise's kuma-legacy renders the same resource
            case "kuma" -> out.put("provider", "kuma-legacy");
            case "gatewayapi", "gatewayapi:v1" -> out.putObject("provider").put("name", "gateway-api")
                    .put("apiVersion", "gateway.networking.k8s.io/v1");
            case "gatewayapi:v1beta1" -> out.putObject("provider").put("name", "gateway-api")
                    .put("apiVersion", "gateway.networking.k8s.io/v1beta1");
            default -> {
                findings.warning("spec.provider", "\"" + name + "\" has no Stepwise renderer (istio, kuma, "
                        + "gatewayapi have); the spec names no provider: name one when running it");
                return Optional.empty();
            }
        }
        return Optional.of(out.get("provider").isTextual() ? out.get("provider").asText()
                : out.get("provider").get("name").asText());
    }

    /** Writes {@code service} into {@code out} when the Canary declares one. */
    static void service(JsonNode canarySpec, Optional<String> provider, ObjectNode out, Findings findings) {
        JsonNode service = canarySpec.path("service");
        if (!service.isObject()) {
            return;
        }
        ObjectNode to = out.putObject("service");
        for (String field : List.of("name", "port", "targetPort", "portName")) {
            if (service.has(field)) {
                to.set(field, service.get(field));
            }
        }
        String mesh = provider.orElse("");
        if (service.has("hosts")) {
            if (mesh.isEmpty() || mesh.equals("istio") || mesh.equals("gateway-api")) {
                to.set("hosts", service.get("hosts"));
            } else {
                findings.warning("spec.service.hosts", "not carried: provider " + mesh + " routes the Service itself");
            }
        }
        if (service.has("gateways")) {
            gateways(service.get("gateways"), mesh, to, findings);
        }
        if (service.has("gatewayRefs")) {
            gatewayRefs(service.get("gatewayRefs"), mesh, to, findings);
        }
        findings.unhandled(service, "spec.service", HANDLED, REASONS);
    }

    private static void gateways(JsonNode gateways, String mesh, ObjectNode to, Findings findings) {
        if (!mesh.isEmpty() && !mesh.equals("istio")) {
            findings.warning("spec.service.gateways", "not carried: only provider istio attaches to gateways");
            return;
        }
        ArrayNode list = to.putArray("gateways");
        for (JsonNode gateway : gateways) {
            Matcher host = GATEWAY_HOST.matcher(gateway.asText());
            list.add(host.matches() ? host.group(2) + "/" + host.group(1) : gateway.asText());
        }
    }

    private static void gatewayRefs(JsonNode refs, String mesh, ObjectNode to, Findings findings) {
        if (!mesh.equals("gateway-api")) {
            findings.warning("spec.service.gatewayRefs", "not carried: only provider gateway-api attaches to Gateways");
            return;
        }
        ArrayNode list = to.putArray("parentRefs");
        for (int i = 0; i < refs.size(); i++) {
            JsonNode ref = refs.get(i);
            ObjectNode parent = list.addObject();
            for (String field : List.of("name", "namespace", "sectionName")) {
                if (ref.has(field)) {
                    parent.set(field, ref.get(field));
                }
            }
            findings.unhandled(ref, "spec.service.gatewayRefs[" + i + "]", List.of("name", "namespace", "sectionName",
                    "group", "kind"), Map.of("port", "not carried: the route attaches to every listener port"));
        }
    }
}
