package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.strategy.ABTestStrategy;
import dev.stepwise.tck.crd.CrdSchemaValidator;
import dev.stepwise.traffic.TrafficSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("stepwise render SPEC renders what the spec's strategy writes")
class RenderFromSpecTest {

    private static final CrdSchemaValidator CRDS = CrdSchemaValidator.forCrds(List.of(
            "istio/virtualservices.networking.istio.io.yaml", "istio/destinationrules.networking.istio.io.yaml",
            "kuma/v2.14/kuma.io_meshhttproutes.yaml", "kuma/v2.14/kuma.io_trafficroutes.yaml",
            "gateway-api/gateway.networking.k8s.io_httproutes.yaml"));
    private static final CrdSchemaValidator KUMA_V3 = CrdSchemaValidator.forCrds(List.of(
            "kuma/v3-preview/kuma.io_meshhttproutes.yaml"));
    private static final Path AB_TEST = CliRun.SPECS.resolve("ab-test.yaml");

    @TempDir
    Path dir;

    /** The mesh resources of {@code out}, each checked against its CRD; the Services left out. */
    static List<Manifest> routes(String mesh, String out) {
        List<Manifest> routes = RenderCommandTest.documents(out).stream()
                .filter(m -> !m.ref().kind().equals("Service")).toList();
        for (Manifest route : routes) {
            assertThat((mesh.equals("kuma-v3") ? KUMA_V3 : CRDS).problems(route)).as(route.toYaml()).isEmpty();
        }
        return routes;
    }

    static List<Manifest> services(String out) {
        return RenderCommandTest.documents(out).stream().filter(m -> m.ref().kind().equals("Service")).toList();
    }

