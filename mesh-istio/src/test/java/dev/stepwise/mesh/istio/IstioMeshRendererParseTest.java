package dev.stepwise.mesh.istio;

import static dev.stepwise.traffic.MatchCondition.Operator.EXACT;
import static dev.stepwise.traffic.MatchCondition.Operator.PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading a split back: nothing when the routing is not set up, a clear error when it was edited by hand. */
class IstioMeshRendererParseTest {

    private static final IstioMeshRenderer RENDERER = IstioMeshRenderer.of(IstioFixtures.TARGET);
    /** Rendered: http[0] the match route, http[1] the weighted route with a mirror. */
    private static final List<Manifest> RENDERED = RENDERER.render(TrafficSplit.canary(10).withMirror(20).withMatches(
            List.of(RouteMatch.toCanary(MatchCondition.header("x-canary", EXACT, "on")))), List.of());
    private static final int RULE = 0;
    private static final int SERVICE = 1;

    @Test
    void nothingIsReadWhenAResourceOrTheWeightedRouteIsMissing() {
        Manifest onlyUserRoutes = edit(RENDERED.get(SERVICE), vs -> ((ArrayNode) vs.at("/spec/http")).remove(1));
        Manifest noHttp = edit(RENDERED.get(SERVICE), vs -> ((ObjectNode) vs.get("spec")).remove("http"));

        assertThat(RENDERER.parse(List.of())).isEmpty();
        assertThat(RENDERER.parse(List.of(RENDERED.get(RULE)))).isEmpty();
        assertThat(RENDERER.parse(List.of(RENDERED.get(SERVICE)))).isEmpty();
        assertThat(RENDERER.parse(List.of(RENDERED.get(RULE), onlyUserRoutes))).isEmpty();
        assertThat(RENDERER.parse(List.of(RENDERED.get(RULE), noHttp))).isEmpty();
        assertThat(RENDERER.parse(IstioFixtures.userResources().subList(0, 1))).isEmpty();
    }

    @Test
    void nothingIsReadWhenATrackSubsetIsMissingSoThatTheRoutingIsSetUpAgain() {
        Manifest noBaseline = edit(RENDERED.get(RULE), dr -> ((ArrayNode) dr.at("/spec/subsets")).remove(2));

        assertThat(RENDERER.parse(List.of(noBaseline, RENDERED.get(SERVICE)))).isEmpty();
    }

    @Test
    void resourcesOfOtherNamesOrNamespacesAreIgnored() {
        Manifest elsewhere = edit(RENDERED.get(SERVICE), vs -> vs.with("metadata").put("namespace", "other"));

        assertThat(RENDERER.parse(List.of(RENDERED.get(RULE), elsewhere))).isEmpty();
    }

