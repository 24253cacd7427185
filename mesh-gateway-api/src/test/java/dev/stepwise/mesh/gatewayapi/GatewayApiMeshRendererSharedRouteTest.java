package dev.stepwise.mesh.gatewayapi;

import static dev.stepwise.mesh.gatewayapi.HttpRouteFixtures.TARGET;
import static dev.stepwise.mesh.gatewayapi.HttpRouteFixtures.USER_ROUTE;
import static dev.stepwise.mesh.gatewayapi.HttpRouteFixtures.assertValid;
import static dev.stepwise.mesh.gatewayapi.HttpRouteFixtures.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("In a user's HTTPRoute, the Gateway API renderer")
class GatewayApiMeshRendererSharedRouteTest {

    private final GatewayApiMeshRenderer renderer = GatewayApiMeshRenderer.of(TARGET);

    @Test
    @DisplayName("adds its parentRef and rules and keeps everything of the user's exactly")
    void keepsTheUsersRoute() {
        TrafficSplit split = TrafficSplit.canary(10).withMatches(List.of(
                RouteMatch.toCanary(MatchCondition.header("x-canary", Operator.EXACT, "insider"))));

        List<Manifest> rendered = renderer.render(split, List.of(USER_ROUTE));

        ObjectNode expected = USER_ROUTE.json();
        ArrayNode parentRefs = (ArrayNode) expected.at("/spec/parentRefs");
        parentRefs.add(single(renderer.render(split, List.of())).at("/spec/parentRefs/0"));
        ArrayNode rules = (ArrayNode) expected.at("/spec/rules");
        single(renderer.render(split, List.of())).at("/spec/rules").forEach(rules::add);
        // compared as YAML text, so the order of every key and list is checked too
        assertThat(single(rendered).toYaml()).isEqualTo(Manifest.of(expected).toYaml());
        assertThat(renderer.parse(rendered)).contains(split);
        assertValid(rendered);
    }

    @Test
    @DisplayName("finds no split in it before it has rendered one")
    void parsesNothingInTheUsersRoute() {
        assertThat(renderer.parse(List.of(USER_ROUTE))).isEmpty();
    }

    @Test
    @DisplayName("keeps its rules where they stand between the user's, whatever the number of matches")
    void keepsItsPlace() {
        ObjectNode route = USER_ROUTE.json();
        ArrayNode rules = (ArrayNode) route.at("/spec/rules");
        rules.insert(1, single(renderer.render(TrafficSplit.canary(5), List.of())).at("/spec/rules/0"));
        TrafficSplit split = TrafficSplit.canary(30).withMatches(List.of(
                RouteMatch.toCanary(MatchCondition.header("x-a", Operator.EXACT, "1")),
                RouteMatch.toCanary(MatchCondition.cookie("b", Operator.EXACT, "2"))));

        Manifest rendered = single(renderer.render(split, List.of(Manifest.of(route))));

        assertThat(names(rendered)).containsExactly("api", "stepwise-match-0", "stepwise-match-1", "stepwise", "");
        assertThat(names(single(renderer.render(TrafficSplit.canary(40), List.of(rendered)))))
                .containsExactly("api", "stepwise", "");
    }

    @Test
    @DisplayName("adds no parentRef the route already holds, however it is spelled")
    void addsNoDuplicateParentRef() {
        ObjectNode route = USER_ROUTE.json();
        ((ArrayNode) route.at("/spec/parentRefs")).addObject().put("group", "").put("kind", "Service")
                .put("namespace", "test").put("name", "podinfo").put("port", 9898);

        Manifest rendered = single(renderer.render(TrafficSplit.canary(10), List.of(Manifest.of(route))));

        assertThat(rendered.at("/spec/parentRefs")).isEqualTo(route.at("/spec/parentRefs"));
    }

    @Test
    @DisplayName("adds configured Gateways and hostnames the route lacks, after the user's")
    void addsMissingGatewaysAndHostnames() {
        GatewayApiMeshRenderer northSouth = GatewayApiMeshRenderer.builder(TARGET)
                .gateways(GatewayRef.of("ingress", "public"), GatewayRef.of("internal"))
                .hostnames("podinfo.example.com", "podinfo.internal").build();

        Manifest rendered = single(northSouth.render(TrafficSplit.canary(10), List.of(USER_ROUTE)));

        assertThat(rendered.at("/spec/parentRefs").toString()).isEqualTo("[{\"name\":\"public\",\"namespace\":\"ingress\"},"
                + "{\"group\":\"gateway.networking.k8s.io\",\"kind\":\"Gateway\",\"name\":\"internal\"}]");
        assertThat(rendered.at("/spec/hostnames").toString()).isEqualTo("[\"podinfo.example.com\",\"podinfo.internal\"]");
        assertValid(List.of(rendered));
    }

    @Test
    @DisplayName("writes a v1beta1 route back at v1, its content kept")
    void upgradesTheApiVersion() {
        ObjectNode route = USER_ROUTE.json().put("apiVersion", "gateway.networking.k8s.io/v1beta1");

        Manifest rendered = single(renderer.render(TrafficSplit.canary(10), List.of(Manifest.of(route))));

        assertThat(rendered.ref()).isEqualTo(renderer.resources().get(0));
        assertThat(rendered.at("/metadata/labels/team").asText()).isEqualTo("payments");
    }

    @Test
    @DisplayName("refuses to exceed 16 rules together with the user's")
    void refusesTooManyRules() {
        ObjectNode route = USER_ROUTE.json();
        ArrayNode rules = (ArrayNode) route.at("/spec/rules");
        IntStream.range(2, 16).forEach(i -> rules.add(rules.get(1).deepCopy()));

        assertThatThrownBy(() -> renderer.render(TrafficSplit.canary(10), List.of(Manifest.of(route))))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("spec.rules: 17 entries must be at most 16 in an HTTPRoute");
    }

    @Test
    @DisplayName("refuses a second reference to one Gateway that the CRD's CEL rules would reject")
    void refusesAnAmbiguousParentRef() {
        GatewayApiMeshRenderer https = GatewayApiMeshRenderer.builder(TARGET)
                .gateways(GatewayRef.of("ingress", "public").withSectionName("https")).build();

        assertThatThrownBy(() -> https.render(TrafficSplit.canary(10), List.of(USER_ROUTE)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("spec.parentRefs:")
                .hasMessageContaining("must give each of several references to one parent");
    }

    private static List<String> names(Manifest route) {
        List<String> names = new ArrayList<>();
        for (JsonNode rule : route.at("/spec/rules")) {
            names.add(rule.path("name").asText(""));
        }
        return names;
    }
}
