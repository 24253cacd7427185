package dev.stepwise.mesh.kuma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.tck.crd.CrdSchemaValidator;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The testkit's schema check rejects the Kuma mistakes that matter here, or the validity tests would prove nothing. */
class KumaCrdSchemaTest {

    private static final CrdSchemaValidator ROUTES_2_14 = CrdSchemaValidator.forCrds(List.of("kuma/v2.14/kuma.io_meshhttproutes.yaml"));
    private static final CrdSchemaValidator ROUTES_3_0 = CrdSchemaValidator.forCrds(List.of("kuma/v3-preview/kuma.io_meshhttproutes.yaml"));
    private static final CrdSchemaValidator TRAFFIC_ROUTES = CrdSchemaValidator.forCrds(List.of("kuma/v2.14/kuma.io_trafficroutes.yaml"));

    private static final String ROUTE = """
            apiVersion: kuma.io/v1alpha1
            kind: MeshHTTPRoute
            metadata: {name: r, namespace: test}
            spec:
              targetRef: {kind: Mesh}
              to:
              - targetRef: {kind: MeshService, %s}
                rules:
                - matches: [{path: {type: PathPrefix, value: /}}]
                  default:
                    backendRefs: [{kind: %s, weight: %s}]
            """;

    @Test
    @DisplayName("a valid 2.14 route passes")
    void validRoutePasses() {
        Manifest route = Manifest.parse(ROUTE.formatted("name: podinfo", "MeshServiceSubset, name: p, tags: {version: v1}", "10"));
        assertThat(ROUTES_2_14.problems(route)).isEmpty();
    }

    @Test
    @DisplayName("an unknown field, a wrong enum value or a negative weight is a problem")
    void schemaViolationsAreProblems() {
        assertThat(ROUTES_2_14.problems(Manifest.parse(ROUTE.formatted("nme: podinfo", "MeshService, name: p", "1"))))
                .singleElement().asString().contains("nme");
        assertThat(ROUTES_2_14.problems(Manifest.parse(ROUTE.formatted("name: podinfo", "Service, name: p", "1"))))
                .singleElement().asString().contains("kind");
        assertThat(ROUTES_2_14.problems(Manifest.parse(ROUTE.formatted("name: podinfo", "MeshService, name: p", "-1"))))
                .singleElement().asString().contains("weight");
    }

    @Test
    @DisplayName("3.0 rejects what only 2.14 has: names and MeshServiceSubset")
    void version3RejectsNamesAndSubsets() {
        Manifest route = Manifest.parse(ROUTE.formatted("name: podinfo", "MeshServiceSubset, name: p, tags: {version: v1}", "10"));
        assertThat(ROUTES_3_0.problems(route)).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    @DisplayName("a TrafficRoute must be cluster-scoped and a MeshHTTPRoute namespaced")
    void scopeIsChecked() {
        Manifest namespaced = Manifest.parse("{apiVersion: kuma.io/v1alpha1, kind: TrafficRoute, metadata: {name: r, namespace: test}}");
        assertThat(TRAFFIC_ROUTES.problems(namespaced)).singleElement().asString().contains("cluster-scoped and takes no namespace");
        Manifest clusterScoped = Manifest.parse("{apiVersion: kuma.io/v1alpha1, kind: MeshHTTPRoute, metadata: {name: r}}");
        assertThat(ROUTES_2_14.problems(clusterScoped)).singleElement().asString().contains("namespaced and needs metadata.namespace");
    }
}
