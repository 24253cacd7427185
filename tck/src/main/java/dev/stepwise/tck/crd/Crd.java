package dev.stepwise.tck.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One CustomResourceDefinition as read from its YAML: its group, kind and versions, and the
 * {@code openAPIV3Schema} of each version.
 *
 * @param source where it was read from, for messages
 * @param group  the API group, e.g. {@code networking.istio.io}
 * @param kind   the kind, e.g. {@code VirtualService}
 * @param plural the plural resource name, e.g. {@code virtualservices}
 * @param served the versions the API server serves, in the CRD's order
 * @param root   the whole CRD
 */
public record Crd(String source, String group, String kind, String plural, List<String> served, JsonNode root) {

    public Crd {
        served = List.copyOf(served);
    }

    static Crd of(String source, JsonNode root) {
        JsonNode spec = root.path("spec");
        if (!"CustomResourceDefinition".equals(root.path("kind").asText())) {
            throw new IllegalStateException(source + " is not a CustomResourceDefinition");
        }
        List<String> served = new ArrayList<>();
        for (JsonNode version : spec.path("versions")) {
            if (version.path("served").asBoolean(false)) {
                served.add(version.path("name").asText());
            }
        }
        return new Crd(source, spec.path("group").asText(), spec.path("names").path("kind").asText(),
                spec.path("names").path("plural").asText(), served, root);
    }

    /** {@code group/version}, as a resource's {@code apiVersion} says it. */
    public String apiVersion(String version) {
        return group + "/" + version;
    }

    /** The {@code openAPIV3Schema} of a served version, if the CRD serves it. */
    public Optional<JsonNode> schema(String version) {
        for (JsonNode v : root.path("spec").path("versions")) {
            if (v.path("name").asText().equals(version) && v.path("served").asBoolean(false)) {
                return Optional.of(v.path("schema").path("openAPIV3Schema"));
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "Crd[" + kind + "." + group + " " + served + " from " + source + "]";
    }
}
