package dev.stepwise.mesh.istio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.Manifest;
import org.junit.jupiter.api.Test;

/** The strict schema check used by the renderer's tests catches what the API server would drop or refuse. */
class IstioSchemasTest {

    private static final String VALID = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: podinfo, namespace: shop}
            spec:
              hosts: [podinfo]
              http:
              - name: stepwise
                route:
                - destination: {host: podinfo, subset: stable}
                  weight: 100
            """;

    @Test
    void aVirtualServiceStepwiseWouldWriteIsValid() {
        assertThat(IstioSchemas.violations(Manifest.parse(VALID))).isEmpty();
    }

    @Test
    void aMisspeltFieldIsAViolation() {
        Manifest misspelt = Manifest.parse(VALID.replace("weight: 100", "wieght: 100"));

        assertThat(IstioSchemas.violations(misspelt)).anySatisfy(v -> assertThat(v).contains("wieght"));
    }

    @Test
    void aValueOfTheWrongTypeIsAViolation() {
        Manifest wrongType = Manifest.parse(VALID.replace("weight: 100", "weight: \"100\""));

        assertThat(IstioSchemas.violations(wrongType)).isNotEmpty();
    }

    @Test
    void aHeaderMatchWithTwoOperatorsIsAViolation() {
        Manifest twoOperators = Manifest.parse(VALID.replace("  route:\n", "  match:\n    - headers: {x-user: {exact: a, prefix: b}}\n    route:\n"));

        assertThat(IstioSchemas.violations(twoOperators)).isNotEmpty();
    }
}
