package dev.stepwise.mesh.kuma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.testkit.crd.Crd;
import dev.stepwise.testkit.crd.SharedCrds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Kuma CRD's schema, checked the way the API server would: besides the JSON schema, an object
 * schema with properties is closed (the server prunes or, with strict field validation, rejects
 * unknown fields), apiVersion and kind must name a served version, and a cluster-scoped resource
 * has no namespace.
 */
record CrdSchema(Crd crd) {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

    /** The CRD at {@code path} under the shared CRD folder, e.g. {@code kuma/v2.14/kuma.io_trafficroutes.yaml}. */
    static CrdSchema load(String path) {
        return new CrdSchema(SharedCrds.load(path));
    }

    /** What the API server would reject in {@code manifest}; empty when it is valid. */
    List<String> problems(Manifest manifest) {
        List<String> problems = new ArrayList<>();
        String version = manifest.ref().version();
        if (!manifest.ref().group().equals(crd.group()) || !manifest.ref().kind().equals(crd.kind())) {
            problems.add(manifest.ref() + " is not a " + crd.kind() + "." + crd.group());
        }
        boolean clusterScoped = "Cluster".equals(crd.root().path("spec").path("scope").asText());
        if (clusterScoped != manifest.ref().isClusterScoped()) {
            problems.add(manifest.ref() + (clusterScoped ? " has a namespace but " : " has no namespace but ")
                    + crd.kind() + " is " + (clusterScoped ? "cluster-scoped" : "namespaced"));
        }
        JsonNode schema = crd.schema(version).orElse(null);
        if (schema == null) {
            problems.add(crd.kind() + " serves " + crd.served() + ", not " + version);
            return problems;
        }
        Schema validator = REGISTRY.getSchema(closed(schema.deepCopy()));
        for (Error error : validator.validate(manifest.json())) {
            problems.add(error.getInstanceLocation() + ": " + error.getMessage());
        }
        return problems;
    }

    /** {@code schema} with every object that lists properties closed to unknown fields, unless it preserves them. */
    private static JsonNode closed(JsonNode schema) {
        if (schema.isObject()) {
            ObjectNode node = (ObjectNode) schema;
            if (node.has("properties") && !node.has("additionalProperties")
                    && !node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                node.put("additionalProperties", false);
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                closed(field.getValue());
            }
        } else if (schema.isArray()) {
            schema.forEach(CrdSchema::closed);
        }
        return schema;
    }
}
