package dev.stepwise.mesh.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.testkit.crd.CrdSchemaValidator;
import java.util.List;

/** What the Gateway API tests share: the target, the real HTTPRoute CRD and its validator. */
final class HttpRouteFixtures {

    /** The HTTPRoute CRD (standard channel) under the shared CRD folder. */
    static final String CRD = "gateway-api/gateway.networking.k8s.io_httproutes.yaml";

    /** {@code test/podinfo} at port 9898, Flagger's Service names, route {@code stepwise}. */
    static final RouteTarget TARGET = RouteTarget.builder("test", "podinfo").port(9898).build();

    private static final CrdSchemaValidator VALIDATOR = CrdSchemaValidator.forCrds(List.of(CRD));

    private HttpRouteFixtures() {
    }

    /** Asserts that every manifest is valid against the real CRD, undeclared fields included. */
    static void assertValid(List<Manifest> manifests) {
        for (Manifest manifest : manifests) {
            assertThat(VALIDATOR.problems(manifest)).as("%s%n%s", manifest.ref(), manifest.toYaml()).isEmpty();
        }
    }

    /** The only manifest of {@code manifests}. */
    static Manifest single(List<Manifest> manifests) {
        assertThat(manifests).hasSize(1);
        return manifests.get(0);
    }
}
