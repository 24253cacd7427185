package dev.stepwise.mesh.kuma.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A split as the {@code rules} of the routed service's {@code to[]} entry in a MeshHTTPRoute, and
 * back: one rule per {@link RouteMatch} (its header matches, one backend), then the catch-all rule
 * ({@code PathPrefix /}) with the weighted backends and, when mirroring, a {@code RequestMirror}
 * filter to the canary. Every rule carries {@code PathPrefix /} so that rules differ only in their
 * headers, and Kuma, which orders rules by specificity, tries the header rules first.
 */
final class MeshHttpRules {

    private static final Set<String> RULE_FIELDS = Set.of("matches", "default");
    private static final Set<String> MATCH_FIELDS = Set.of("path", "headers");
    private static final Set<String> MATCH_DEFAULT_FIELDS = Set.of("backendRefs");
    private static final Set<String> CATCH_ALL_DEFAULT_FIELDS = Set.of("backendRefs", "filters");
    private static final Set<String> FILTER_FIELDS = Set.of("type", "requestMirror");
    private static final Set<String> MIRROR_FIELDS = Set.of("backendRef", "percentage");

    private final Backends backends;

    MeshHttpRules(Backends backends) {
        this.backends = backends;
    }

    /** The rules routing {@code split}. */
    ArrayNode render(TrafficSplit split) {
        ArrayNode rules = Shape.array();
        for (int i = 0; i < split.matches().size(); i++) {
            RouteMatch match = split.matches().get(i);
            ObjectNode matchEntry = rootPath();
            matchEntry.set("headers", HeaderMatches.render(match.conditions(), "matches[" + i + "].conditions"));
            ObjectNode rule = rules.addObject();
            rule.putArray("matches").add(matchEntry);
            rule.putObject("default").putArray("backendRefs").add(backends.backendRef(match.track()));
        }
        ObjectNode catchAll = rules.addObject();
        catchAll.putArray("matches").add(rootPath());
        ObjectNode defaults = catchAll.putObject("default");
        if (split.mirrorPercent() > 0) {
            ObjectNode filter = defaults.putArray("filters").addObject().put("type", "RequestMirror");
            ObjectNode mirror = filter.putObject("requestMirror");
            mirror.set("backendRef", backends.backendRef(Track.CANARY));
            mirror.put("percentage", split.mirrorPercent());
        }
        ArrayNode refs = defaults.putArray("backendRefs");
        for (Track track : Track.values()) {
            if (track != Track.BASELINE || split.baseline() > 0) {
                refs.add(backends.backendRef(track).put("weight", split.weight(track)));
            }
        }
        return rules;
    }

    /** The split {@code rules} (written by {@link #render}) hold. */
    TrafficSplit parse(JsonNode rules, String path) {
        ArrayNode list = Shape.requireArray(rules, path);
        List<RouteMatch> matches = new ArrayList<>();
        TrafficSplit weights = null;
        for (int i = 0; i < list.size(); i++) {
            String rulePath = path + "[" + i + "]";
            ObjectNode rule = Shape.requireObject(list.get(i), rulePath);
            Shape.requireOnlyFields(rule, rulePath, RULE_FIELDS);
            ArrayNode ruleMatches = Shape.requireArray(rule.path("matches"), rulePath + ".matches");
            if (ruleMatches.size() != 1) {
                throw Shape.unexpected(rulePath + ".matches", ruleMatches, "must hold exactly one match");
            }
            JsonNode headers = parseMatch(ruleMatches.get(0), rulePath + ".matches[0]");
            ObjectNode defaults = Shape.requireObject(rule.path("default"), rulePath + ".default");
            if (headers.isMissingNode()) {
                if (weights != null) {
                    throw Shape.unexpected(rulePath, rule, "is a second catch-all rule; Stepwise writes one");
                }
                weights = parseCatchAll(defaults, rulePath + ".default");
            } else {
                Track track = parseMatchTarget(defaults, rulePath + ".default");
                matches.add(new RouteMatch(HeaderMatches.parse(headers, rulePath + ".matches[0].headers"), track));
            }
        }
        if (weights == null) {
            throw Shape.unexpected(path, rules, "must end with a catch-all rule (PathPrefix /) holding the weights");
        }
        return weights.withMatches(matches);
    }

    private static ObjectNode rootPath() {
        ObjectNode match = Shape.object();
        match.putObject("path").put("type", "PathPrefix").put("value", "/");
        return match;
    }

