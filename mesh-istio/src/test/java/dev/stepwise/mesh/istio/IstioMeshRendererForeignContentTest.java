package dev.stepwise.mesh.istio;

import static dev.stepwise.traffic.MatchCondition.Operator.EXACT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.TrafficSplit;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** A user's own VirtualService and DestinationRule: only Stepwise's routes and subsets change. */
class IstioMeshRendererForeignContentTest {

    private static final IstioMeshRenderer RENDERER = IstioMeshRenderer.of(IstioFixtures.TARGET);
    private static final TrafficSplit SPLIT = TrafficSplit.canary(30)
            .withMatches(List.of(RouteMatch.toCanary(MatchCondition.header("x-canary", EXACT, "on"))));

    @Test
    void everythingOfTheUsersVirtualServiceIsKeptInItsOrderAndOnlyStepwisesRoutesChange() {
        Manifest rendered = RENDERER.render(SPLIT, IstioFixtures.userResources()).get(1);

        String ours = """
                - name: stepwise-match-0
                  match:
                  - headers: {x-canary: {exact: "on"}}
                  route:
                  - destination: {host: podinfo, subset: canary, port: {number: 9898}}
                - name: stepwise
                  route:
                  - destination: {host: podinfo, subset: stable, port: {number: 9898}}
                    weight: 70
                  - destination: {host: podinfo, subset: canary, port: {number: 9898}}
                    weight: 30
                """.indent(2);
        String expected = IstioFixtures.USER_VIRTUAL_SERVICE.replaceFirst(
                "(?s)  - name: stepwise\n.*?(?=  - name: fallback)", Matcher.quoteReplacement(ours));
        assertThat(rendered).isEqualTo(Manifest.parse(expected));
        assertThat(rendered.toYaml()).isEqualTo(Manifest.parse(expected).toYaml());
        assertThat(rendered.resourceVersion()).isEqualTo("4711");
    }

    @Test
    void newRoutesGoAfterTheUsersRoutesSoTheirsKeepPrecedence() {
        Manifest withoutOurs = Manifest.parse("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: podinfo, namespace: shop}
                spec:
                  hosts: [podinfo]
                  http:
                  - name: admin
                    match:
                    - uri: {prefix: /admin}
                    route:
                    - destination: {host: podinfo-admin}
                """);

        Manifest rendered = RENDERER.render(SPLIT, List.of(withoutOurs)).get(1);

        assertThat(rendered.at("/spec/http").findValuesAsText("name")).containsExactly("admin", "stepwise-match-0", "stepwise");
    }

    @Test
    void stepwisesRoutesStayWhereTheyAreAndMatchRoutesComeAndGoJustBeforeTheWeightedOne() {
        List<Manifest> withMatch = RENDERER.render(SPLIT, IstioFixtures.userResources());
        List<Manifest> withoutMatch = RENDERER.render(TrafficSplit.canary(50), withMatch);

        assertThat(withMatch.get(1).at("/spec/http").findValuesAsText("name"))
                .containsExactly("admin", "stepwise-match-0", "stepwise", "fallback");
        assertThat(withoutMatch.get(1).at("/spec/http").findValuesAsText("name"))
                .containsExactly("admin", "stepwise", "fallback");
    }

    @Test
    void theUsersTrafficPolicyAndSubsetAreKeptAndTheTrackSubsetsAdded() {
        Manifest rendered = RENDERER.render(SPLIT, IstioFixtures.userResources()).get(0);

        Manifest expected = Manifest.parse(IstioFixtures.USER_DESTINATION_RULE + """
                  - name: stable
                    labels: {version: stable}
                  - name: canary
                    labels: {version: canary}
                  - name: baseline
                    labels: {version: baseline}
                """);
        assertThat(rendered.toYaml()).isEqualTo(expected.toYaml());
    }

    @Test
    void aTrackSubsetTheUserWroteGetsTheTracksLabelsInPlaceAndKeepsItsOwnTrafficPolicy() {
        Manifest userRule = Manifest.parse("""
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: podinfo, namespace: shop}
                spec:
                  host: podinfo
                  subsets:
                  - name: canary
                    labels: {version: v2, app: podinfo}
                    trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
                  - name: debug
                    labels: {version: debug}
                """);

        Manifest rendered = RENDERER.render(SPLIT, List.of(userRule)).get(0);

        assertThat(rendered.at("/spec/subsets").toString()).isEqualTo("[{\"name\":\"canary\",\"labels\":{\"version\":"
                + "\"canary\"},\"trafficPolicy\":{\"loadBalancer\":{\"simple\":\"ROUND_ROBIN\"}}},{\"name\":\"debug\","
                + "\"labels\":{\"version\":\"debug\"}},{\"name\":\"stable\",\"labels\":{\"version\":\"stable\"}},"
                + "{\"name\":\"baseline\",\"labels\":{\"version\":\"baseline\"}}]");
    }

    @Test
    void aResourceStoredUnderTheOtherApiVersionIsFoundAndWrittenUnderTheRenderersOwn() {
        Manifest v1beta1 = Manifest.parse(IstioFixtures.USER_VIRTUAL_SERVICE
                .replace("networking.istio.io/v1", "networking.istio.io/v1beta1"));

        Manifest rendered = RENDERER.render(SPLIT, List.of(v1beta1)).get(1);

        assertThat(rendered.ref()).isEqualTo(RENDERER.resources().get(1));
        assertThat(rendered.at("/spec/http").findValuesAsText("name")).containsExactly(
                "admin", "stepwise-match-0", "stepwise", "fallback");
        assertThat(rendered.at("/metadata/labels/team").asText()).isEqualTo("checkout");
    }

    @Test
    void aVirtualServiceWithoutHttpRoutesGetsAListForStepwisesAndKeepsItsTcpRoutes() {
        Manifest tcpOnly = Manifest.parse("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: podinfo, namespace: shop}
                spec:
                  hosts: [podinfo]
                  tcp:
                  - route:
                    - destination: {host: podinfo, port: {number: 9000}}
                """);

        Manifest rendered = RENDERER.render(SPLIT, List.of(tcpOnly)).get(1);

        assertThat(rendered.at("/spec/tcp")).isEqualTo(tcpOnly.at("/spec/tcp"));
        assertThat(rendered.at("/spec/http").findValuesAsText("name")).containsExactly("stepwise-match-0", "stepwise");
    }
}
