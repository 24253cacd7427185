package dev.stepwise.mesh.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.tck.crd.CrdSchemaValidator;
import java.util.List;

/** What the Gateway API tests share: the target, the real HTTPRoute CRD and its validator. */
final class HttpRouteFixtures {

    /** The HTTPRoute CRD (standard channel) under the shared CRD folder. */
    static final String CRD = "gateway-api/gateway.networking.k8s.io_httproutes.yaml";

    /** {@code test/podinfo} at port 9898, Flagger's Service names, route {@code stepwise}. */
    static final RouteTarget TARGET = RouteTarget.builder("test", "podinfo").port(9898).build();

    /** The user's route: their metadata, Gateway, hostnames, rules (one of them a catch-all), status. */
    static final Manifest USER_ROUTE = Manifest.parse("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: podinfo
              namespace: test
              labels: {team: payments}
              annotations: {example.com/owner: alice}
              resourceVersion: "4711"
              uid: 0b6d1f3e-8f0a-4c1e-9a57-3f2d0c8e5a11
            spec:
              parentRefs:
              - {name: public, namespace: ingress}
              hostnames: [podinfo.example.com]
              rules:
              - name: api
                matches: [{path: {type: PathPrefix, value: /api}}]
                timeouts: {request: 10s}
                backendRefs: [{name: podinfo-api, port: 8080}]
              - matches: [{path: {type: Exact, value: /healthz}}]
                backendRefs: [{name: podinfo-primary, port: 9898}]
            status:
              parents: []
            """);

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
