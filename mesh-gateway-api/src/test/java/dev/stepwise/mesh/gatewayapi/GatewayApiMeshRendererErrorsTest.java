package dev.stepwise.mesh.gatewayapi;

import static dev.stepwise.mesh.gatewayapi.HttpRouteFixtures.TARGET;
import static dev.stepwise.mesh.gatewayapi.HttpRouteFixtures.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problem;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The Gateway API renderer fails clearly")
class GatewayApiMeshRendererErrorsTest {

    private static final TrafficSplit FULL = TrafficSplit.canary(10).withMirror(50)
            .withMatches(List.of(RouteMatch.toCanary(MatchCondition.header("x-canary", Operator.EXACT, "insider"))));

    private final GatewayApiMeshRenderer renderer = GatewayApiMeshRenderer.of(TARGET);

    @Test
    @DisplayName("when the target has no port, naming port: Service backendRefs need one")
    void missingPort() {
        RouteTarget noPort = RouteTarget.of("test", "podinfo");

        assertThatThrownBy(() -> GatewayApiMeshRenderer.of(noPort)).isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).extracting(Problem::path)
                        .containsExactly("port"))
                .hasMessageContaining("port: 0 (none) is not allowed: a Gateway API backendRef to a Service must name a port");
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                arguments("an apiVersion the CRD does not serve", "apiVersion",
                        (UnaryOperator<GatewayApiMeshRenderer.Builder>) b -> b.apiVersion("gateway.networking.k8s.io/v1alpha2")),
                arguments("an HTTPRoute name that is no DNS subdomain", "httpRouteName",
                        (UnaryOperator<GatewayApiMeshRenderer.Builder>) b -> b.httpRouteName("Podinfo_Route")),
                arguments("a hostname with upper case", "hostnames",
                        (UnaryOperator<GatewayApiMeshRenderer.Builder>) b -> b.hostnames("Podinfo.example.com")),
                arguments("a bare wildcard hostname", "hostnames",
                        (UnaryOperator<GatewayApiMeshRenderer.Builder>) b -> b.hostnames("*")),
                arguments("the same Gateway twice", "gateways",
                        (UnaryOperator<GatewayApiMeshRenderer.Builder>) b -> b.gateways(GatewayRef.of("public"), GatewayRef.of("public"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    @DisplayName("on invalid builder settings, naming the setting")
    void invalidSetting(String name, String setting, UnaryOperator<GatewayApiMeshRenderer.Builder> configure) {
        assertThatThrownBy(() -> configure.apply(GatewayApiMeshRenderer.builder(TARGET)).build())
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).extracting(Problem::path)
                        .containsExactly(setting));
    }

    @Test
    @DisplayName("when a builder setting is set twice")
    void settingSetTwice() {
        assertThatThrownBy(() -> GatewayApiMeshRenderer.builder(TARGET).httpRouteName("a").httpRouteName("b"))
                .isInstanceOf(IllegalStateException.class).hasMessage("httpRouteName was already set to a");
    }

    static Stream<Arguments> unwritableMatches() {
        return Stream.of(
                arguments("two conditions on one header, names differing in case", "matches[0].conditions",
                        List.of(header("x-tier", "gold"), header("X-Tier", "silver"))),
                arguments("two cookies, which share the Cookie header", "matches[0].conditions",
                        List.of(MatchCondition.cookie("a", Operator.EXACT, "1"), MatchCondition.cookie("b", Operator.EXACT, "2"))),
                arguments("a header condition on Cookie", "matches[0].conditions[0].name", List.of(header("cookie", "a=1"))),
                arguments("a header name that is no HTTP token", "matches[0].conditions[0].name", List.of(header("x canary", "1"))),
                arguments("an empty exact header value", "matches[0].conditions[0].value", List.of(header("x-canary", ""))),
                arguments("a value beyond 4096 characters", "matches[0].conditions[0].value",
                        List.of(header("x-canary", "v".repeat(4097)))),
                arguments("17 conditions in one match", "matches[0].conditions",
                        IntStream.range(0, 17).mapToObj(i -> header("x-h" + i, "1")).toList()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unwritableMatches")
    @DisplayName("on a request match an HTTPRoute cannot hold, naming the condition")
    void unwritableMatch(String name, String field, List<MatchCondition> conditions) {
        TrafficSplit split = TrafficSplit.allStable().withMatches(List.of(RouteMatch.toCanary(conditions.toArray(MatchCondition[]::new))));

        assertThatThrownBy(() -> renderer.render(split, List.of())).isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo(field));
    }

    @Test
    @DisplayName("on more request matches than the 16 rules an HTTPRoute holds")
    void tooManyRules() {
        List<RouteMatch> matches = IntStream.range(0, 16).mapToObj(i -> RouteMatch.toCanary(header("x-user", "u" + i))).toList();

        assertThatThrownBy(() -> renderer.render(TrafficSplit.allStable().withMatches(matches), List.of()))
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("spec.rules: 17 entries must be at most 16");
    }

    static Stream<Arguments> handEdits() {
        return Stream.of(
                edit("weights summing to 101", "spec.rules[name=stepwise].backendRefs", r -> obj(weighted(r, "backendRefs"), 0).put("weight", 91)),
                edit("a backend to a Service Stepwise does not route to", "spec.rules[name=stepwise].backendRefs[1]",
                        r -> obj(weighted(r, "backendRefs"), 1).put("name", "other")),
                edit("a backend at another port", "spec.rules[name=stepwise].backendRefs[0]",
                        r -> obj(weighted(r, "backendRefs"), 0).put("port", 80)),
                edit("a backend in another namespace", "spec.rules[name=stepwise].backendRefs[0]",
                        r -> obj(weighted(r, "backendRefs"), 0).put("namespace", "other")),
                edit("the canary twice", "spec.rules[name=stepwise].backendRefs[2]",
                        r -> weighted(r, "backendRefs").add(((ObjectNode) weighted(r, "backendRefs").get(1).deepCopy()).put("weight", 0))),
                edit("another filter next to the mirror", "spec.rules[name=stepwise].filters",
                        r -> weighted(r, "filters").addObject().put("type", "RequestHeaderModifier")),
                edit("a mirror to the stable Service", "spec.rules[name=stepwise].filters[0].requestMirror.backendRef",
                        r -> obj(weighted(r, "filters"), 0).withObject("requestMirror").withObject("backendRef").put("name", "podinfo-primary")),
                edit("a mirror by fraction", "spec.rules[name=stepwise].filters[0].requestMirror.fraction",
                        r -> obj(weighted(r, "filters"), 0).withObject("requestMirror").putObject("fraction").put("numerator", 1)),
                edit("a path match on the weighted rule", "spec.rules[name=stepwise].matches",
                        r -> obj(weighted(r, "matches"), 0).withObject("path").put("value", "/api")),
                edit("a timeout on the weighted rule", "spec.rules[name=stepwise].timeouts",
                        r -> rule(r, 1).putObject("timeouts").put("request", "10s")),
                edit("a method match on a match rule", "spec.rules[name=stepwise-match-0].matches",
                        r -> obj(((ArrayNode) rule(r, 0).get("matches")), 0).put("method", "GET")),
                edit("a match rule without headers", "spec.rules[name=stepwise-match-0].matches",
                        r -> obj(((ArrayNode) rule(r, 0).get("matches")), 0).remove("headers")),
                edit("a match rule with two backends", "spec.rules[name=stepwise-match-0].backendRefs",
                        r -> ((ArrayNode) rule(r, 0).get("backendRefs")).add(weighted(r, "backendRefs").get(0).deepCopy())),
                edit("a match rule backend without traffic", "spec.rules[name=stepwise-match-0].backendRefs",
                        r -> obj(((ArrayNode) rule(r, 0).get("backendRefs")), 0).put("weight", 0)),
                edit("a header regex Stepwise does not write", "spec.rules[name=stepwise-match-0].matches[0].headers[0]",
                        r -> header(r).put("type", "RegularExpression").put("value", "insider.*")),
                edit("a header regex that does not compile", "spec.rules[name=stepwise-match-0].matches[0].headers[0]",
                        r -> header(r).put("type", "RegularExpression").put("value", "^(?:([)$")),
                edit("the Cookie header matched exactly", "spec.rules[name=stepwise-match-0].matches[0].headers[0]",
                        r -> header(r).put("name", "Cookie").put("value", "beta=yes")),
                edit("two rules named stepwise", "spec.rules[name=stepwise]",
                        r -> ((ArrayNode) r.withObject("spec").get("rules")).add(rule(r, 1).deepCopy())),
                edit("a gap in the match rule numbers", "spec.rules[name=stepwise-match-0]",
                        r -> rule(r, 0).put("name", "stepwise-match-1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handEdits")
    @DisplayName("when Stepwise's rules were edited by hand into a shape it does not write, naming the field")
    void handEdited(String name, String field, Consumer<ObjectNode> edit) {
        ObjectNode route = single(renderer.render(FULL, List.of())).json();
        edit.accept(route);

        assertThatThrownBy(() -> renderer.parse(List.of(Manifest.of(route)))).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("edited by hand")
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo(field));
    }

    static Stream<Arguments> notSetUp() {
        ObjectNode rendered = single(GatewayApiMeshRenderer.of(TARGET).render(FULL, List.of())).json();
        ObjectNode otherName = rendered.deepCopy();
        otherName.withObject("metadata").put("name", "other");
        ObjectNode noRules = rendered.deepCopy();
        noRules.withObject("spec").remove("rules");
        ObjectNode foreignOnly = rendered.deepCopy();
        foreignOnly.withObject("spec").putArray("rules").addObject().put("name", "users");
        ObjectNode matchRulesOnly = rendered.deepCopy();
        ((ArrayNode) matchRulesOnly.withObject("spec").get("rules")).remove(1);
        return Stream.of(arguments("no resource at all", Collections.<ObjectNode>emptyList()),
                arguments("only an HTTPRoute of another name", List.of(otherName)),
                arguments("an HTTPRoute without rules", List.of(noRules)),
                arguments("an HTTPRoute with the user's rules only", List.of(foreignOnly)),
                arguments("an HTTPRoute with match rules but no weighted rule", List.of(matchRulesOnly)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notSetUp")
    @DisplayName("but reads no split, without failing, when the route is not set up")
    void notSetUp(String name, List<ObjectNode> resources) {
        assertThat(renderer.parse(resources.stream().map(Manifest::of).toList())).isEmpty();
    }

    private static Arguments edit(String name, String field, Consumer<ObjectNode> edit) {
        return arguments(name, field, edit);
    }

    private static MatchCondition header(String name, String value) {
        return MatchCondition.header(name, Operator.EXACT, value);
    }

    private static ObjectNode rule(ObjectNode route, int index) {
        return obj(route.withObject("spec").get("rules"), index);
    }

    private static ObjectNode obj(JsonNode array, int index) {
        return (ObjectNode) array.get(index);
    }

    private static ArrayNode weighted(ObjectNode route, String field) {
        return (ArrayNode) rule(route, 1).get(field);
    }

    private static ObjectNode header(ObjectNode route) {
        return obj(obj(rule(route, 0).get("matches"), 0).withArray("headers"), 0);
    }
}
