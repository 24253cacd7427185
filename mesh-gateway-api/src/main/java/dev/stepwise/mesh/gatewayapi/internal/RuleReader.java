package dev.stepwise.mesh.gatewayapi.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the split back from Stepwise's rules in an HTTPRoute's {@code spec.rules}: the inverse of
 * {@link RuleWriter}. Fields the API server defaults may be present or absent. Anything else in a
 * managed rule (another filter, a path or method match, a backend Stepwise does not route to, a
 * gap in the match rule numbers, weights not summing to 100) means it was edited by hand, and is
 * an {@link InvalidValueException} naming the rule and field.
 */
public final class RuleReader {

    private static final Set<String> WEIGHTED_RULE_FIELDS = Set.of("name", "matches", "filters", "backendRefs");
    private static final Set<String> MATCH_RULE_FIELDS = Set.of("name", "matches", "backendRefs");
    private static final Set<String> SERVICE_FIELDS = Set.of("group", "kind", "name", "namespace", "port");
    private static final Set<String> BACKEND_FIELDS = Set.of("group", "kind", "name", "namespace", "port", "weight");

    private final RouteTarget target;
    private final ManagedRuleNames names;

    /** A reader of {@code target}'s rules. */
    public RuleReader(RouteTarget target) {
        this.target = target;
        this.names = new ManagedRuleNames(target.routeName());
    }

    /**
     * The split Stepwise's rules in {@code rules} hold; empty when there is no weighted rule.
     *
     * @throws InvalidValueException when a managed rule was edited into a shape Stepwise does not write
     */
    public Optional<TrafficSplit> read(JsonNode rules) {
        JsonNode weighted = null;
        Map<Integer, JsonNode> matchRules = new TreeMap<>();
        for (JsonNode rule : rules) {
            String name = rule.path("name").asText("");
            OptionalInt index = names.matchIndex(name);
            if (name.equals(names.weighted())) {
                if (weighted != null) {
                    throw edited(field(name), "2 rules", "must be one rule: Stepwise's rule names are unique");
                }
                weighted = rule;
            } else if (index.isPresent() && matchRules.put(index.getAsInt(), rule) != null) {
                throw edited(field(name), "2 rules", "must be one rule: Stepwise's rule names are unique");
            }
        }
        if (weighted == null) {
            return Optional.empty();
        }
        List<RouteMatch> matches = new ArrayList<>();
        for (Map.Entry<Integer, JsonNode> entry : matchRules.entrySet()) {
            if (entry.getKey() != matches.size()) {
                throw edited(field(names.match(matches.size())), "missing",
                        "must exist: match rules are numbered from 0 without gaps, found " + matchRules.keySet());
            }
            matches.add(matchRule(entry.getValue()));
        }
        return Optional.of(weightedRule(weighted).withMatches(matches));
    }

    private TrafficSplit weightedRule(JsonNode rule) {
        String field = field(names.weighted());
        onlyFields(rule, WEIGHTED_RULE_FIELDS, field);
        JsonNode matches = rule.path("matches");
        if (!matches.isMissingNode() && !(matches.size() == 1 && isCatchAll(matches.get(0)))) {
            throw edited(field + ".matches", matches, "must be absent or match every path (PathPrefix /)");
        }
        Map<Track, Integer> weights = new EnumMap<>(Track.class);
        JsonNode backends = rule.path("backendRefs");
        for (int i = 0; i < backends.size(); i++) {
            String backendField = field + ".backendRefs[" + i + "]";
            Track track = service(backends.get(i), BACKEND_FIELDS, backendField);
            if (weights.put(track, backends.get(i).path("weight").asInt(1)) != null) {
                throw edited(backendField, backends.get(i), "must name each track's Service once");
            }
        }
        int sum = weights.values().stream().mapToInt(Integer::intValue).sum();
        if (sum != 100) {
            throw edited(field + ".backendRefs", backends, "must hold weights summing to 100, not " + sum);
        }
        return new TrafficSplit(weights.getOrDefault(Track.STABLE, 0), weights.getOrDefault(Track.CANARY, 0),
                weights.getOrDefault(Track.BASELINE, 0), List.of(), mirrorPercent(rule.path("filters"), field));
    }

