package dev.stepwise.mesh.gatewayapi;

import static dev.stepwise.mesh.gatewayapi.HttpRouteFixtures.TARGET;
import static dev.stepwise.mesh.gatewayapi.HttpRouteFixtures.assertValid;
import static dev.stepwise.mesh.gatewayapi.HttpRouteFixtures.single;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("A Gateway API route reads back the split it was rendered from")
class GatewayApiMeshRendererRoundTripTest {

    private final GatewayApiMeshRenderer renderer = GatewayApiMeshRenderer.of(TARGET);

    /** Every weight, with and without baseline, with each kind of match and mirror. */
    static Stream<TrafficSplit> splits() {
        List<TrafficSplit> splits = new ArrayList<>();
        IntStream.rangeClosed(0, 100).forEach(w -> splits.add(TrafficSplit.canary(w)));
        IntStream.rangeClosed(0, 50).forEach(w -> splits.add(TrafficSplit.canaryWithBaseline(w)));
        IntStream.of(1, 33, 99, 100).forEach(p -> splits.add(TrafficSplit.canary(20).withMirror(p)));
        splits.add(new TrafficSplit(70, 20, 10, List.of(), 5));
        for (List<RouteMatch> matches : matchCases()) {
            splits.add(TrafficSplit.allStable().withMatches(matches));
            splits.add(TrafficSplit.canaryWithBaseline(10).withMatches(matches).withMirror(25));
        }
        return splits.stream();
    }

    /** Every source and operator, values full of regex metacharacters, each track as a target, several matches. */
    static List<List<RouteMatch>> matchCases() {
        List<List<RouteMatch>> cases = new ArrayList<>();
        for (Operator operator : Operator.values()) {
            for (String value : List.of("insider", "a.b*c+(d)|[e]{f}^$?\\g", "(?:x)", "", "x;y=z")) {
                if (operator == Operator.REGEX && !isRegex(value)) {
                    continue;
                }
                if (!value.isEmpty() || operator != Operator.EXACT) {
                    cases.add(List.of(RouteMatch.toCanary(MatchCondition.header("X-Canary", operator, value))));
                }
                cases.add(List.of(RouteMatch.toCanary(MatchCondition.cookie("session_tier", operator, value))));
            }
        }
        cases.add(List.of(new RouteMatch(List.of(MatchCondition.header("x-stay", Operator.EXACT, "stable")), Track.STABLE),
                new RouteMatch(List.of(MatchCondition.header("x-base", Operator.EXACT, "1")), Track.BASELINE),
                RouteMatch.toCanary(MatchCondition.cookie("beta", Operator.PREFIX, "y"),
                        MatchCondition.header("user-agent", Operator.REGEX, ".*(Android|iPhone).*"),
                        MatchCondition.header("x-region", Operator.EXACT, "eu-west"))));
        return cases;
    }

    private static boolean isRegex(String value) {
        try {
            java.util.regex.Pattern.compile(value);
            return true;
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    @DisplayName("parse(render(split)) == split, the route is valid and rendering it again changes nothing")
    void roundTrip(TrafficSplit split) {
        List<Manifest> rendered = renderer.render(split, List.of());

        assertThat(renderer.parse(rendered)).contains(split);
        assertThat(renderer.render(split, rendered)).isEqualTo(rendered);
        assertValid(rendered);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    @DisplayName("a route without the fields the API server defaults (as written by hand in Git) reads the same")
    void readsWithoutDefaults(TrafficSplit split) {
        Manifest rendered = single(renderer.render(split, List.of()));
        ObjectNode route = rendered.json();
        for (JsonNode rule : route.path("spec").path("rules")) {
            if (rule.path("name").asText().equals(TARGET.routeName())) {
                // a rule without matches matches every path
                ((ObjectNode) rule).remove("matches");
            }
            stripDefaults(rule);
        }

        assertThat(Manifest.of(route)).isNotEqualTo(rendered);
        assertThat(renderer.parse(List.of(Manifest.of(route)))).contains(split);
    }

    @Test
    @DisplayName("rendering one split over another gives what rendering it fresh gives")
    void pathIndependent() {
        List<TrafficSplit> some = List.of(TrafficSplit.canary(10), TrafficSplit.canaryWithBaseline(20).withMirror(5),
                TrafficSplit.allStable().withMatches(matchCases().get(matchCases().size() - 1)));
        for (TrafficSplit first : some) {
            for (TrafficSplit second : some) {
                assertThat(renderer.render(second, renderer.render(first, List.of())))
                        .as("%s then %s", first, second).isEqualTo(renderer.render(second, List.of()));
            }
        }
    }

    /** Removes what the API server would fill in: group "", kind Service, weight 1, the catch-all path, type Exact. */
    private static void stripDefaults(JsonNode node) {
        if (node.isArray()) {
            node.forEach(GatewayApiMeshRendererRoundTripTest::stripDefaults);
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) node;
        if (object.path("group").asText("x").isEmpty() && object.path("kind").asText().equals("Service")) {
            object.remove(List.of("group", "kind"));
        }
        if (object.path("weight").asInt(0) == 1) {
            object.remove("weight");
        }
        if (object.path("type").asText().equals("Exact")) {
            object.remove("type");
        }
        if (object.path("path").path("type").asText().equals("PathPrefix") && object.path("path").path("value").asText().equals("/")) {
            object.remove("path");
        }
        object.forEach(GatewayApiMeshRendererRoundTripTest::stripDefaults);
    }
}
