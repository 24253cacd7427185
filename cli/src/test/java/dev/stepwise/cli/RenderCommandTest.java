package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.tck.crd.CrdSchemaValidator;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.TrafficSplit;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenderCommandTest {

    private static final CrdSchemaValidator CRDS = CrdSchemaValidator.forCrds(List.of(
            "istio/virtualservices.networking.istio.io.yaml", "istio/destinationrules.networking.istio.io.yaml",
            "kuma/v2.14/kuma.io_meshhttproutes.yaml", "kuma/v2.14/kuma.io_trafficroutes.yaml",
            "gateway-api/gateway.networking.k8s.io_httproutes.yaml"));
    private static final CrdSchemaValidator KUMA_V3 = CrdSchemaValidator.forCrds(List.of(
            "kuma/v3-preview/kuma.io_meshhttproutes.yaml"));

    static List<Manifest> documents(String yaml) {
        assertThat(yaml).startsWith("---\n");
        return Arrays.stream(yaml.substring(4).split("\n---\n")).map(Manifest::parse).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"istio, 2", "kuma, 1", "kuma-v3, 1", "kuma-legacy, 1", "gateway-api, 1"})
    void everyMeshRendersValidResourcesThatReadBackAsTheAskedSplit(String mesh, int documents) {
        CliRun run = CliRun.of("render", CliRun.CANARY, "--mesh", mesh, "--canary-weight", 30, "--port", 9898,
                "--routes-only");

        assertThat(run.exit()).as(run.err()).isZero();
        List<Manifest> manifests = documents(run.out());
        assertThat(manifests).hasSize(documents);
        for (Manifest manifest : manifests) {
            assertThat((mesh.equals("kuma-v3") ? KUMA_V3 : CRDS).problems(manifest)).as(manifest.toYaml()).isEmpty();
            assertThat(manifest.ref().name()).startsWith("podinfo");
        }
        MeshRenderer renderer = MeshChoice.of(mesh).renderer(RouteTarget.builder("test", "podinfo").port(9898).build());
        assertThat(renderer.parse(manifests)).contains(TrafficSplit.canary(30));
    }

    @Test
    void anABTestSplitWithAMirrorRendersForIstio() {
        CliRun run = CliRun.of("render", CliRun.CANARY, "--mesh", "istio", "--canary-weight", 0,
                "--match-header", "x-canary=insider", "--match-header", "x-beta=yes", "--mirror", 50, "--routes-only");

        assertThat(run.exit()).as(run.err()).isZero();
        // the port is the spec's service.port
        MeshRenderer renderer = MeshChoice.ISTIO.renderer(RouteTarget.builder("test", "podinfo").port(9898).build());
        assertThat(renderer.parse(documents(run.out()))).contains(TrafficSplit.allStable().withMirror(50).withMatches(List.of(
                RouteMatch.toCanary(MatchCondition.header("x-canary", Operator.EXACT, "insider")),
                RouteMatch.toCanary(MatchCondition.header("x-beta", Operator.EXACT, "yes")))));
    }

    @Test
    void withoutMeshOrPortTheSpecsProviderPortHostsAndGatewaysAreUsed() {
        CliRun run = CliRun.of("render", CliRun.CANARY, "--canary-weight", 30, "--routes-only");

        assertThat(run.exit()).as(run.err()).isZero();
        List<Manifest> manifests = documents(run.out());
        assertThat(manifests).extracting(m -> m.ref().kind()).containsExactlyInAnyOrder("VirtualService", "DestinationRule");
        manifests.forEach(manifest -> assertThat(CRDS.problems(manifest)).as(manifest.toYaml()).isEmpty());
        assertThat(run.out()).contains("number: 9898").contains("- podinfo.test").contains("- mesh");
    }

    @Test
    void portOverridesTheSpecsPort() {
        CliRun run = CliRun.of("render", CliRun.CANARY, "--mesh", "gateway-api", "--canary-weight", 30, "--port", 8080);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("port: 8080").doesNotContain("9898");
    }

    @Test
    void theSpecsParentRefsAndApiVersionShapeAGatewayApiRoute() {
        CliRun run = CliRun.of("render", CliRun.SPECS.resolve("blue-green.yaml"), "--canary-weight", 0, "--routes-only");

        assertThat(run.exit()).as(run.err()).isZero();
        List<Manifest> manifests = documents(run.out());
        manifests.forEach(manifest -> assertThat(CRDS.problems(manifest)).as(manifest.toYaml()).isEmpty());
        assertThat(run.out()).contains("gateway.networking.k8s.io/v1").contains("name: public")
                .contains("namespace: gateways").contains("sectionName: https").contains("- shop.example.com")
                .contains("port: 80");
    }

    @Test
    void aSpecWithoutProviderNeedsMesh() {
        CliRun run = CliRun.of("render", CliRun.SPECS.resolve("rolling.yaml"), "--canary-weight", 10);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("set spec.provider in the spec or pass --mesh");
    }

    @Test
    void aMeshThatCannotRunTheSpecsStrategyIsRefusedWithTheReason() {
        CliRun run = CliRun.of("render", CliRun.SPECS.resolve("ab-test.yaml"), "--mesh", "kuma-legacy",
                "--canary-weight", 0, "--port", 9898);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("cannot run on kuma-legacy: router cannot match requests by header or cookie");
    }

    @Test
    void aSplitTheMeshCannotRouteIsRefusedWithTheReason() {
        CliRun run = CliRun.of("render", CliRun.CANARY, "--mesh", "kuma-legacy", "--canary-weight", 10,
                "--port", 9898, "--mirror", 10);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("cannot render for kuma-legacy: router cannot mirror traffic, but the split given by hand"
                + " mirrors 10% of stable traffic to the canary (--weight, --match-header, --mirror)");
    }

    @Test
    void aMeshNeedingAPortSaysSoInTheSpecsWords() {
        CliRun run = CliRun.of("render", CliRun.SPECS.resolve("rolling.yaml"), "--mesh", "gateway-api", "--canary-weight", 10);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("cannot render for gateway-api: gateway-api routes to a Service port;"
                + " set spec.service.port in the spec (or pass --port)").doesNotContain("RouteTarget");
    }

    @Test
    void aWeightOutOfRangeNamesTheOptionAndTheRange() {
        CliRun run = CliRun.of("render", CliRun.CANARY, "--mesh", "istio", "--canary-weight", 150);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--weight: 150 must be 0 to 100");
    }

    @Test
    void aHeaderMatchWithoutAValueIsRefused() {
        CliRun run = CliRun.of("render", CliRun.CANARY, "--mesh", "istio", "--canary-weight", 0, "--match-header", "x-canary");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--match-header").contains("NAME=VALUE");
    }

    @Test
    void anUnknownMeshIsACommandLineErrorListingTheMeshes() {
        CliRun run = CliRun.of("render", CliRun.CANARY, "--mesh", "linkerd", "--canary-weight", 10);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("unknown mesh 'linkerd'; expected one of istio, kuma, kuma-v3, kuma-legacy, gateway-api");
    }

    @Test
    void anInvalidSpecIsReportedWithItsProblems() {
        CliRun run = CliRun.of("render", CliRun.SPECS.resolve("missing.yaml"), "--mesh", "istio", "--canary-weight", 10);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("cannot read: no such file");
    }
}
