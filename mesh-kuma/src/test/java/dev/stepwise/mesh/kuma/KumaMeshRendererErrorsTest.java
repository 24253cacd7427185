package dev.stepwise.mesh.kuma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.InvalidValueException;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Misconfiguration, splits an API cannot route, and routes edited into shapes Stepwise does not write. */
class KumaMeshRendererErrorsTest {

    private static final RouteTarget PORTLESS = RouteTarget.of("test", "podinfo");
    private static final TrafficSplit AB = TrafficSplit.canary(10)
            .withMatches(List.of(RouteMatch.toCanary(MatchCondition.header("x-canary", Operator.EXACT, "1"))));

    @Test
    @DisplayName("the defaults are the released MeshHTTPRoute with subsets in mesh 'default'")
    void defaults() {
        KumaMeshRenderer renderer = KumaMeshRenderer.of(KumaFlavour.PODINFO);
        assertThat(renderer.api()).isEqualTo(KumaApi.MESH_HTTP_ROUTE);
        assertThat(renderer.trackAddressing()).isEqualTo(TrackAddressing.SUBSETS);
        assertThat(renderer.mesh()).isEqualTo("default");
        assertThat(KumaMeshRenderer.builder(PORTLESS).api(KumaApi.MESH_HTTP_ROUTE_V3).build().trackAddressing())
                .isEqualTo(TrackAddressing.SERVICES);
    }

