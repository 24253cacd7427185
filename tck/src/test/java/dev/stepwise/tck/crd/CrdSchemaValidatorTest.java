package dev.stepwise.tck.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.Manifest;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CrdSchemaValidatorTest {

    private final CrdSchemaValidator validator = CrdSchemaValidator.forCrds(List.of(
            "istio/virtualservices.networking.istio.io.yaml", "kuma/v2.14/kuma.io_trafficroutes.yaml"));

    private static final String VIRTUAL_SERVICE = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: podinfo, namespace: test}
            spec:
              hosts: [podinfo]
              http:
                - name: stepwise
                  route:
                    - destination: {host: podinfo, subset: stable, port: {number: 9898}}
                      weight: 90
                    - destination: {host: podinfo, subset: canary, port: {number: 9898}}
                      weight: 10
            """;

    @Test
    @DisplayName("a valid VirtualService has no problems")
    void validVirtualService() {
        assertThat(validator.problems(Manifest.parse(VIRTUAL_SERVICE))).isEmpty();
    }

    @Test
    @DisplayName("a field the schema does not declare is a problem, since the API server would drop it silently")
    void undeclaredFieldIsAProblem() {
        Manifest manifest = Manifest.parse(VIRTUAL_SERVICE.replace("weight: 10", "weight: 10\n      wieght: 3"));

        assertThat(validator.problems(manifest)).singleElement().asString().contains("wieght");
    }

    @Test
    @DisplayName("a value of the wrong type is a problem naming its path")
    void wrongTypeIsAProblem() {
        Manifest manifest = Manifest.parse(VIRTUAL_SERVICE.replace("weight: 90", "weight: ninety"));

        assertThat(validator.problems(manifest)).singleElement().asString().contains("/spec/http/0/route/0/weight");
    }

    @Test
    @DisplayName("a version the CRD does not serve is a problem listing the served ones")
    void unservedVersionIsAProblem() {
        Manifest manifest = Manifest.parse(VIRTUAL_SERVICE.replace("networking.istio.io/v1", "networking.istio.io/v2"));

        assertThat(validator.problems(manifest)).singleElement().asString()
                .contains("version v2 is not served").contains("v1beta1");
    }

    @Test
    @DisplayName("a kind without a CRD given is a problem")
    void unknownKindIsAProblem() {
        Manifest manifest = Manifest.parse(VIRTUAL_SERVICE.replace("kind: VirtualService", "kind: DestinationRule"));

        assertThat(validator.problems(manifest)).singleElement().asString().contains("no CRD given for kind DestinationRule");
    }

    @Test
    @DisplayName("a namespace on a cluster-scoped kind is a problem, and a schemaless spec takes any shape")
    void clusterScopedKind() {
        String trafficRoute = """
                apiVersion: kuma.io/v1alpha1
                kind: TrafficRoute
                mesh: default
                metadata: {name: podinfo%s}
                spec:
                  conf: {split: [{weight: 100, destination: {kuma.io/service: podinfo_test_svc_9898}}]}
                """;

        assertThat(validator.problems(Manifest.parse(trafficRoute.formatted("")))).isEmpty();
        assertThat(validator.problems(Manifest.parse(trafficRoute.formatted(", namespace: test"))))
                .singleElement().asString().contains("cluster-scoped");
    }
}
