package dev.stepwise.mesh.istio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.traffic.TrafficSplit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Over every split of {@link IstioFixtures#splits()}, for a new service, a user's own resources
 * (stored as v1, also for a renderer writing v1beta1), with and without a port: what is rendered reads back as the split, rendering again changes
 * nothing, and every resource is valid against Istio's CRD schema.
 */
class IstioMeshRendererRoundTripTest {

    private static final List<IstioMeshRenderer> RENDERERS = List.of(
            IstioMeshRenderer.of(IstioFixtures.TARGET),
            IstioMeshRenderer.of(RouteTarget.of("shop", "podinfo")),
            IstioMeshRenderer.builder(IstioFixtures.TARGET).apiVersion(IstioMeshRenderer.V1BETA1_API_VERSION).build());

    static List<Arguments> splits() {
        return IstioFixtures.splits();
    }

    @DisplayName("parse(render(split)) is the split")
    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void whatIsRenderedReadsBackAsTheSplit(String name, TrafficSplit split) {
        for (IstioMeshRenderer renderer : RENDERERS) {
            for (List<Manifest> existing : List.of(List.<Manifest>of(), IstioFixtures.userResources())) {
                List<Manifest> rendered = renderer.render(split, existing);
                assertThat(renderer.parse(rendered)).as("%s over %s", renderer, existing).contains(split);
                assertThat(renderer.parse(reversed(rendered))).contains(split);
            }
        }
    }

    @DisplayName("rendering a split over its own rendering gives the same resources")
    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void renderingIsIdempotent(String name, TrafficSplit split) {
        for (IstioMeshRenderer renderer : RENDERERS) {
            for (List<Manifest> existing : List.of(List.<Manifest>of(), IstioFixtures.userResources())) {
                List<Manifest> once = renderer.render(split, existing);
                List<Manifest> twice = renderer.render(split, once);
                assertThat(twice).isEqualTo(once);
                assertThat(twice).extracting(Manifest::toYaml).isEqualTo(once.stream().map(Manifest::toYaml).toList());
            }
        }
    }

    @DisplayName("a split rendered over another split's resources is that split, with nothing left of the other")
    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void renderingOverAnotherSplitReplacesIt(String name, TrafficSplit split) {
        IstioMeshRenderer renderer = RENDERERS.get(0);
        List<Manifest> other = renderer.render(TrafficSplit.canaryWithBaseline(10).withMirror(30)
                .withMatches(IstioFixtures.everyOperator()), IstioFixtures.userResources());

        assertThat(renderer.render(split, other)).isEqualTo(renderer.render(split, IstioFixtures.userResources()));
    }

    @DisplayName("every rendered resource is valid against Istio's CRD schema for its apiVersion")
    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void everyRenderedResourceIsValid(String name, TrafficSplit split) {
        for (IstioMeshRenderer renderer : RENDERERS) {
            for (List<Manifest> existing : List.of(List.<Manifest>of(), IstioFixtures.userResources())) {
                for (Manifest manifest : renderer.render(split, existing)) {
                    assertThat(IstioFixtures.SCHEMAS.problems(manifest)).as("%s", manifest).isEmpty();
                }
            }
        }
    }

    private static List<Manifest> reversed(List<Manifest> manifests) {
        List<Manifest> reversed = new ArrayList<>(manifests);
        Collections.reverse(reversed);
        return reversed;
    }
}