    /** Checks a match entry's path and returns its headers (missing for the catch-all). */
    private static JsonNode parseMatch(JsonNode node, String path) {
        ObjectNode match = Shape.requireObject(node, path);
        Shape.requireOnlyFields(match, path, MATCH_FIELDS);
        if (!rootPath().path("path").equals(match.path("path"))) {
            throw Shape.unexpected(path + ".path", match.path("path"), "must be {type: PathPrefix, value: /}");
        }
        return match.path("headers");
    }

    private Track parseMatchTarget(ObjectNode defaults, String path) {
        Shape.requireOnlyFields(defaults, path, MATCH_DEFAULT_FIELDS);
        ArrayNode refs = Shape.requireArray(defaults.path("backendRefs"), path + ".backendRefs");
        if (refs.size() != 1) {
            throw Shape.unexpected(path + ".backendRefs", refs, "must name exactly one track");
        }
        return track(refs.get(0), path + ".backendRefs[0]");
    }

    private TrafficSplit parseCatchAll(ObjectNode defaults, String path) {
        Shape.requireOnlyFields(defaults, path, CATCH_ALL_DEFAULT_FIELDS);
        ArrayNode refs = Shape.requireArray(defaults.path("backendRefs"), path + ".backendRefs");
        Map<Track, Integer> weights = new EnumMap<>(Track.class);
        for (int i = 0; i < refs.size(); i++) {
            String refPath = path + ".backendRefs[" + i + "]";
            Track track = track(refs.get(i), refPath);
            // 1 is the schema's default weight, filled in by the API server when left out.
            JsonNode weight = refs.get(i).path("weight");
            int value = weight.isMissingNode() ? 1 : Shape.requireWeight(weight, refPath + ".weight");
            if (weights.put(track, value) != null) {
                throw Shape.unexpected(refPath, refs.get(i), "names the " + track + " track a second time");
            }
        }
        int mirror = defaults.has("filters") ? parseMirror(defaults.get("filters"), path + ".filters") : 0;
        try {
            return new TrafficSplit(weights.getOrDefault(Track.STABLE, 0), weights.getOrDefault(Track.CANARY, 0),
                    weights.getOrDefault(Track.BASELINE, 0), List.of(), mirror);
        } catch (InvalidValueException e) {
            throw Shape.unexpected(path + ".backendRefs", refs, "must hold whole-percent weights summing to 100 ("
                    + e.getMessage() + ")");
        }
    }

    private int parseMirror(JsonNode node, String path) {
        ArrayNode filters = Shape.requireArray(node, path);
        if (filters.size() != 1) {
            throw Shape.unexpected(path, filters, "must hold only the RequestMirror filter to the canary");
        }
        ObjectNode filter = Shape.requireObject(filters.get(0), path + "[0]");
        Shape.requireOnlyFields(filter, path + "[0]", FILTER_FIELDS);
        if (!"RequestMirror".equals(filter.path("type").asText())) {
            throw Shape.unexpected(path + "[0].type", filter.path("type"), "must be RequestMirror");
        }
        String mirrorPath = path + "[0].requestMirror";
        ObjectNode mirror = Shape.requireObject(filter.path("requestMirror"), mirrorPath);
        Shape.requireOnlyFields(mirror, mirrorPath, MIRROR_FIELDS);
        if (track(mirror.path("backendRef"), mirrorPath + ".backendRef") != Track.CANARY) {
            throw Shape.unexpected(mirrorPath + ".backendRef", mirror.path("backendRef"), "must be the canary");
        }
        // Without a percentage Kuma mirrors every request.
        int percent = mirror.has("percentage") ? Shape.requirePercent(mirror.get("percentage"), mirrorPath + ".percentage") : 100;
        if (percent == 0) {
            throw Shape.unexpected(mirrorPath + ".percentage", mirror.get("percentage"), "must be 1..100 (no mirror has no filter)");
        }
        return percent;
    }

    private Track track(JsonNode ref, String path) {
        Optional<Track> track = backends.trackOf(ref);
        if (track.isEmpty()) {
            throw Shape.unexpected(path, ref, "must be one of the tracks: " + List.of(backends.backendRef(Track.STABLE),
                    backends.backendRef(Track.CANARY), backends.backendRef(Track.BASELINE)));
        }
        return track.get();
    }
}
