package dev.stepwise.mesh.kuma.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.validation.InvalidValueException;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads and builds the JSON trees of Kuma resources. A read that finds a shape Stepwise does not
 * write throws {@link InvalidValueException} naming the path, so a hand-edited route is reported
 * rather than misread.
 */
final class Shape {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Shape() {
    }

    static ObjectNode object() {
        return JSON.objectNode();
    }

    static ArrayNode array() {
        return JSON.arrayNode();
    }

    /** An InvalidValueException for a route someone changed into a shape Stepwise does not write. */
    static InvalidValueException unexpected(String path, JsonNode value, String expected) {
        return new InvalidValueException(path, value.isMissingNode() ? "missing" : value.toString(),
                expected + " (the route was edited into a shape Stepwise does not write)");
    }

    static ArrayNode requireArray(JsonNode node, String path) {
        if (!node.isArray()) {
            throw unexpected(path, node, "must be a list");
        }
        return (ArrayNode) node;
    }

    static ObjectNode requireObject(JsonNode node, String path) {
        if (!node.isObject()) {
            throw unexpected(path, node, "must be an object");
        }
        return (ObjectNode) node;
    }

    static String requireText(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw unexpected(path, node, "must be a string");
        }
        return node.asText();
    }

    /** Throws unless every field of {@code node} is one of {@code allowed}. */
    static void requireOnlyFields(JsonNode node, String path, Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw unexpected(path + "." + name, node.get(name), "is not a field Stepwise writes here; allowed: "
                        + allowed.stream().sorted().toList());
            }
        }
    }

    /** A whole percent 0..100, as an integer or a string of one (Kubernetes int-or-string). */
    static int requirePercent(JsonNode node, String path) {
        String text = node.isIntegralNumber() ? node.asText() : node.isTextual() ? node.asText() : "";
        if (!text.matches("\\d{1,3}") || Integer.parseInt(text) > 100) {
            throw unexpected(path, node, "must be a whole percent between 0 and 100");
        }
        return Integer.parseInt(text);
    }

    /** A non-negative integer. */
    static int requireWeight(JsonNode node, String path) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 0) {
            throw unexpected(path, node, "must be a non-negative integer weight");
        }
        return node.asInt();
    }

    /** {@code parent.field} as an object to change in place, created (at the end) when absent. */
    static ObjectNode child(ObjectNode parent, String field, String path) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return parent.putObject(field);
        }
        return requireObject(node, path);
    }
}