    private int mirrorPercent(JsonNode filters, String ruleField) {
        if (filters.isMissingNode() || filters.isEmpty()) {
            return 0;
        }
        String field = ruleField + ".filters";
        JsonNode filter = filters.get(0);
        JsonNode mirror = filter.path("requestMirror");
        if (filters.size() != 1 || !filter.path("type").asText().equals("RequestMirror") || filter.size() != 2
                || !mirror.isObject()) {
            throw edited(field, filters, "must be absent or one RequestMirror filter");
        }
        onlyFields(mirror, Set.of("backendRef", "percent"), field + "[0].requestMirror");
        Track track = service(mirror.path("backendRef"), SERVICE_FIELDS, field + "[0].requestMirror.backendRef");
        if (track != Track.CANARY) {
            throw edited(field + "[0].requestMirror.backendRef", mirror.path("backendRef"),
                    "must be the canary Service " + target.serviceOf(Track.CANARY));
        }
        // no percent (and no fraction) mirrors every request
        return mirror.path("percent").asInt(100);
    }

    private RouteMatch matchRule(JsonNode rule) {
        String field = field(rule.path("name").asText());
        onlyFields(rule, MATCH_RULE_FIELDS, field);
        JsonNode matches = rule.path("matches");
        JsonNode match = matches.path(0);
        JsonNode headers = match.path("headers");
        if (matches.size() != 1 || !match.isObject() || !isCatchAll(((ObjectNode) match.deepCopy()).without("headers"))
                || !headers.isArray() || headers.isEmpty()) {
            throw edited(field + ".matches", matches, "must be one match on headers only (path PathPrefix / at most)");
        }
        List<MatchCondition> conditions = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            conditions.add(HeaderMatches.read(headers.get(i), field + ".matches[0].headers[" + i + "]"));
        }
        JsonNode backends = rule.path("backendRefs");
        if (backends.size() != 1 || backends.get(0).path("weight").asInt(1) < 1) {
            throw edited(field + ".backendRefs", backends, "must be one backend with a weight above 0");
        }
        return new RouteMatch(conditions, service(backends.get(0), BACKEND_FIELDS, field + ".backendRefs[0]"));
    }

    /** The track of the Service {@code ref} names, at the target's port in the target's namespace. */
    private Track service(JsonNode ref, Set<String> allowed, String field) {
        onlyFields(ref, allowed, field);
        boolean isService = ref.path("group").asText("").isEmpty() && ref.path("kind").asText("Service").equals("Service");
        boolean local = ref.path("namespace").asText(target.namespace()).equals(target.namespace());
        Track track = target.trackOfService(ref.path("name").asText(""));
        if (!isService || !local || track == null || ref.path("port").asInt(0) != target.port()) {
            throw edited(field, ref, "must be one of the Services " + target.services().values()
                    + " in namespace " + target.namespace() + " at port " + target.port());
        }
        return track;
    }

    private static boolean isCatchAll(JsonNode match) {
        JsonNode path = match.path("path");
        return match.isObject() && (match.isEmpty() || match.size() == 1 && path.isObject())
                && path.path("type").asText("PathPrefix").equals("PathPrefix") && path.path("value").asText("/").equals("/");
    }

    private static void onlyFields(JsonNode node, Set<String> allowed, String field) {
        if (!node.isObject()) {
            throw edited(field, node, "must be an object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw edited(field + "." + name, node.get(name), "is not a field Stepwise writes");
            }
        }
    }

    private static String field(String ruleName) {
        return "spec.rules[name=" + ruleName + "]";
    }

    private static InvalidValueException edited(String field, Object value, String allowed) {
        return new InvalidValueException(field, value, allowed + " (a Stepwise-managed rule edited by hand;"
                + " the next change rewrites it)");
    }
}
