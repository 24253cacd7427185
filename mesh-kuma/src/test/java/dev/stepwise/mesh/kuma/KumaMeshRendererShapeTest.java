package dev.stepwise.mesh.kuma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.TrafficSplit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The exact resources each API gets, key order included (it is kept stable so diffs show only changes). */
class KumaMeshRendererShapeTest {

    private static final TrafficSplit AB_AND_MIRROR = TrafficSplit.canary(10).withMirror(20).withMatches(List.of(
            RouteMatch.toCanary(MatchCondition.header("X-Canary", Operator.EXACT, "always")),
            RouteMatch.toCanary(MatchCondition.cookie("canary", Operator.PREFIX, "yes"))));

    static Stream<Arguments> canaryAt10Percent() {
        return Stream.of(
                Arguments.of(KumaFlavour.MESH_HTTP_ROUTE_SUBSETS, meshHttpRoute("""
                          - targetRef:
                              kind: MeshService
                              name: podinfo_test_svc_9898
                        """, """
                                - kind: MeshServiceSubset
                                  name: podinfo_test_svc_9898
                                  tags:
                                    version: stable
                                  weight: 90
                                - kind: MeshServiceSubset
                                  name: podinfo_test_svc_9898
                                  tags:
                                    version: canary
                                  weight: 10
                        """)),
                Arguments.of(KumaFlavour.MESH_HTTP_ROUTE_SERVICES, meshHttpRoute("""
                          - targetRef:
                              kind: MeshService
                              name: podinfo
                              namespace: test
                        """, """
                                - kind: MeshService
                                  name: podinfo-primary
                                  namespace: test
                                  port: 9898
                                  weight: 90
                                - kind: MeshService
                                  name: podinfo-canary
                                  namespace: test
                                  port: 9898
                                  weight: 10
                        """)),
                Arguments.of(KumaFlavour.MESH_HTTP_ROUTE_V3, meshHttpRoute("""
                          - targetRef:
                              kind: MeshService
                              labels:
                                kuma.io/display-name: podinfo
                                k8s.kuma.io/namespace: test
                        """, """
                                - kind: MeshService
                                  labels:
                                    kuma.io/display-name: podinfo-primary
                                    k8s.kuma.io/namespace: test
                                  port: 9898
                                  weight: 90
                                - kind: MeshService
                                  labels:
                                    kuma.io/display-name: podinfo-canary
                                    k8s.kuma.io/namespace: test
                                  port: 9898
                                  weight: 10
                        """)),
                Arguments.of(KumaFlavour.TRAFFIC_ROUTE, """
                        apiVersion: kuma.io/v1alpha1
                        kind: TrafficRoute
                        mesh: default
                        metadata:
                          name: podinfo-test-stepwise
                        spec:
                          sources:
                          - match:
                              kuma.io/service: '*'
                          destinations:
                          - match:
                              kuma.io/service: podinfo_test_svc_9898
                          conf:
                            split:
                            - weight: 90
                              destination:
                                kuma.io/service: podinfo_test_svc_9898
                                version: stable
                            - weight: 10
                              destination:
                                kuma.io/service: podinfo_test_svc_9898
                                version: canary
                        """));
    }

