package dev.stepwise.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.spec.SpecFields;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The CRD's {@code spec} schema has a property at every path the spec reader accepts (its field
 * lists, through {@link SpecFields}) and none it refuses. Adding a field to a reader fails here
 * until the model in {@code dev.stepwise.operator.crd} has it and the CRD is regenerated.
 */
@DisplayName("The CRD's spec schema mirrors the spec reader")
class SchemaMirrorsReaderTest {

    /** Map keys and a custom strategy's own fields: any name, written {@code <*>} on both sides. */
    private static final String ANY = "<*>";

    /**
     * Objects the schema leaves open (x-kubernetes-preserve-unknown-fields, no properties), whose
     * fields only the validator checks: {@code spec.provider} is a string or an object, which a
     * structural schema cannot type.
     */
    private static final Set<String> OPEN_IN_SCHEMA = Set.of("spec.provider");

    @Test
    @DisplayName("has a property at every path the reader accepts under spec, and no other")
    void samePaths() {
        TreeSet<String> reader = readerPaths();
        TreeSet<String> schema = new TreeSet<>();
        walk(specSchema(), "spec", schema);

        TreeSet<String> missing = new TreeSet<>(reader);
        missing.removeAll(schema);
        missing.removeIf(path -> OPEN_IN_SCHEMA.stream().anyMatch(open -> path.startsWith(open + ".")));
        TreeSet<String> extra = new TreeSet<>(schema);
        extra.removeAll(reader);
        assertThat(missing).as("accepted by the reader but not in the CRD's schema (add to dev.stepwise.operator.crd"
                + " and regenerate: " + GeneratedCrd.REGENERATE + ")").isEmpty();
        assertThat(extra).as("in the CRD's schema but refused by the reader").isEmpty();
    }

    @Test
    @DisplayName("leaves open only the objects it names as open, and those are open")
    void openObjects() {
        for (String open : OPEN_IN_SCHEMA) {
            JsonNode node = specSchema().at("/properties/" + open.substring("spec.".length()).replace(".", "/properties/"));
            assertThat(node.path("x-kubernetes-preserve-unknown-fields").asBoolean()).as(open).isTrue();
            assertThat(node.has("properties")).as(open).isFalse();
        }
        assertThat(readerPaths()).as("the reader reads fields under each open object")
                .anyMatch(path -> path.startsWith("spec.provider."));
    }

    @Test
    @DisplayName("names the envelope (apiVersion, kind, metadata) the API server owns, not the spec schema")
    void envelope() {
        Map<String, java.util.List<String>> objects = SpecFields.byObject();
        assertThat(objects.get("")).containsExactly("apiVersion", "kind", "metadata", "spec");
        assertThat(objects.get("metadata")).containsExactly("name", "namespace");
    }

    private static JsonNode specSchema() {
        JsonNode crd = Judged.read(GeneratedCrd.FILE);
        return crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    }

    /** The reader's paths under {@code spec}, as the spec reference writes them, map keys as {@value #ANY}. */
    static TreeSet<String> readerPaths() {
        TreeSet<String> paths = new TreeSet<>();
        SpecFields.byObject().forEach((parent, fields) -> fields.forEach(field -> paths.add(
                field.equals("[]") ? parent + "[]" : (parent.isEmpty() ? "" : parent + ".") + field)));
        paths.removeIf(path -> !path.startsWith("spec."));
        TreeSet<String> normalized = new TreeSet<>();
        paths.forEach(path -> normalized.add(path.replaceAll("<[a-z]+>", ANY)));
        return normalized;
    }

    /** Every property under {@code node}; an array of objects adds {@code []}, a map or an open object with properties {@value #ANY}. */
    private static void walk(JsonNode node, String path, Set<String> paths) {
        node.path("properties").fields().forEachRemaining(property -> {
            String child = path + "." + property.getKey();
            paths.add(child);
            walk(property.getValue(), child, paths);
        });
        JsonNode items = node.path("items");
        if (items.path("type").asText().equals("object")) {
            paths.add(path + "[]");
            walk(items, path + "[]", paths);
        }
        JsonNode values = node.path("additionalProperties");
        if (values.isObject()) {
            paths.add(path + "." + ANY);
            walk(values, path + "." + ANY, paths);
        }
        if (node.path("x-kubernetes-preserve-unknown-fields").asBoolean() && node.has("properties")) {
            paths.add(path + "." + ANY);
        }
    }
}
