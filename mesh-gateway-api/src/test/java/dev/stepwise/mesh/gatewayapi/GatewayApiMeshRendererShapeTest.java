package dev.stepwise.mesh.gatewayapi;

import static dev.stepwise.mesh.gatewayapi.HttpRouteFixtures.TARGET;
import static dev.stepwise.mesh.gatewayapi.HttpRouteFixtures.assertValid;
import static dev.stepwise.mesh.gatewayapi.HttpRouteFixtures.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.TrafficSplit;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Gateway API renderer writes exactly")
class GatewayApiMeshRendererShapeTest {

    @Test
    @DisplayName("a canary at 10% in GAMMA mesh mode: the Service as parent, both tracks at the port")
    void canaryInMeshMode() {
        List<Manifest> rendered = GatewayApiMeshRenderer.of(TARGET).render(TrafficSplit.canary(10), List.of());

        assertThat(single(rendered).toYaml()).isEqualTo("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: podinfo
                  namespace: test
                spec:
                  parentRefs:
                  - group: ""
                    kind: Service
                    name: podinfo
                    port: 9898
                  rules:
                  - name: stepwise
                    matches:
                    - path:
                        type: PathPrefix
                        value: /
                    backendRefs:
                    - group: ""
                      kind: Service
                      name: podinfo-primary
                      port: 9898
                      weight: 90
                    - group: ""
                      kind: Service
                      name: podinfo-canary
                      port: 9898
                      weight: 10
                """);
        assertValid(rendered);
    }

    @Test
    @DisplayName("a canary at 10% through Gateways, with hostnames and a named HTTPRoute")
    void canaryThroughGateways() {
        GatewayApiMeshRenderer renderer = GatewayApiMeshRenderer.builder(TARGET).httpRouteName("podinfo-public")
                .gateways(GatewayRef.of("ingress", "public").withSectionName("https"), GatewayRef.of("internal"))
                .hostnames("podinfo.example.com").build();

        List<Manifest> rendered = renderer.render(TrafficSplit.canary(10), List.of());

        assertThat(single(rendered).toYaml()).isEqualTo("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: podinfo-public
                  namespace: test
                spec:
                  parentRefs:
                  - group: gateway.networking.k8s.io
                    kind: Gateway
                    name: public
                    namespace: ingress
                    sectionName: https
                  - group: gateway.networking.k8s.io
                    kind: Gateway
                    name: internal
                  hostnames:
                  - podinfo.example.com
                  rules:
                  - name: stepwise
                    matches:
                    - path:
                        type: PathPrefix
                        value: /
                    backendRefs:
                    - group: ""
                      kind: Service
                      name: podinfo-primary
                      port: 9898
                      weight: 90
                    - group: ""
                      kind: Service
                      name: podinfo-canary
                      port: 9898
                      weight: 10
                """);
        assertValid(rendered);
    }

    @Test
    @DisplayName("A/B matches as named rules before the weighted rule: a header, then a cookie and a header prefix")
    void headerAndCookieMatches() {
        TrafficSplit split = TrafficSplit.allStable().withMatches(List.of(
                RouteMatch.toCanary(MatchCondition.header("x-canary", Operator.EXACT, "insider")),
                RouteMatch.toCanary(MatchCondition.cookie("beta", Operator.EXACT, "yes"),
                        MatchCondition.header("user-agent", Operator.PREFIX, "Mozilla/5.0 (iPhone"))));

        List<Manifest> rendered = GatewayApiMeshRenderer.of(TARGET).render(split, List.of());

        assertThat(single(rendered).at("/spec/rules").toString()).isEqualTo(json("""
                [{'name':'stepwise-match-0',
                  'matches':[{'path':{'type':'PathPrefix','value':'/'},
                              'headers':[{'name':'x-canary','type':'Exact','value':'insider'}]}],
                  'backendRefs':[{'group':'','kind':'Service','name':'podinfo-canary','port':9898,'weight':1}]},
                 {'name':'stepwise-match-1',
                  'matches':[{'path':{'type':'PathPrefix','value':'/'},
                              'headers':[{'name':'Cookie','type':'RegularExpression','value':'^(?:.*;\\\\s*)?beta=yes(?:;.*)?$'},
                                         {'name':'user-agent','type':'RegularExpression','value':'^Mozilla/5\\\\.0 \\\\(iPhone.*$'}]}],
                  'backendRefs':[{'group':'','kind':'Service','name':'podinfo-canary','port':9898,'weight':1}]},
                 {'name':'stepwise',
                  'matches':[{'path':{'type':'PathPrefix','value':'/'}}],
                  'backendRefs':[{'group':'','kind':'Service','name':'podinfo-primary','port':9898,'weight':100},
                                 {'group':'','kind':'Service','name':'podinfo-canary','port':9898,'weight':0}]}]
                """));
        assertValid(rendered);
    }

    @Test
    @DisplayName("a mirror as a RequestMirror filter with percent on the weighted rule; a baseline only while it has weight")
    void mirrorAndBaseline() {
        TrafficSplit split = TrafficSplit.canaryWithBaseline(5).withMirror(50);

        List<Manifest> rendered = GatewayApiMeshRenderer.of(TARGET).render(split, List.of());

        assertThat(single(rendered).at("/spec/rules").toString()).isEqualTo(json("""
                [{'name':'stepwise',
                  'matches':[{'path':{'type':'PathPrefix','value':'/'}}],
                  'filters':[{'type':'RequestMirror',
                              'requestMirror':{'backendRef':{'group':'','kind':'Service','name':'podinfo-canary','port':9898},
                                               'percent':50}}],
                  'backendRefs':[{'group':'','kind':'Service','name':'podinfo-primary','port':9898,'weight':90},
                                 {'group':'','kind':'Service','name':'podinfo-canary','port':9898,'weight':5},
                                 {'group':'','kind':'Service','name':'podinfo-baseline','port':9898,'weight':5}]}]
                """));
        assertValid(rendered);
    }

    /** Compact JSON from readable text: single quotes become double quotes, layout whitespace goes. */
    private static String json(String text) {
        return text.replaceAll("\\s*\\n\\s*", "").replace('\'', '"');
    }
}
