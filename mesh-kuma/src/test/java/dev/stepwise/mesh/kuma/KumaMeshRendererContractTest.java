package dev.stepwise.mesh.kuma;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.traffic.TrafficSplit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The MeshRenderer contract for every Kuma flavour: round trip, idempotence, CRD validity, foreign content. */
class KumaMeshRendererContractTest {

    @ParameterizedTest
    @EnumSource(KumaFlavour.class)
    @DisplayName("every split the API can route reads back as itself")
    void everySplitReadsBack(KumaFlavour flavour) {
        KumaMeshRenderer renderer = flavour.renderer();
        for (TrafficSplit split : Splits.all(flavour.routesMatches())) {
            assertThat(renderer.parse(renderer.render(split, List.of()))).as("%s", split).contains(split);
        }
    }

    @ParameterizedTest
    @EnumSource(KumaFlavour.class)
    @DisplayName("every rendered resource is valid against the real CRD of its Kuma version")
    void everyRenderedResourceIsValid(KumaFlavour flavour) {
        KumaMeshRenderer renderer = flavour.renderer();
        for (TrafficSplit split : Splits.all(flavour.routesMatches())) {
            Manifest manifest = renderer.render(split, List.of()).get(0);
            assertThat(flavour.crd().problems(manifest)).as("%s\n%s", split, manifest.toYaml()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(KumaFlavour.class)
    @DisplayName("rendering a split over its own output changes nothing")
    void renderingIsIdempotent(KumaFlavour flavour) {
        KumaMeshRenderer renderer = flavour.renderer();
        for (TrafficSplit split : Splits.all(flavour.routesMatches())) {
            List<Manifest> once = renderer.render(split, List.of());
            assertThat(renderer.render(split, once)).as("%s", split).isEqualTo(once);
            assertThat(renderer.render(split, once).get(0).toYaml()).isEqualTo(once.get(0).toYaml());
        }
    }

    @ParameterizedTest
    @EnumSource(KumaFlavour.class)
    @DisplayName("moving from one split to another over the stored route gives what a fresh render gives")
    void renderingOverAnotherSplitEqualsAFreshRender(KumaFlavour flavour) {
        KumaMeshRenderer renderer = flavour.renderer();
        List<TrafficSplit> splits = Splits.all(flavour.routesMatches());
        List<Manifest> stored = renderer.render(TrafficSplit.allStable(), List.of());
        for (TrafficSplit split : splits) {
            List<Manifest> next = renderer.render(split, stored);
            assertThat(next.get(0).toYaml()).as("%s", split).isEqualTo(renderer.render(split, List.of()).get(0).toYaml());
            stored = next;
        }
    }

    @ParameterizedTest
    @EnumSource(KumaFlavour.class)
    @DisplayName("labels, annotations, resourceVersion and unknown fields a user or Kuma added are kept")
    void foreignContentIsKept(KumaFlavour flavour) {
        KumaMeshRenderer renderer = flavour.renderer();
        ObjectNode edited = renderer.render(TrafficSplit.canary(10), List.of()).get(0).json();
        ObjectNode metadata = (ObjectNode) edited.get("metadata");
        metadata.put("resourceVersion", "4711");
        metadata.putObject("annotations").put("team", "payments");
        metadata.with("labels").put("app", "podinfo");
        ((ObjectNode) edited.get("spec")).put("x-added-by-kuma", true);

        Manifest rendered = renderer.render(TrafficSplit.canary(50), List.of(Manifest.of(edited))).get(0);

        assertThat(rendered.resourceVersion()).isEqualTo("4711");
        assertThat(rendered.at("/metadata/annotations/team").asText()).isEqualTo("payments");
        assertThat(rendered.at("/metadata/labels/app").asText()).isEqualTo("podinfo");
        assertThat(rendered.at("/spec/x-added-by-kuma").asBoolean()).isTrue();
        assertThat(renderer.parse(List.of(rendered))).contains(TrafficSplit.canary(50));
    }

    @ParameterizedTest
    @EnumSource(value = KumaFlavour.class, names = "TRAFFIC_ROUTE", mode = EnumSource.Mode.EXCLUDE)
    @DisplayName("another service's to[] entry keeps its place and content, and ours is updated in place")
    void otherServicesEntriesAreKept(KumaFlavour flavour) {
        KumaMeshRenderer renderer = flavour.renderer();
        KumaMeshRenderer other = flavour.renderer(RouteTarget.builder("test", "orders").port(9898).build());
        ObjectNode othersEntry = (ObjectNode) other.render(TrafficSplit.canary(30), List.of()).get(0).json().at("/spec/to/0");
        ObjectNode stored = renderer.render(TrafficSplit.canary(10), List.of()).get(0).json();
        stored.withArray("/spec/to").insert(0, othersEntry);

        Manifest rendered = renderer.render(TrafficSplit.canary(60), List.of(Manifest.of(stored))).get(0);

        assertThat(rendered.at("/spec/to")).hasSize(2);
        assertThat(rendered.at("/spec/to/0")).isEqualTo(othersEntry);
        assertThat(renderer.parse(List.of(rendered))).contains(TrafficSplit.canary(60));
    }

    @ParameterizedTest
    @EnumSource(KumaFlavour.class)
    @DisplayName("with no resource, or only other resources, there is no split yet")
    void missingRouteParsesEmpty(KumaFlavour flavour) {
        KumaMeshRenderer renderer = flavour.renderer();
        Manifest unrelated = Manifest.parse("{apiVersion: v1, kind: Service, metadata: {name: podinfo, namespace: test}}");
        assertThat(renderer.parse(List.of())).isEmpty();
        assertThat(renderer.parse(List.of(unrelated))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = KumaFlavour.class, names = "TRAFFIC_ROUTE", mode = EnumSource.Mode.EXCLUDE)
    @DisplayName("a route holding only other services' entries has no split for ours")
    void routeWithoutOurEntryParsesEmpty(KumaFlavour flavour) {
        KumaMeshRenderer renderer = flavour.renderer();
        ObjectNode stored = renderer.render(TrafficSplit.canary(10), List.of()).get(0).json();
        ObjectNode entry = (ObjectNode) stored.at("/spec/to/0");
        ((ObjectNode) entry.get("targetRef")).removeAll().put("kind", "MeshService").put("name", "orders");
        assertThat(renderer.parse(List.of(Manifest.of(stored)))).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @EnumSource(KumaFlavour.class)
    @DisplayName("render writes exactly the one resource it names, other given resources aside")
    void rendersTheResourceItNames(KumaFlavour flavour) {
        KumaMeshRenderer renderer = flavour.renderer();
        Manifest unrelated = Manifest.parse("{apiVersion: v1, kind: Service, metadata: {name: podinfo, namespace: test}}");
        List<Manifest> rendered = renderer.render(TrafficSplit.canary(10), List.of(unrelated));
        assertThat(rendered).map(Manifest::ref).containsExactlyElementsOf(renderer.resources());
        ResourceRef ref = renderer.resources().get(0);
        assertThat(ref.namespace()).isEqualTo(flavour == KumaFlavour.TRAFFIC_ROUTE ? "" : "test");
        assertThat(ref.name()).isEqualTo(flavour == KumaFlavour.TRAFFIC_ROUTE ? "podinfo-test-stepwise" : "podinfo-stepwise");
    }
}
