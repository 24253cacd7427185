package dev.stepwise.importer.argo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Translates {@code spec.strategy.canary.trafficRouting} into {@code spec.provider}: Istio is
 * {@code provider: istio}; Stepwise renders and owns its own routes, so the VirtualService and
 * DestinationRule Argo was pointed at are reported, not reused. Every other router (SMI, NGINX,
 * ALB, plugins, ...) has no Stepwise provider and is reported: the spec then names none, and a
 * tool names it ({@code stepwise render --mesh}).
 */
final class TrafficRouting {

    private static final Set<String> ISTIO = Set.of("virtualService", "virtualServices", "destinationRule");

    private TrafficRouting() {
    }

    /** Writes {@code provider} into {@code spec} when the routing has a Stepwise equivalent. */
    static void translate(JsonNode routing, String path, ObjectNode spec, FindingLog log) {
        if (routing.isMissingNode()) {
            log.warning(path, "no trafficRouting: Argo approximated the weights with replica counts; Stepwise"
                    + " routes weights through a mesh or gateway: declare spec.provider (istio, kuma, gateway-api)");
            return;
        }
        List<String> routers = new ArrayList<>();
        routing.fieldNames().forEachRemaining(routers::add);
        for (String router : routers) {
            String at = path + "." + router;
            switch (router) {
                case "istio" -> istio(routing.path("istio"), at, spec, log);
                case "managedRoutes" -> log.warning(at, "not needed: Stepwise adds and removes the routes its"
                        + " setHeaderRoute and setMirrorRoute steps name");
                case "maxTrafficWeight" -> log.warning(at, "not carried: Stepwise weights are percents (0..100)");
                case "plugins" -> routing.path("plugins").fieldNames().forEachRemaining(name -> log.warning(
                        at + "." + name, "traffic router plugin " + name + " has no Stepwise provider; the spec names"
                                + " none: declare spec.provider (istio, kuma, kuma-v3, kuma-legacy, gateway-api)"));
                default -> log.warning(at, "Stepwise has no " + router + " provider; the spec names none: declare"
                        + " spec.provider (istio, kuma, kuma-v3, kuma-legacy, gateway-api) or route with"
                        + " stepwise render --mesh");
            }
        }
    }

    private static void istio(JsonNode istio, String path, ObjectNode spec, FindingLog log) {
        spec.put("provider", "istio");
        List<String> names = new ArrayList<>();
        if (istio.has("virtualService")) {
            names.add("VirtualService " + istio.path("virtualService").path("name").asText());
        }
        for (JsonNode vs : istio.path("virtualServices")) {
            names.add("VirtualService " + vs.path("name").asText());
        }
        if (istio.has("destinationRule")) {
            names.add("DestinationRule " + istio.path("destinationRule").path("name").asText());
        }
        if (!names.isEmpty()) {
            log.warning(path, "Stepwise writes its own Istio routes for the service (stepwise render shows them):"
                    + " " + String.join(" and ", names) + ", which Argo updated, are not reused; remove them once"
                    + " Stepwise routes the service");
        }
        if (istio.path("virtualService").has("tlsRoutes") || istio.path("virtualService").has("tcpRoutes")) {
            log.warning(path + ".virtualService", "Stepwise routes HTTP only: the TLS and TCP routes are not"
                    + " shifted");
        }
        log.notCarried(istio, path, ISTIO, "no Stepwise equivalent; not carried");
    }
}
