package dev.stepwise.mesh.istio;

import static dev.stepwise.traffic.MatchCondition.Operator.EXACT;
import static dev.stepwise.traffic.MatchCondition.Operator.PREFIX;
import static dev.stepwise.traffic.MatchCondition.Operator.REGEX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the renderer writes for a service without Istio resources yet, to the byte. */
class IstioMeshRendererTest {

    private static final RouteTarget WITH_PORT = RouteTarget.builder("shop", "podinfo").port(9898).build();
    private static final RouteTarget NO_PORT = RouteTarget.of("shop", "podinfo");

    private static final String DESTINATION_RULE = """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: podinfo
              namespace: shop
            spec:
              host: podinfo
              subsets:
              - name: stable
                labels:
                  version: stable
              - name: canary
                labels:
                  version: canary
              - name: baseline
                labels:
                  version: baseline
            """;

    @Test
    void aCanaryAtTenPercentWithAPortIsADestinationRuleAndAWeightedRoute() {
        List<Manifest> rendered = IstioMeshRenderer.of(WITH_PORT).render(TrafficSplit.canary(10), List.of());

        assertThat(rendered.get(0).toYaml()).isEqualTo(DESTINATION_RULE);
        assertThat(rendered.get(1).toYaml()).isEqualTo("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: podinfo
                  namespace: shop
                spec:
                  hosts:
                  - podinfo
                  http:
                  - name: stepwise
                    route:
                    - destination:
                        host: podinfo
                        subset: stable
                        port:
                          number: 9898
                      weight: 90
                    - destination:
                        host: podinfo
                        subset: canary
                        port:
                          number: 9898
                      weight: 10
                """);
    }

    @Test
    void headerAndCookieMatchesAreRoutesBeforeTheWeightedOneInTheirOrder() {
        TrafficSplit split = TrafficSplit.allStable().withMatches(List.of(
                RouteMatch.toCanary(MatchCondition.header("x-user", EXACT, "tester")),
                RouteMatch.toCanary(MatchCondition.cookie("canary", EXACT, "always"),
                        MatchCondition.header("x-region", PREFIX, "eu-")),
                new RouteMatch(List.of(MatchCondition.header("x-build", REGEX, "b[0-9]+")), Track.BASELINE)));

        Manifest virtualService = IstioMeshRenderer.of(NO_PORT).render(split, List.of()).get(1);

        assertThat(virtualService.toYaml()).endsWith("""
                  http:
                  - name: stepwise-match-0
                    match:
                    - headers:
                        x-user:
                          exact: tester
                    route:
                    - destination:
                        host: podinfo
                        subset: canary
                  - name: stepwise-match-1
                    match:
                    - headers:
                        cookie:
                          regex: ^(.*?;\\s*)?(canary=always)(;.*)?$
                        x-region:
                          prefix: eu-
                    route:
                    - destination:
                        host: podinfo
                        subset: canary
                  - name: stepwise-match-2
                    match:
                    - headers:
                        x-build:
                          regex: "b[0-9]+"
                    route:
                    - destination:
                        host: podinfo
                        subset: baseline
                  - name: stepwise
                    route:
                    - destination:
                        host: podinfo
                        subset: stable
                      weight: 100
                    - destination:
                        host: podinfo
                        subset: canary
                      weight: 0
                """);
    }

    @Test
    void aMirrorCopiesToTheCanarySubsetAtItsPercentage() {
        Manifest virtualService = IstioMeshRenderer.of(WITH_PORT)
                .render(TrafficSplit.allStable().withMirror(25), List.of()).get(1);

        assertThat(virtualService.toYaml()).endsWith("""
                      weight: 0
                    mirror:
                      host: podinfo
                      subset: canary
                      port:
                        number: 9898
                    mirrorPercentage:
                      value: 25
                """);
    }

    @Test
    void theBaselineIsADestinationOnlyWhileItHasWeight() {
        IstioMeshRenderer renderer = IstioMeshRenderer.of(NO_PORT);

        Manifest withBaseline = renderer.render(TrafficSplit.canaryWithBaseline(5), List.of()).get(1);
        Manifest withoutBaseline = renderer.render(TrafficSplit.canary(5), List.of()).get(1);

        assertThat(withBaseline.at("/spec/http/0/route").toString()).isEqualTo("[{\"destination\":{\"host\":"
                + "\"podinfo\",\"subset\":\"stable\"},\"weight\":90},{\"destination\":{\"host\":\"podinfo\",\"subset\":"
                + "\"canary\"},\"weight\":5},{\"destination\":{\"host\":\"podinfo\",\"subset\":\"baseline\"},\"weight\":5}]");
        assertThat(withoutBaseline.at("/spec/http/0/route").size()).isEqualTo(2);
    }

    @Test
    void theOptionsNameTheResourcesHostsGatewaysSubsetsAndApiVersion() {
        RouteTarget target = RouteTarget.builder("shop", "podinfo").routeName("canary-route").versionLabel("app.kubernetes.io/version")
                .version(Track.STABLE, "v1").version(Track.CANARY, "v2").version(Track.BASELINE, "v1-baseline").build();
        IstioMeshRenderer renderer = IstioMeshRenderer.builder(target).apiVersion(IstioMeshRenderer.V1BETA1_API_VERSION)
                .virtualServiceName("podinfo-routes").destinationRuleName("podinfo-subsets")
                .hosts(List.of("podinfo.example.com")).gateways(List.of("istio-system/public", "mesh"))
                .subset(Track.STABLE, "primary").build();

        List<Manifest> rendered = renderer.render(TrafficSplit.canary(30), List.of());

        assertThat(rendered).extracting(Manifest::ref).containsExactlyElementsOf(renderer.resources());
        assertThat(rendered.get(1).toYaml()).startsWith("""
                apiVersion: networking.istio.io/v1beta1
                kind: VirtualService
                metadata:
                  name: podinfo-routes
                  namespace: shop
                spec:
                  hosts:
                  - podinfo.example.com
                  gateways:
                  - istio-system/public
                  - mesh
                  http:
                  - name: canary-route
                    route:
                    - destination:
                        host: podinfo
                        subset: primary
                """);
        assertThat(rendered.get(0).at("/spec/subsets").toString()).isEqualTo("[{\"name\":\"primary\",\"labels\":"
                + "{\"app.kubernetes.io/version\":\"v1\"}},{\"name\":\"canary\",\"labels\":{\"app.kubernetes.io/version\":"
                + "\"v2\"}},{\"name\":\"baseline\",\"labels\":{\"app.kubernetes.io/version\":\"v1-baseline\"}}]");
    }

    @Test
    void theDestinationRuleComesFirstSoSubsetsExistBeforeRoutesUseThem() {
        assertThat(IstioMeshRenderer.of(NO_PORT).resources()).containsExactly(
                new ResourceRef("networking.istio.io/v1", "DestinationRule", "shop", "podinfo"),
                new ResourceRef("networking.istio.io/v1", "VirtualService", "shop", "podinfo"));
    }

    @Test
    void itRoutesByWeightAtAnyWholePercentByHeaderAndCookieAndMirrors() {
        assertThat(IstioMeshRenderer.of(NO_PORT).capabilities()).isEqualTo(new RouterCapabilities(true, true, true, 1));
    }

    @Test
    void itsDescriptionNamesResourcesRouteHostsAndSubsets() {
        assertThat(IstioMeshRenderer.of(WITH_PORT)).hasToString("IstioMeshRenderer[networking.istio.io/v1 VirtualService"
                + " shop/podinfo (route stepwise, hosts [podinfo], gateways mesh), DestinationRule shop/podinfo (host"
                + " podinfo:9898, subsets stable = version:stable, canary = version:canary, baseline = version:baseline)]");
    }
}