    private static String meshHttpRoute(String entry, String backendRefs) {
        return """
                apiVersion: kuma.io/v1alpha1
                kind: MeshHTTPRoute
                metadata:
                  name: podinfo-stepwise
                  namespace: test
                  labels:
                    kuma.io/mesh: default
                spec:
                  targetRef:
                    kind: Mesh
                  to:
                """ + entry + """
                    rules:
                    - matches:
                      - path:
                          type: PathPrefix
                          value: /
                      default:
                        backendRefs:
                """ + backendRefs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("canaryAt10Percent")
    @DisplayName("a canary at 10% on port 9898 is one catch-all rule with weighted backends")
    void canaryAt10Percent(KumaFlavour flavour, String yaml) {
        assertThat(flavour.renderer().render(TrafficSplit.canary(10), List.of()).get(0).toYaml()).isEqualTo(yaml);
    }

    @Test
    @DisplayName("2.14 subsets: A/B matches come first, each to one subset; the mirror filter sits on the catch-all")
    void abMatchesAndMirrorWithSubsets() {
        assertThat(KumaFlavour.MESH_HTTP_ROUTE_SUBSETS.renderer().render(AB_AND_MIRROR, List.of()).get(0).toYaml())
                .isEqualTo("""
                apiVersion: kuma.io/v1alpha1
                kind: MeshHTTPRoute
                metadata:
                  name: podinfo-stepwise
                  namespace: test
                  labels:
                    kuma.io/mesh: default
                spec:
                  targetRef:
                    kind: Mesh
                  to:
                  - targetRef:
                      kind: MeshService
                      name: podinfo_test_svc_9898
                    rules:
                    - matches:
                      - path:
                          type: PathPrefix
                          value: /
                        headers:
                        - name: x-canary
                          type: Exact
                          value: always
                      default:
                        backendRefs:
                        - kind: MeshServiceSubset
                          name: podinfo_test_svc_9898
                          tags:
                            version: canary
                    - matches:
                      - path:
                          type: PathPrefix
                          value: /
                        headers:
                        - name: cookie
                          type: RegularExpression
                          value: "^(?:.*;\\\\s*)?canary=yes[^;]*(?:;.*)?$"
                      default:
                        backendRefs:
                        - kind: MeshServiceSubset
                          name: podinfo_test_svc_9898
                          tags:
                            version: canary
                    - matches:
                      - path:
                          type: PathPrefix
                          value: /
                      default:
                        filters:
                        - type: RequestMirror
                          requestMirror:
                            backendRef:
                              kind: MeshServiceSubset
                              name: podinfo_test_svc_9898
                              tags:
                                version: canary
                            percentage: 20
                        backendRefs:
                        - kind: MeshServiceSubset
                          name: podinfo_test_svc_9898
                          tags:
                            version: stable
                          weight: 90
                        - kind: MeshServiceSubset
                          name: podinfo_test_svc_9898
                          tags:
                            version: canary
                          weight: 10
                """);
    }

    @Test
    @DisplayName("3.0: matches, mirror and weights reference each track's MeshService by labels")
    void abMatchesAndMirrorOnVersion3() {
        assertThat(KumaFlavour.MESH_HTTP_ROUTE_V3.renderer().render(AB_AND_MIRROR, List.of()).get(0).toYaml())
                .isEqualTo("""
                apiVersion: kuma.io/v1alpha1
                kind: MeshHTTPRoute
                metadata:
                  name: podinfo-stepwise
                  namespace: test
                  labels:
                    kuma.io/mesh: default
                spec:
                  targetRef:
                    kind: Mesh
                  to:
                  - targetRef:
                      kind: MeshService
                      labels:
                        kuma.io/display-name: podinfo
                        k8s.kuma.io/namespace: test
                    rules:
                    - matches:
                      - path:
                          type: PathPrefix
                          value: /
                        headers:
                        - name: x-canary
                          type: Exact
                          value: always
                      default:
                        backendRefs:
                        - kind: MeshService
                          labels:
                            kuma.io/display-name: podinfo-canary
                            k8s.kuma.io/namespace: test
                          port: 9898
                    - matches:
                      - path:
                          type: PathPrefix
                          value: /
                        headers:
                        - name: cookie
                          type: RegularExpression
                          value: "^(?:.*;\\\\s*)?canary=yes[^;]*(?:;.*)?$"
                      default:
                        backendRefs:
                        - kind: MeshService
                          labels:
                            kuma.io/display-name: podinfo-canary
                            k8s.kuma.io/namespace: test
                          port: 9898
                    - matches:
                      - path:
                          type: PathPrefix
                          value: /
                      default:
                        filters:
                        - type: RequestMirror
                          requestMirror:
                            backendRef:
                              kind: MeshService
                              labels:
                                kuma.io/display-name: podinfo-canary
                                k8s.kuma.io/namespace: test
                              port: 9898
                            percentage: 20
                        backendRefs:
                        - kind: MeshService
                          labels:
                            kuma.io/display-name: podinfo-primary
                            k8s.kuma.io/namespace: test
                          port: 9898
                          weight: 90
                        - kind: MeshService
                          labels:
                            kuma.io/display-name: podinfo-canary
                            k8s.kuma.io/namespace: test
                          port: 9898
                          weight: 10
                """);
    }

    @Test
    @DisplayName("the mesh label, version label, route name and Service names follow the configuration")
    void configurationIsWrittenThrough() {
        RouteTarget target = RouteTarget.builder("shop", "cart").port(8080).routeName("canary").versionLabel("app.kubernetes.io/version")
                .version(dev.stepwise.traffic.Track.CANARY, "v2").build();
        String yaml = KumaMeshRenderer.builder(target).mesh("payments").build()
                .render(TrafficSplit.canary(5), List.of()).get(0).toYaml();
        assertThat(yaml).contains("name: cart-canary\n", "namespace: shop\n", "kuma.io/mesh: payments\n",
                "name: cart_shop_svc_8080\n", "app.kubernetes.io/version: v2\n", "app.kubernetes.io/version: stable\n");
        String legacy = KumaMeshRenderer.builder(target).api(KumaApi.TRAFFIC_ROUTE).mesh("payments").build()
                .render(TrafficSplit.canary(5), List.of()).get(0).toYaml();
        assertThat(legacy).contains("mesh: payments\n", "name: cart-shop-canary\n", "app.kubernetes.io/version: v2\n");
    }

    @Test
    @DisplayName("a baseline gets a backend only while it has weight; services without a port have none")
    void baselineAndPortlessServices() {
        RouteTarget portless = RouteTarget.of("test", "podinfo");
        KumaMeshRenderer renderer = KumaMeshRenderer.builder(portless).trackAddressing(TrackAddressing.SERVICES).build();
        String withBaseline = renderer.render(TrafficSplit.canaryWithBaseline(10), List.of()).get(0).toYaml();
        assertThat(withBaseline).contains("name: podinfo-baseline\n").doesNotContain("port");
        String withoutBaseline = renderer.render(TrafficSplit.canary(10), List.of()).get(0).toYaml();
        assertThat(withoutBaseline).doesNotContain("baseline");
    }
}
