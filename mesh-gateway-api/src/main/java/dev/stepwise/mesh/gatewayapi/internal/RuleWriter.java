package dev.stepwise.mesh.gatewayapi.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link TrafficSplit} as Stepwise's HTTPRoute rules: one rule per request match (in
 * order), then the weighted rule. Every field the API server would default is written out
 * ({@code group: ""}, {@code kind: Service}, {@code weight}, the {@code PathPrefix /} path match,
 * the header match {@code type}), so a route read back from the cluster equals the one written
 * and a router sees no change to write.
 *
 * <p>The weighted rule always names the stable and canary Services, with weight 0 when they get
 * no traffic (as Flagger does: both exist for the whole rollout); the baseline Service only while
 * its weight is above 0, since most rollouts have no baseline and a reference to a missing
 * Service marks the route {@code ResolvedRefs=False}. A mirror is a rule-level
 * {@code RequestMirror} filter on the weighted rule (Extended support, unlike per-backend
 * filters), so it copies {@code mirrorPercent} of the requests the weighted rule routes; request
 * matches are not mirrored.
 */
public final class RuleWriter {

    /** Header matches per HTTPRoute match, as the CRD allows. */
    static final int MAX_HEADERS = 16;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final RouteTarget target;
    private final ManagedRuleNames names;

    /** A writer of {@code target}'s rules. */
    public RuleWriter(RouteTarget target) {
        this.target = target;
        this.names = new ManagedRuleNames(target.routeName());
    }

    /**
     * The managed rules for {@code split}: match rules first, then the weighted rule.
     *
     * @throws InvalidValueException when a request match cannot be written as an HTTPRoute match
     */
    public List<ObjectNode> write(TrafficSplit split) {
        List<ObjectNode> rules = new ArrayList<>();
        for (int i = 0; i < split.matches().size(); i++) {
            rules.add(matchRule(i, split.matches().get(i)));
        }
        rules.add(weightedRule(split));
        return rules;
    }

    private ObjectNode matchRule(int index, RouteMatch match) {
        String field = "matches[" + index + "]";
        if (match.conditions().size() > MAX_HEADERS) {
            throw new InvalidValueException(field + ".conditions", match.conditions().size(),
                    "must be at most " + MAX_HEADERS + ": the header matches an HTTPRoute match holds");
        }
        ArrayNode headers = JSON.arrayNode();
        Map<String, MatchCondition> byHeader = new HashMap<>();
        for (int c = 0; c < match.conditions().size(); c++) {
            MatchCondition condition = match.conditions().get(c);
            MatchCondition clash = byHeader.put(HeaderMatches.headerName(condition).toLowerCase(Locale.ROOT), condition);
            if (clash != null) {
                throw new InvalidValueException(field + ".conditions", "[" + clash + ", " + condition + "]",
                        "must read different headers (all cookies travel in the Cookie header): an HTTPRoute match"
                                + " holds one condition per header name");
            }
            headers.add(HeaderMatches.write(condition, field + ".conditions[" + c + "]"));
        }
        ObjectNode httpMatch = catchAllMatch();
        httpMatch.set("headers", headers);
        ObjectNode rule = JSON.objectNode();
        rule.put("name", names.match(index));
        rule.set("matches", JSON.arrayNode().add(httpMatch));
        rule.set("backendRefs", JSON.arrayNode().add(backend(target.serviceOf(match.track()), 1)));
        return rule;
    }

    private ObjectNode weightedRule(TrafficSplit split) {
        ObjectNode rule = JSON.objectNode();
        rule.put("name", names.weighted());
        rule.set("matches", JSON.arrayNode().add(catchAllMatch()));
        if (split.mirrorPercent() > 0) {
            ObjectNode mirror = JSON.objectNode();
            mirror.set("backendRef", service(target.serviceOf(Track.CANARY)));
            mirror.put("percent", split.mirrorPercent());
            ObjectNode filter = JSON.objectNode();
            filter.put("type", "RequestMirror");
            filter.set("requestMirror", mirror);
            rule.set("filters", JSON.arrayNode().add(filter));
        }
        ArrayNode backends = JSON.arrayNode();
        for (Track track : Track.values()) {
            if (track != Track.BASELINE || split.baseline() > 0) {
                backends.add(backend(target.serviceOf(track), split.weight(track)));
            }
        }
        rule.set("backendRefs", backends);
        return rule;
    }

    /** The path match the API server fills in when a match names none: every path. */
    static ObjectNode catchAllMatch() {
        ObjectNode path = JSON.objectNode();
        path.put("type", "PathPrefix");
        path.put("value", "/");
        ObjectNode match = JSON.objectNode();
        match.set("path", path);
        return match;
    }

    private ObjectNode backend(String service, int weight) {
        ObjectNode backend = service(service);
        backend.put("weight", weight);
        return backend;
    }

    private ObjectNode service(String service) {
        ObjectNode ref = JSON.objectNode();
        ref.put("group", "");
        ref.put("kind", "Service");
        ref.put("name", service);
        ref.put("port", target.port());
        return ref;
    }
}