    static Stream<Arguments> handEdits() {
        return Stream.of(
                edit("a weight that is not whole", SERVICE, "/spec/http/1/route/0",
                        n -> n.put("weight", 89.5), "spec.http[1].route[0].weight: 89.5 must be a whole number between 0 and 100"),
                edit("weights not summing to 100", SERVICE, "/spec/http/1/route/0",
                        n -> n.put("weight", 80), "spec.http[1].route: "),
                edit("another subset", SERVICE, "/spec/http/1/route/1/destination",
                        n -> n.put("subset", "blue"), "must be one of the track subsets [stable, canary, baseline]"),
                edit("another host", SERVICE, "/spec/http/1/route/1/destination",
                        n -> n.put("host", "other"), "spec.http[1].route[1].destination.host: \"other\" must be \"podinfo\""),
                edit("another port", SERVICE, "/spec/http/1/route/1/destination/port",
                        n -> n.put("number", 80), "destination.port.number: 80 must be 9898"),
                edit("a track twice", SERVICE, "/spec/http/1/route/1/destination",
                        n -> n.put("subset", "stable"), "must name each track's subset once"),
                edit("a field added to the weighted route", SERVICE, "/spec/http/1",
                        n -> n.put("timeout", "5s"), "must hold only [mirror, mirrorPercentage, name, route], not [timeout]"),
                edit("a mirror without a percentage", SERVICE, "/spec/http/1",
                        n -> n.remove("mirrorPercentage"), "spec.http[1].mirrorPercentage: missing must be set together with mirror"),
                edit("a mirror to the stable subset", SERVICE, "/spec/http/1/mirror",
                        n -> n.put("subset", "stable"), "must be the canary subset \"canary\""),
                edit("a fractional mirror percentage", SERVICE, "/spec/http/1/mirrorPercentage",
                        n -> n.put("value", 12.5), "mirrorPercentage.value: 12.5 must be a whole number between 1 and 100"),
                editList("a second match on an A/B route", SERVICE, "/spec/http/0/match",
                        n -> n.addObject().putObject("headers").putObject("x-b").put("exact", "1"),
                        "spec.http[0].match: "),
                edit("a weight on an A/B route", SERVICE, "/spec/http/0/route/0",
                        n -> n.put("weight", 100), "must hold only [destination], not [weight]"),
                edit("a presence-only header match", SERVICE, "/spec/http/0/match/0/headers",
                        n -> n.putObject("x-canary"), "must hold exactly one of exact, prefix, regex"),
                edit("an invalid header regex", SERVICE, "/spec/http/0/match/0/headers",
                        n -> n.putObject("x-canary").put("regex", "(("), "must be a valid header condition"),
                edit("a cookie header matched exactly", SERVICE, "/spec/http/0/match/0/headers",
                        n -> n.putObject("cookie").put("exact", "canary=always"), "must be a cookie condition in the form Stepwise writes"),
                edit("a cookie regex of another form", SERVICE, "/spec/http/0/match/0/headers",
                        n -> n.putObject("cookie").put("regex", ".*canary=always.*"), "must be a cookie condition in the form Stepwise writes"),
                editList("an A/B route after the weighted one", SERVICE, "/spec/http",
                        n -> n.add(n.remove(0)),
                        "spec.http[1].name: \"stepwise-match-0\" must come before the route \"stepwise\""),
                editList("two weighted routes", SERVICE, "/spec/http",
                        n -> n.add(n.get(1).deepCopy()), "spec.http[2].name: \"stepwise\" must be unique"),
                edit("a track subset with other labels", RULE, "/spec/subsets/1/labels",
                        n -> n.put("version", "v2"), "DestinationRule shop/podinfo spec.subsets[canary].labels: {\"version\":\"v2\"}"
                                + " must be {\"version\":\"canary\"}"),
                edit("a rule for another host", RULE, "/spec",
                        n -> n.put("host", "other"), "DestinationRule shop/podinfo spec.host: \"other\" must be \"podinfo\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handEdits")
    void aHandEditedRouteOrSubsetIsAnErrorNamingWhereAndWhat(String name, int resource, String pointer,
                                                             Consumer<JsonNode> change, String message) {
        List<Manifest> edited = new ArrayList<>(RENDERED);
        edited.set(resource, edit(RENDERED.get(resource), tree -> change.accept(tree.at(pointer))));

        assertThatThrownBy(() -> RENDERER.parse(edited)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(message).hasMessageContaining("remove it to let Stepwise write it again");
    }

    @Test
    void anErrorNamesTheResource() {
        Manifest edited = edit(RENDERED.get(SERVICE), vs -> ((ObjectNode) vs.at("/spec/http/1/route/0")).put("weight", -1));

        assertThatThrownBy(() -> RENDERER.parse(List.of(RENDERED.get(RULE), edited)))
                .hasMessageStartingWith("VirtualService shop/podinfo spec.http[1].route[0].weight: -1 must be");
    }

    @Test
    void theSubsetsReferencedAreLookedUpByTheConfiguredNames() {
        IstioMeshRenderer renamed = IstioMeshRenderer.builder(IstioFixtures.TARGET).subset(
                Track.STABLE, "primary").build();
        TrafficSplit split = TrafficSplit.canary(40);

        assertThat(renamed.parse(renamed.render(split, List.of()))).contains(split);
        assertThatThrownBy(() -> renamed.parse(RENDERED)).hasMessageContaining("[primary, canary, baseline]");
    }

    static Stream<Arguments> splitsIstioCannotHold() {
        return Stream.of(
                Arguments.of("an upper-case header name", RouteMatch.toCanary(MatchCondition.header("X-Canary", EXACT, "on")),
                        "matches[0].conditions[0].name: \"X-Canary\" must be lower case"),
                Arguments.of("a header condition on the cookie header",
                        RouteMatch.toCanary(MatchCondition.header("cookie", PREFIX, "a=")), "use a cookie condition"),
                Arguments.of("two cookie conditions", RouteMatch.toCanary(MatchCondition.cookie("a", EXACT, "1"),
                        MatchCondition.cookie("b", EXACT, "2")), "matches[0].conditions[1]: cookie b exact \"2\" cannot be"
                        + " routed by Istio: a match holds one condition per header"),
                Arguments.of("two conditions on one header", RouteMatch.toCanary(MatchCondition.header("x-a", PREFIX, "1"),
                        MatchCondition.header("x-a", PREFIX, "12")), "the second on \"x-a\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splitsIstioCannotHold")
    void aMatchIstioCannotHoldIsRefusedBeforeAnythingIsWritten(String name, RouteMatch match, String message) {
        TrafficSplit split = TrafficSplit.allStable().withMatches(List.of(match));

        assertThatThrownBy(() -> RENDERER.render(split, List.of())).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aUserVirtualServiceWhoseHttpIsNotAListIsAnError() {
        Manifest broken = edit(RENDERED.get(SERVICE), vs -> ((ObjectNode) vs.get("spec")).put("http", "none"));

        assertThatThrownBy(() -> RENDERER.render(TrafficSplit.allStable(), List.of(broken)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("spec.http: \"none\" must be a list");
    }

    private static Arguments edit(String name, int resource, String pointer, Consumer<ObjectNode> change, String message) {
        Consumer<JsonNode> onObject = node -> change.accept((ObjectNode) node);
        return Arguments.of(name, resource, pointer, onObject, message);
    }

    private static Arguments editList(String name, int resource, String pointer, Consumer<ArrayNode> change, String message) {
        Consumer<JsonNode> onList = node -> change.accept((ArrayNode) node);
        return Arguments.of(name, resource, pointer, onList, message);
    }

    private static Manifest edit(Manifest manifest, Consumer<ObjectNode> change) {
        ObjectNode tree = manifest.json();
        change.accept(tree);
        return Manifest.of(tree);
    }
}
