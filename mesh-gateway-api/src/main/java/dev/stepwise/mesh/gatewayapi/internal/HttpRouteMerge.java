package dev.stepwise.mesh.gatewayapi.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Puts Stepwise's parts into an HTTPRoute, new or the user's, keeping everything else: metadata,
 * unknown fields, {@code status}, the user's rules in their order. Stepwise's rules replace the
 * managed rules where the first of them stood (appended when there were none), so a re-render
 * moves nothing. Configured parentRefs and hostnames are added when missing; the user's stay.
 * The CRD's limits and its CEL rules, which schema validation alone misses, are checked here.
 *
 * @param apiVersion the apiVersion to write
 * @param namespace  the route's namespace
 * @param name       the route's name
 * @param parentRefs the parentRefs the route must hold
 * @param hostnames  the hostnames the route must hold
 * @param names      how managed rules are named
 */
public record HttpRouteMerge(String apiVersion, String namespace, String name, List<ObjectNode> parentRefs,
                             List<String> hostnames, ManagedRuleNames names) {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_RULES = 16;
    private static final int MAX_MATCHES = 128;
    private static final int MAX_PARENT_REFS = 32;
    private static final int MAX_HOSTNAMES = 16;

    public HttpRouteMerge {
        parentRefs = List.copyOf(parentRefs);
        hostnames = List.copyOf(hostnames);
    }

    /**
     * The route holding {@code managedRules}: {@code existing} with them in place, or a new route.
     *
     * @throws InvalidValueException when the result would break one of the CRD's limits or rules
     */
    public ObjectNode merge(Optional<ObjectNode> existing, List<ObjectNode> managedRules) {
        ObjectNode route = existing.map(ObjectNode::deepCopy).orElseGet(this::newRoute);
        route.put("apiVersion", apiVersion);
        ObjectNode spec = route.has("spec") && route.get("spec").isObject()
                ? (ObjectNode) route.get("spec") : route.putObject("spec");
        ArrayNode refs = array(spec, "parentRefs");
        for (ObjectNode ref : parentRefs) {
            if (!containsParent(refs, ref)) {
                refs.add(ref.deepCopy());
            }
        }
        checkParentRefs(refs);
        if (!hostnames.isEmpty()) {
            ArrayNode hosts = array(spec, "hostnames");
            hostnames.stream().filter(h -> !contains(hosts, h)).forEach(hosts::add);
            limit("spec.hostnames", hosts.size(), MAX_HOSTNAMES);
        }
        spec.set("rules", rules(spec.path("rules"), managedRules));
        return route;
    }

    private ObjectNode newRoute() {
        ObjectNode route = JSON.objectNode();
        route.put("apiVersion", apiVersion);
        route.put("kind", "HTTPRoute");
        ObjectNode metadata = route.putObject("metadata");
        metadata.put("name", name);
        metadata.put("namespace", namespace);
        return route;
    }

    private ArrayNode rules(JsonNode current, List<ObjectNode> managedRules) {
        ArrayNode rules = JSON.arrayNode();
        int insertAt = -1;
        for (JsonNode rule : current) {
            if (names.isManaged(rule)) {
                insertAt = insertAt < 0 ? rules.size() : insertAt;
            } else {
                rules.add(rule.deepCopy());
            }
        }
        int at = insertAt < 0 ? rules.size() : insertAt;
        for (int i = 0; i < managedRules.size(); i++) {
            rules.insert(at + i, managedRules.get(i));
        }
        limit("spec.rules", rules.size(), MAX_RULES);
        int matches = 0;
        for (JsonNode rule : rules) {
            // a rule without matches is defaulted to one (every path) before the CEL rule counts it
            matches += rule.has("matches") ? rule.get("matches").size() : 1;
        }
        limit("spec.rules[*].matches", matches, MAX_MATCHES);
        return rules;
    }

    private boolean containsParent(ArrayNode refs, ObjectNode wanted) {
        Parent parent = Parent.of(wanted, namespace);
        for (JsonNode ref : refs) {
            if (Parent.of(ref, namespace).equals(parent)) {
                return true;
            }
        }
        return false;
    }

    /** The CRD's CEL rules: several refs to one parent each name a different sectionName. */
    private static void checkParentRefs(ArrayNode refs) {
        limit("spec.parentRefs", refs.size(), MAX_PARENT_REFS);
        Map<List<String>, Set<String>> sections = new HashMap<>();
        Map<List<String>, Integer> counts = new HashMap<>();
        for (JsonNode ref : refs) {
            // as the CEL rule compares: defaulted group and kind, namespace as written
            List<String> key = List.of(ref.path("group").asText(Parent.GATEWAY_GROUP), ref.path("kind").asText("Gateway"),
                    ref.path("name").asText(), ref.path("namespace").asText(""));
            counts.merge(key, 1, Integer::sum);
            sections.computeIfAbsent(key, k -> new HashSet<>()).add(ref.path("sectionName").asText(""));
        }
        counts.forEach((key, count) -> {
            Set<String> names = Objects.requireNonNull(sections.get(key));
            if (count > 1 && (names.size() != count || names.contains(""))) {
                throw new InvalidValueException("spec.parentRefs", refs,
                        "must give each of several references to one parent (" + key + ") its own sectionName");
            }
        });
    }

    private static ArrayNode array(ObjectNode spec, String field) {
        return spec.has(field) && spec.get(field).isArray() ? (ArrayNode) spec.get(field) : spec.putArray(field);
    }

    private static boolean contains(ArrayNode array, String text) {
        for (JsonNode item : array) {
            if (item.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }

    private static void limit(String field, int size, int max) {
        if (size > max) {
            throw new InvalidValueException(field, size + " entries",
                    "must be at most " + max + " in an HTTPRoute (the user's and Stepwise's together)");
        }
    }

    /** A parentRef with the API server's defaults applied, for comparing two refs. */
    private record Parent(String group, String kind, String namespace, String name, String sectionName, int port) {

        static final String GATEWAY_GROUP = "gateway.networking.k8s.io";

        static Parent of(JsonNode ref, String routeNamespace) {
            String namespace = ref.path("namespace").asText("");
            return new Parent(ref.path("group").asText(GATEWAY_GROUP), ref.path("kind").asText("Gateway"),
                    namespace.isEmpty() ? routeNamespace : namespace, ref.path("name").asText(),
                    ref.path("sectionName").asText(""), ref.path("port").asInt(0));
        }
    }
}
