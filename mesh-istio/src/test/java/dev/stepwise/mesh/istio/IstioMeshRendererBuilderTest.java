package dev.stepwise.mesh.istio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problem;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The renderer's options: their defaults, and every invalid one reported at once. */
class IstioMeshRendererBuilderTest {

    private static final RouteTarget TARGET = RouteTarget.of("shop", "podinfo");

    @Test
    void byDefaultBothResourcesAreNamedAfterTheServiceInV1() {
        IstioMeshRenderer renderer = IstioMeshRenderer.of(TARGET);

        assertThat(renderer.target()).isEqualTo(TARGET);
        assertThat(renderer.resources()).extracting(r -> r.apiVersion() + " " + r.kind() + " " + r.namespace() + "/" + r.name())
                .containsExactly("networking.istio.io/v1 DestinationRule shop/podinfo",
                        "networking.istio.io/v1 VirtualService shop/podinfo");
    }

    @Test
    void everyInvalidOptionIsReportedAtOnce() {
        IstioMeshRenderer.Builder builder = IstioMeshRenderer.builder(TARGET).apiVersion("networking.istio.io/v1alpha3")
                .virtualServiceName("Podinfo").destinationRuleName("").hosts(List.of()).gateways(Arrays.asList("a", null))
                .subset(Track.CANARY, "stable").subset(Track.BASELINE, "Base_line");

        assertThatThrownBy(builder::build).isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Istio mesh renderer for RouteTarget[shop/podinfo")
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).extracting(Problem::toString).containsExactly(
                        "apiVersion: \"networking.istio.io/v1alpha3\" must be networking.istio.io/v1 or networking.istio.io/v1beta1",
                        "virtualServiceName: \"Podinfo\" must be a DNS-1123 subdomain",
                        "destinationRuleName: \"\" must be a DNS-1123 subdomain",
                        "hosts: [] must hold at least 1 entry",
                        "gateways: [a, null] must not hold empty entries",
                        "subsets.baseline: \"Base_line\" must be a DNS-1123 label",
                        "subsets: {stable=stable, canary=stable, baseline=Base_line} must name a different subset for each track"));
    }

    @Test
    void anOptionSetTwiceFailsAtOnce() {
        IstioMeshRenderer.Builder builder = IstioMeshRenderer.builder(TARGET).hosts(List.of("a"));

        assertThatThrownBy(() -> builder.hosts(List.of("b"))).isInstanceOf(InvalidValueException.class)
                .hasMessage("hosts: set twice must be set at most once");
    }

    @Test
    void aTargetIsRequired() {
        assertThatThrownBy(() -> IstioMeshRenderer.builder(null)).hasMessage("target: null is required");
    }

    @Test
    void v1beta1MayBeChosenAndNamesTheResources() {
        IstioMeshRenderer renderer = IstioMeshRenderer.builder(TARGET).apiVersion(IstioMeshRenderer.V1BETA1_API_VERSION)
                .virtualServiceName("podinfo.routes").build();

        assertThat(renderer.resources()).extracting(r -> r.apiVersion() + " " + r.name())
                .containsExactly("networking.istio.io/v1beta1 podinfo", "networking.istio.io/v1beta1 podinfo.routes");
    }
}
