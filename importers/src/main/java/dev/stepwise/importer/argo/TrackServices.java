package dev.stepwise.importer.argo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.importer.ManifestDocument;
import java.util.Map;
import java.util.Optional;

/**
 * Carries the Services Argo switches or weights between ({@code canaryService}/{@code
 * stableService}, {@code previewService}/{@code activeService}) into {@code spec.service}: the
 * Service clients call as {@code name}, the others as {@code trackServices}. Stepwise's service
 * needs a port, which only a {@code Service} given alongside tells; without one, the names are
 * reported with what to write.
 */
final class TrackServices {

    private TrackServices() {
    }

    /**
     * @param name     the Service clients call, if Argo names it
     * @param stable   the stable track's Service, if named
     * @param canary   the canary (preview) track's Service, if named
     * @param services the Services given alongside, by name
     */
    static void write(ObjectNode spec, Optional<String> name, Optional<String> stable, Optional<String> canary,
                      Map<String, ManifestDocument> services, String path, FindingLog log) {
        if (name.isEmpty() && stable.isEmpty() && canary.isEmpty()) {
            return;
        }
        Optional<JsonNode> port = name.or(() -> stable).or(() -> canary).map(services::get)
                .map(d -> d.tree().path("spec").path("ports").path(0)).filter(p -> p.has("port"));
        if (port.isEmpty()) {
            log.warning(path, "Stepwise needs the port of the Service to route it: give the Service "
                    + name.or(() -> stable).or(() -> canary).orElseThrow() + " alongside, or write spec.service"
                    + " (port, and trackServices " + stable.map(s -> "stable: " + s + " ").orElse("")
                    + canary.map(c -> "canary: " + c).orElse("") + ") by hand");
            return;
        }
        ObjectNode service = spec.putObject("service");
        name.ifPresent(n -> service.put("name", n));
        service.put("port", port.get().path("port").asInt());
        if (port.get().has("targetPort")) {
            service.set("targetPort", port.get().path("targetPort").deepCopy());
        }
        if (stable.isPresent() || canary.isPresent()) {
            ObjectNode tracks = service.putObject("trackServices");
            stable.ifPresent(s -> tracks.put("stable", s));
            canary.ifPresent(c -> tracks.put("canary", c));
        }
    }
}
