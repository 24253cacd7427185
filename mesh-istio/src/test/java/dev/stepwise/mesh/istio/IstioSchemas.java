package dev.stepwise.mesh.istio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.testkit.crd.Crd;
import dev.stepwise.testkit.crd.SharedCrds;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks manifests against Istio's real CRD schemas, strictly: an object schema listing its
 * properties rejects any other, as the API server would silently prune them (so a misspelt field
 * would be lost without a word). Top-level {@code apiVersion}, {@code kind} and {@code metadata}
 * are allowed, as the API server handles them itself.
 */
final class IstioSchemas {

    private static final List<String> FILES = List.of("istio/virtualservices.networking.istio.io.yaml",
            "istio/destinationrules.networking.istio.io.yaml");
    private static final Map<String, Schema> SCHEMAS = new HashMap<>();

    private IstioSchemas() {
    }

    /** The schema violations of {@code manifest} for its kind and apiVersion, as readable lines. */
    static List<String> violations(Manifest manifest) {
        Schema schema = schema(manifest.ref().kind(), manifest.ref().version());
        List<Error> errors = schema.validate(manifest.json());
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).collect(Collectors.toList());
    }

    private static synchronized Schema schema(String kind, String version) {
        return SCHEMAS.computeIfAbsent(kind + "/" + version, key -> {
            for (String file : FILES) {
                Crd crd = SharedCrds.load(file);
                if (crd.kind().equals(kind)) {
                    ObjectNode schema = (ObjectNode) crd.schema(version)
                            .orElseThrow(() -> new IllegalStateException(crd + " does not serve " + version)).deepCopy();
                    ObjectNode properties = (ObjectNode) schema.get("properties");
                    properties.putObject("apiVersion").put("type", "string");
                    properties.putObject("kind").put("type", "string");
                    properties.putObject("metadata").put("type", "object");
                    closeObjects(schema);
                    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema);
                }
            }
            throw new IllegalStateException("no CRD for " + kind);
        });
    }

    /** Adds {@code additionalProperties: false} wherever properties are listed and unknown ones are not kept. */
    private static void closeObjects(JsonNode node) {
        if (node instanceof ObjectNode object && object.has("properties")
                && !object.has("additionalProperties")
                && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            object.put("additionalProperties", false);
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            closeObjects(children.next());
        }
    }
}
