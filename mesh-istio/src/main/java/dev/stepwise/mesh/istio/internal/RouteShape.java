package dev.stepwise.mesh.istio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.validation.InvalidValueException;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Strict reading of a resource part Stepwise wrote itself: anything but the shape it writes is an
 * {@link InvalidValueException} naming the resource, the JSON path and what was expected. Stepwise
 * owns its routes and subsets whole, so a hand edit is reported rather than guessed at.
 */
final class RouteShape {

    private static final String ADVICE = " (Stepwise writes this part itself and does not read hand-edited"
            + " shapes; remove it to let Stepwise write it again)";

    private final String resource;

    /** @param resource the resource being read, e.g. {@code VirtualService shop/podinfo} */
    RouteShape(String resource) {
        this.resource = resource;
    }

    InvalidValueException invalid(String path, @Nullable JsonNode value, String expected) {
        String shown = value == null || value.isMissingNode() ? "missing" : value.toString();
        return new InvalidValueException(resource + " " + path, shown, expected + ADVICE);
    }

    JsonNode object(String path, JsonNode node, Set<String> allowedKeys) {
        if (!node.isObject()) {
            throw invalid(path, node, "must be an object");
        }
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowedKeys.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw invalid(path, node, "must hold only " + new TreeSet<>(allowedKeys) + ", not " + unknown);
        }
        return node;
    }

    JsonNode array(String path, JsonNode node, int minSize, int maxSize) {
        if (!node.isArray() || node.size() < minSize || node.size() > maxSize) {
            String size = minSize == maxSize ? String.valueOf(minSize) : minSize + ".." + maxSize;
            throw invalid(path, node, "must be a list of " + size + " entries");
        }
        return node;
    }

    String text(String path, JsonNode node) {
        if (!node.isTextual()) {
            throw invalid(path, node, "must be a string");
        }
        return node.asText();
    }

    String text(String path, JsonNode node, String expected) {
        String text = text(path, node);
        if (!text.equals(expected)) {
            throw invalid(path, node, "must be \"" + expected + "\"");
        }
        return text;
    }

    /** A whole number within min..max; Istio may store {@code 10} as {@code 10.0}, which is accepted. */
    int whole(String path, JsonNode node, int min, int max) {
        if (!node.isNumber() || node.asDouble() != Math.rint(node.asDouble())
                || node.asDouble() < min || node.asDouble() > max) {
            throw invalid(path, node, min == max ? "must be " + min : "must be a whole number between " + min + " and " + max);
        }
        return (int) node.asDouble();
    }
}