    static Stream<Arguments> misconfigurations() {
        return Stream.of(
                Arguments.of("TrafficRoute without a port", KumaMeshRenderer.builder(PORTLESS).api(KumaApi.TRAFFIC_ROUTE),
                        "target.port: must be set for TrafficRoute (legacy) with SUBSETS: Kuma names the service podinfo_test_svc_<port>"),
                Arguments.of("2.14 subsets without a port", KumaMeshRenderer.builder(PORTLESS),
                        "target.port: must be set for MeshHTTPRoute (Kuma 2.14) with SUBSETS"),
                Arguments.of("subsets on 3.0", KumaMeshRenderer.builder(KumaFlavour.PODINFO).api(KumaApi.MESH_HTTP_ROUTE_V3)
                        .trackAddressing(TrackAddressing.SUBSETS),
                        "trackAddressing: SUBSETS is not possible with MeshHTTPRoute (Kuma 3.0 preview), which addresses tracks only by SERVICES"),
                Arguments.of("services on a TrafficRoute", KumaMeshRenderer.builder(KumaFlavour.PODINFO).api(KumaApi.TRAFFIC_ROUTE)
                        .trackAddressing(TrackAddressing.SERVICES), "trackAddressing: SERVICES is not possible with TrafficRoute"),
                Arguments.of("a mesh name that is not a DNS label", KumaMeshRenderer.builder(KumaFlavour.PODINFO).mesh("My_Mesh"),
                        "mesh: \"My_Mesh\" must be a DNS-1123 label"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misconfigurations")
    @DisplayName("a misconfigured renderer fails to build, naming the option and the reason")
    void misconfigurationFailsToBuild(String name, KumaMeshRenderer.Builder builder, String message) {
        assertThatThrownBy(builder::build).isInstanceOf(InvalidConfigException.class).hasMessageContaining(message);
    }

    @Test
    @DisplayName("one MeshService per track needs no port: backends then name none")
    void servicesNeedNoPort() {
        KumaMeshRenderer renderer = KumaMeshRenderer.builder(PORTLESS).trackAddressing(TrackAddressing.SERVICES).build();
        assertThat(renderer.parse(renderer.render(TrafficSplit.canary(5), List.of()))).contains(TrafficSplit.canary(5));
    }

    @Test
    @DisplayName("an option set twice is a programming error")
    void optionSetTwiceFails() {
        assertThatThrownBy(() -> KumaMeshRenderer.builder(PORTLESS).mesh("a").mesh("b"))
                .isInstanceOf(IllegalStateException.class).hasMessage("mesh was already set to a");
        assertThatThrownBy(() -> KumaMeshRenderer.builder(PORTLESS).api(KumaApi.TRAFFIC_ROUTE).api(KumaApi.MESH_HTTP_ROUTE))
                .isInstanceOf(IllegalStateException.class).hasMessage("api was already set to TRAFFIC_ROUTE");
    }

    @ParameterizedTest
    @EnumSource(KumaFlavour.class)
    @DisplayName("capabilities: weights at any percent everywhere; matches and mirror except on a TrafficRoute")
    void capabilities(KumaFlavour flavour) {
        boolean full = flavour != KumaFlavour.TRAFFIC_ROUTE;
        assertThat(flavour.renderer().capabilities()).isEqualTo(new RouterCapabilities(true, full, full, 1));
    }

    @Test
    @DisplayName("a TrafficRoute refuses A/B matches and mirrors, naming the missing capability")
    void trafficRouteRefusesMatchesAndMirror() {
        KumaMeshRenderer renderer = KumaFlavour.TRAFFIC_ROUTE.renderer();
        assertThatThrownBy(() -> renderer.render(AB, List.of())).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("matches: ").hasMessageContaining("need the headerMatch capability, which TrafficRoute (legacy) lacks");
        assertThatThrownBy(() -> renderer.render(TrafficSplit.canary(10).withMirror(5), List.of()))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("mirrorPercent: 5 needs the mirror capability, which TrafficRoute (legacy) lacks; use MESH_HTTP_ROUTE to mirror");
    }

    @Test
    @DisplayName("a header name Kuma cannot match is refused with its place in the split")
    void invalidNamesAreRefused() {
        KumaMeshRenderer renderer = KumaFlavour.MESH_HTTP_ROUTE_SUBSETS.renderer();
        TrafficSplit badHeader = TrafficSplit.canary(1).withMatches(List.of(
                RouteMatch.toCanary(MatchCondition.header("x-ok", Operator.EXACT, "1"), MatchCondition.header("x canary", Operator.EXACT, "1"))));
        assertThatThrownBy(() -> renderer.render(badHeader, List.of())).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("matches[0].conditions[1].name: \"x canary\"");
    }

    @Test
    @DisplayName("upper-case header names are written in lower case, as Kuma requires, and read back so")
    void headerNamesAreLowerCased() {
        KumaMeshRenderer renderer = KumaFlavour.MESH_HTTP_ROUTE_V3.renderer();
        TrafficSplit upper = TrafficSplit.canary(1).withMatches(List.of(RouteMatch.toCanary(MatchCondition.header("X-Canary", Operator.PREFIX, "A"))));
        TrafficSplit lower = TrafficSplit.canary(1).withMatches(List.of(RouteMatch.toCanary(MatchCondition.header("x-canary", Operator.PREFIX, "A"))));
        assertThat(renderer.parse(renderer.render(upper, List.of()))).contains(lower);
    }

    static Stream<Arguments> handEdits() {
        String rules = "/spec/to/0/rules";
        return Stream.of(
                edit("weights not summing to 100", rules + "/1/default/backendRefs/0", n -> n.put("weight", 50), "must hold whole-percent weights summing to 100"),
                edit("a backend that is no track", rules + "/1/default/backendRefs/1/tags", n -> n.put("version", "v9"), "must be one of the tracks"),
                edit("a track named twice", rules + "/1/default/backendRefs/1/tags", n -> n.put("version", "stable"), "names the stable track a second time"),
                edit("a negative weight", rules + "/1/default/backendRefs/0", n -> n.put("weight", -1), "must be a non-negative integer weight"),
                edit("a filter of another type", rules + "/1/default/filters/0", n -> n.put("type", "RequestHeaderModifier"), "must be RequestMirror"),
                edit("a mirror percentage with decimals", rules + "/1/default/filters/0/requestMirror", n -> n.put("percentage", "12.5"), "must be a whole percent"),
                edit("a mirror to the stable track", rules + "/1/default/filters/0/requestMirror/backendRef/tags", n -> n.put("version", "stable"), "must be the canary"),
                edit("a method match", rules + "/0/matches/0", n -> n.put("method", "GET"), "matches[0].method"),
                edit("another path", rules + "/0/matches/0/path", n -> n.put("value", "/api"), "must be {type: PathPrefix, value: /}"),
                edit("a Present header match", rules + "/0/matches/0/headers/0", n -> n.put("type", "Present"), "must be Exact, Prefix or RegularExpression"),
                edit("two alternatives in one rule", rules + "/0", n -> ((ArrayNode) n.get("matches")).add(n.get("matches").get(0)), "must hold exactly one match"),
                edit("a match rule with two backends", rules + "/0/default", n -> ((ArrayNode) n.get("backendRefs")).add(n.get("backendRefs").get(0)), "must name exactly one track"),
                edit("no catch-all rule", "/spec/to/0", n -> ((ArrayNode) n.get("rules")).remove(1), "must end with a catch-all rule"),
                edit("two catch-all rules", "/spec/to/0", n -> ((ArrayNode) n.get("rules")).add(n.get("rules").get(1)), "is a second catch-all rule"),
                edit("rules that are not a list", "/spec/to/0", n -> n.put("rules", "none"), "must be a list"));
    }

    private static Arguments edit(String name, String pointer, Consumer<ObjectNode> change, String message) {
        return Arguments.of(name, pointer, change, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handEdits")
    @DisplayName("a MeshHTTPRoute edited into a shape Stepwise does not write cannot be read as a split")
    void handEditedMeshHttpRouteIsRefused(String name, String pointer, Consumer<ObjectNode> change, String message) {
        KumaMeshRenderer renderer = KumaFlavour.MESH_HTTP_ROUTE_SUBSETS.renderer();
        ObjectNode tree = renderer.render(AB.withMirror(10), List.of()).get(0).json();
        change.accept((ObjectNode) tree.at(pointer));
        assertThatThrownBy(() -> renderer.parse(List.of(Manifest.of(tree)))).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(message).hasMessageContaining("edited into a shape Stepwise does not write");
    }

    static Stream<Arguments> trafficRouteEdits() {
        return Stream.of(
                edit("another destination service", "/spec/destinations/0/match", n -> n.put("kuma.io/service", "x_test_svc_1"), "spec.destinations"),
                edit("a split entry of no track", "/spec/conf/split/1/destination", n -> n.put("version", "v9"), "spec.conf.split[1].destination"),
                edit("an extra field in a split entry", "/spec/conf/split/0", n -> n.put("priority", 1), "spec.conf.split[0].priority"),
                edit("weights not summing to 100", "/spec/conf/split/0", n -> n.put("weight", 1), "must hold whole-percent weights summing to 100"),
                edit("no split", "/spec/conf", n -> n.remove("split"), "spec.conf.split"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trafficRouteEdits")
    @DisplayName("a TrafficRoute edited into a shape Stepwise does not write cannot be read as a split")
    void handEditedTrafficRouteIsRefused(String name, String pointer, Consumer<ObjectNode> change, String message) {
        KumaMeshRenderer renderer = KumaFlavour.TRAFFIC_ROUTE.renderer();
        ObjectNode tree = renderer.render(TrafficSplit.canary(10), List.of()).get(0).json();
        change.accept((ObjectNode) tree.at(pointer));
        assertThatThrownBy(() -> renderer.parse(List.of(Manifest.of(tree)))).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(message);
    }

    @Test
    @DisplayName("the defaults the API server fills in (weight 1, header type Exact, percentage as a string) read back as the same split")
    void serverDefaultsReadBack() {
        KumaMeshRenderer renderer = KumaFlavour.MESH_HTTP_ROUTE_SUBSETS.renderer();
        TrafficSplit split = AB.withMirror(20);
        ObjectNode tree = renderer.render(split, List.of()).get(0).json();
        ((ObjectNode) tree.at("/spec/to/0/rules/0/default/backendRefs/0")).put("weight", 1);
        ((ObjectNode) tree.at("/spec/to/0/rules/0/matches/0/headers/0")).remove("type");
        ((ObjectNode) tree.at("/spec/to/0/rules/1/default/filters/0/requestMirror")).put("percentage", "20");
        ((ObjectNode) tree.at("/spec/to/0/rules/1/default/filters/0/requestMirror/backendRef")).put("weight", 1);
        assertThat(renderer.parse(List.of(Manifest.of(tree)))).contains(split);
    }

    @Test
    @DisplayName("a mirror filter without a percentage mirrors everything, as in Kuma")
    void mirrorWithoutPercentageIsEverything() {
        KumaMeshRenderer renderer = KumaFlavour.MESH_HTTP_ROUTE_V3.renderer();
        ObjectNode tree = renderer.render(TrafficSplit.canary(10).withMirror(30), List.of()).get(0).json();
        ((ObjectNode) tree.at("/spec/to/0/rules/0/default/filters/0/requestMirror")).remove("percentage");
        assertThat(renderer.parse(List.of(Manifest.of(tree)))).contains(TrafficSplit.canary(10).withMirror(100));
    }
}