    private Path specWith(Path spec, String from, String to) throws IOException {
        String text = Files.readString(spec);
        assertThat(text).contains(from);
        Path file = dir.resolve(spec.getFileName());
        Files.writeString(file, text.replace(from, to));
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"istio", "kuma", "kuma-v3", "gateway-api"})
    @DisplayName("an A/B spec renders its header and cookie matches to the canary, every entry an alternative")
    void anABSpecRendersItsMatches(String mesh) throws IOException {
        CliRun run = CliRun.of("render", AB_TEST, "--mesh", mesh);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("rendering step 1 of 2 (the first that sends traffic to the canary");
        ABTestStrategy strategy = (ABTestStrategy) RolloutSpec.read(AB_TEST).strategy();
        assertThat(strategy.matches()).hasSize(3);
        assertThat(strategy.matches().get(0).conditions()).hasSize(2);
        MeshRenderer renderer = MeshChoice.of(mesh).renderer(RouteTarget.builder("shop", "checkout").port(8080).build());
        assertThat(renderer.parse(routes(mesh, run.out())))
                .contains(TrafficSplit.allStable().withMatches(strategy.matches()));
    }

    @Test
    @DisplayName("for Istio, an A/B entry's conditions are one match and the entries are separate matches")
    void anABSpecOnIstioReadsAsTheSpec() {
        CliRun run = CliRun.of("render", AB_TEST, "--mesh", "istio", "--routes-only");

        assertThat(run.exit()).as(run.err()).isZero();
        String out = run.out();
        // three alternatives to the canary, each its own route, before the weighted route; one entry's conditions ANDed
        assertThat(out).contains("""
                  - name: stepwise-match-0
                    match:
                    - headers:
                        x-canary:
                          exact: insider
                        x-region:
                          prefix: eu-
                    route:
                    - destination:
                        host: checkout
                        subset: canary
                """, """
                  - name: stepwise-match-1
                    match:
                    - headers:
                        cookie:
                          regex: ^(.*?;\\s*)?(canary=\
                """, """
                  - name: stepwise-match-2
                    match:
                    - headers:
                        user-agent:
                          regex: .*Firefox.*
                """);
    }

    @Test
    @DisplayName("for Gateway API and Kuma, an A/B entry's conditions are one match of a rule to the canary")
    void anABSpecOnGatewayApiAndKumaReadsAsTheSpec() {
        CliRun gatewayApi = CliRun.of("render", AB_TEST, "--mesh", "gateway-api", "--routes-only");
        CliRun kuma = CliRun.of("render", AB_TEST, "--mesh", "kuma", "--routes-only");

        assertThat(gatewayApi.out()).contains("""
                  - name: stepwise-match-0
                    matches:
                    - path:
                        type: PathPrefix
                        value: /
                      headers:
                      - name: x-canary
                        type: Exact
                        value: insider
                      - name: x-region
                        type: RegularExpression
                        value: ^eu-.*$
                    backendRefs:
                    - group: ""
                      kind: Service
                      name: checkout-canary
                """, """
                      - name: Cookie
                        type: RegularExpression
                        value: ^(?:.*;\\s*)?canary=\
                """, """
                      - name: user-agent
                        type: RegularExpression
                        value: ^(?:.*Firefox.*)$
                """);
        assertThat(kuma.out()).contains("""
                        headers:
                        - name: x-canary
                          type: Exact
                          value: insider
                        - name: x-region
                          type: Prefix
                          value: eu-
                      default:
                        backendRefs:
                        - kind: MeshServiceSubset
                          name: checkout_shop_svc_8080
                          tags:
                            version: canary
                """, """
                        - name: cookie
                          type: RegularExpression
                          value: ^(?:.*;\\s*)?canary=\
                """, """
                        - name: user-agent
                          type: RegularExpression
                          value: .*Firefox.*
                """);
    }

    @Test
    @DisplayName("an A/B spec whose provider is kuma renders a MeshHTTPRoute with the spec's port and its track Services")
    void anABSpecOnItsOwnProvider() {
        CliRun run = CliRun.of("render", AB_TEST);

        assertThat(run.exit()).as(run.err()).isZero();
        List<Manifest> routes = routes("kuma", run.out());
        assertThat(routes).extracting(m -> m.ref().kind()).containsExactly("MeshHTTPRoute");
        assertThat(run.out()).contains("x-region", "Firefox", "canary");
        assertThat(services(run.out())).extracting(m -> m.ref().name()).containsExactly("checkout-primary", "checkout-canary");
        assertThat(services(run.out()).get(0).at("/spec/ports/0/port").asInt()).isEqualTo(8080);
    }

    @Test
    @DisplayName("a mesh that cannot match requests refuses an A/B spec with the reason, in the spec's words")
    void aMeshWithoutMatchesRefusesAnABSpec() {
        CliRun run = CliRun.of("render", AB_TEST, "--mesh", "kuma-legacy");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("cannot run on kuma-legacy: router cannot match requests by header or cookie")
                .contains("x-canary");
    }

    @Test
    @DisplayName("an A/B match a mesh cannot express is refused naming the spec's match entry")
    void anInexpressibleMatchNamesTheSpecPath() throws IOException {
        Path spec = specWith(AB_TEST, "x-canary:", "X-Canary:");

        CliRun run = CliRun.of("render", spec, "--mesh", "istio");

        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.err()).contains("cannot render for istio: spec.strategy.abTest.match[0]: ")
                .contains("lower case").doesNotContain("matches[");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"istio", "kuma", "kuma-v3", "gateway-api"})
    @DisplayName("a canary with mirror: true renders its mirror step by default, and its first weight at --step 2")
    void aMirroringCanaryRendersItsMirrorStep(String mesh) throws IOException {
        Path spec = specWith(CliRun.CANARY, "mirror: false", "mirror: true");
        MeshRenderer renderer = MeshChoice.of(mesh).renderer(RouteTarget.builder("test", "podinfo").port(9898).build());

        CliRun mirror = CliRun.of("render", spec, "--mesh", mesh);
        CliRun second = CliRun.of("render", spec, "--mesh", mesh, "--step", 2);

        assertThat(mirror.exit()).as(mirror.err()).isZero();
        assertThat(renderer.parse(routes(mesh, mirror.out()))).contains(TrafficSplit.allStable().withMirror(100));
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.err()).contains("rendering step 2 of ");
        assertThat(renderer.parse(routes(mesh, second.out()))).contains(TrafficSplit.canary(10));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"istio", "kuma", "kuma-v3", "gateway-api"})
    @DisplayName("a canary with baseline: true renders the three-way split and the baseline's Service")
    void aBaselineCanaryRendersTheThreeWaySplit(String mesh) throws IOException {
        Path spec = specWith(CliRun.CANARY, "baseline: false", "baseline: true");
        MeshRenderer renderer = MeshChoice.of(mesh).renderer(RouteTarget.builder("test", "podinfo").port(9898).build());

        CliRun run = CliRun.of("render", spec, "--mesh", mesh);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(renderer.parse(routes(mesh, run.out()))).contains(TrafficSplit.canaryWithBaseline(10));
        assertThat(services(run.out())).extracting(m -> m.ref().name())
                .containsExactly("podinfo-primary", "podinfo-canary", "podinfo-baseline");
    }

    @Test
    @DisplayName("the track Services carry the spec's port, targetPort and portName and select each track's Deployment")
    void trackServicesAsTheSpecSays() {
        CliRun run = CliRun.of("render", CliRun.CANARY);

        assertThat(run.exit()).as(run.err()).isZero();
        List<Manifest> services = services(run.out());
        assertThat(services).extracting(m -> m.ref().toString()).hasSize(2);
        String[] apps = {"podinfo-primary", "podinfo"};
        for (int i = 0; i < 2; i++) {
            Manifest service = services.get(i);
            assertThat(service.ref().apiVersion()).isEqualTo("v1");
            assertThat(service.ref().namespace()).isEqualTo("test");
            assertThat(service.at("/spec/selector").toString()).isEqualTo("{\"app\":\"" + apps[i] + "\"}");
            assertThat(service.at("/spec/ports").toString())
                    .isEqualTo("[{\"name\":\"http\",\"port\":9898,\"protocol\":\"TCP\",\"targetPort\":\"http\"}]");
        }
        assertThat(services).extracting(m -> m.ref().name()).containsExactly("podinfo-primary", "podinfo-canary");
    }

    @Test
    @DisplayName("--routes-only leaves the track Services out")
    void routesOnly() {
        CliRun run = CliRun.of("render", CliRun.CANARY, "--routes-only");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(services(run.out())).isEmpty();
        assertThat(routes("istio", run.out())).hasSize(2);
    }

    @Test
    @DisplayName("--step out of range is a command-line error listing every split the rollout writes")
    void aStepOutOfRangeListsTheSteps() {
        CliRun run = CliRun.of("render", CliRun.CANARY, "--step", 99);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--step: 99 must be 1 to ").contains("1  stable 90% / canary 10%")
                .contains("stable 50% / canary 50%");
    }

    @Test
    @DisplayName("--step and a split given by hand exclude each other")
    void stepAndWeightExcludeEachOther() {
        CliRun run = CliRun.of("render", CliRun.CANARY, "--step", 1, "--weight", 20);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--step picks one of the spec's splits");
    }
}
