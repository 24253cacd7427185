package dev.stepwise.tck.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ResourceRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks resources against the {@code openAPIV3Schema} of the real CRDs that define them, more
 * strictly than an API server would complain: a field the schema does not declare is an error
 * here, because a structural schema makes the API server <em>silently drop</em> it, and a route
 * losing a field without a word is the worst outcome.
 *
 * <p>The OpenAPI schema is read as JSON Schema draft 4, with Kubernetes' extensions translated:
 * {@code x-kubernetes-int-or-string} accepts an integer or a string, {@code nullable} accepts
 * null, {@code x-kubernetes-preserve-unknown-fields} keeps an object open. The CEL rules in
 * {@code x-kubernetes-validations} are not evaluated (no CEL engine here); adapters honour them by
 * hand and test them themselves. Null values are dropped before validating, as the API server does. The version must be one the CRD serves, and the namespace must
 * match the CRD's scope.
 */
public final class CrdSchemaValidator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final List<Crd> crds;
    private final Map<String, Schema> schemas = new HashMap<>();

    private CrdSchemaValidator(List<Crd> crds) {
        this.crds = List.copyOf(crds);
    }

    /** A validator for the kinds defined by these CRDs, paths found by the default {@link CrdSource#lookup()}. */
    public static CrdSchemaValidator forCrds(List<String> relativePaths) {
        return forCrds(CrdSource.lookup(), relativePaths);
    }

    /**
     * A validator for the kinds defined by these CRDs.
     *
     * @param source        where to read them
     * @param relativePaths their paths under the source's root; a missing one fails at once, naming where it was looked for
     */
    public static CrdSchemaValidator forCrds(CrdSource source, List<String> relativePaths) {
        return new CrdSchemaValidator(relativePaths.stream().map(source::load).toList());
    }

    /** What is wrong with {@code manifest}, one line each with the JSON path; empty when it is valid. */
    public synchronized List<String> problems(Manifest manifest) {
        ResourceRef ref = manifest.ref();
        Crd crd = crds.stream().filter(c -> c.group().equals(ref.group()) && c.kind().equals(ref.kind()))
                .findFirst().orElse(null);
        if (crd == null) {
            return List.of(ref + ": no CRD given for kind " + ref.kind() + " in group " + ref.group());
        }
        if (crd.schema(ref.version()).isEmpty()) {
            return List.of(ref + ": version " + ref.version() + " is not served by " + crd + "; served: " + crd.served());
        }
        List<String> problems = new ArrayList<>();
        boolean clusterScoped = "Cluster".equals(crd.root().path("spec").path("scope").asText());
        if (clusterScoped != ref.isClusterScoped()) {
            problems.add(ref + ": " + crd.kind() + " is " + (clusterScoped ? "cluster-scoped and takes no namespace"
                    : "namespaced and needs metadata.namespace"));
        }
        Schema schema = schemas.computeIfAbsent(ref.apiVersion() + "/" + ref.kind(),
                key -> compile(crd.schema(ref.version()).orElseThrow()));
        for (Error error : schema.validate(withoutNulls(manifest.json()))) {
            problems.add(ref + ": " + error.getInstanceLocation() + " " + error.getMessage());
        }
        return problems;
    }

    /** The API server drops a null value of a field that is not nullable before it validates: so do we. */
    private static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ((ObjectNode) node).properties().removeIf(field -> field.getValue().isNull());
        }
        node.forEach(CrdSchemaValidator::withoutNulls);
        return node;
    }

    private static Schema compile(JsonNode openApiSchema) {
        ObjectNode root = openApiSchema.deepCopy();
        // The API server accepts these at the root of every resource, declared or not.
        ObjectNode properties = root.withObjectProperty("properties");
        properties.putIfAbsent("apiVersion", NODES.objectNode().put("type", "string"));
        properties.putIfAbsent("kind", NODES.objectNode().put("type", "string"));
        properties.putIfAbsent("metadata", NODES.objectNode().put("type", "object"));
        JsonNode strict = strict(root);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(strict);
    }

    /** Translates Kubernetes' extensions to JSON Schema and closes every object with declared properties. */
    static JsonNode strict(JsonNode node) {
        if (node.isArray()) {
            node.forEach(CrdSchemaValidator::strict);
            return node;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode schema = (ObjectNode) node;
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("properties")) {
                field.getValue().forEach(CrdSchemaValidator::strict);
            } else if (!field.getKey().equals("x-kubernetes-validations") && !field.getKey().equals("enum")
                    && !field.getKey().equals("default") && !field.getKey().equals("example")) {
                strict(field.getValue());
            }
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            schema.remove("type");
            ArrayNode anyOf = schema.putArray("anyOf");
            anyOf.addObject().put("type", "integer");
            anyOf.addObject().put("type", "string");
        }
        if (schema.path("nullable").asBoolean(false) && schema.path("type").isTextual()) {
            ArrayNode types = NODES.arrayNode().add(schema.path("type").asText()).add("null");
            schema.set("type", types);
        }
        boolean open = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (schema.has("properties") && !schema.has("additionalProperties") && !open) {
            schema.put("additionalProperties", false);
        }
        // Translated above, or not evaluated (CEL): no keyword of JSON Schema.
        schema.remove(List.of("x-kubernetes-int-or-string", "nullable", "x-kubernetes-preserve-unknown-fields",
                "x-kubernetes-validations", "x-kubernetes-list-type", "x-kubernetes-list-map-keys",
                "x-kubernetes-map-type", "x-kubernetes-embedded-resource"));
        return schema;
    }

    @Override
    public String toString() {
        return "CrdSchemaValidator" + crds;
    }
}
