package dev.stepwise.tck.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.kubernetes.KubernetesManifestSink;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ManifestConflictException;
import dev.stepwise.mesh.ResourceRef;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
@DisplayName("CrdRegistration: the meshes' real CRDs on the mock API server")
class CrdRegistrationTest {

    static final String ISTIO_VS = "istio/virtualservices.networking.istio.io.yaml";
    static final String KUMA_TRAFFIC_ROUTE = "kuma/v2.14/kuma.io_trafficroutes.yaml";

    KubernetesClient client;
    KubernetesManifestSink sink;

    @BeforeEach
    void register() {
        CrdRegistration.register(client, ISTIO_VS, KUMA_TRAFFIC_ROUTE);
        sink = KubernetesManifestSink.builder(client).sleeper(duration -> { }).build();
    }

    @Test
    @DisplayName("registers each CRD once, as read from shared/crds, scope included")
    void registersOnce() {
        List<CustomResourceDefinition> again = CrdRegistration.register(client, ISTIO_VS, KUMA_TRAFFIC_ROUTE);

        assertThat(again).extracting(crd -> crd.getMetadata().getName())
                .containsExactly("virtualservices.networking.istio.io", "trafficroutes.kuma.io");
        assertThat(again).extracting(crd -> crd.getSpec().getScope()).containsExactly("Namespaced", "Cluster");
        assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems()).hasSize(2);
    }

    @Test
    @DisplayName("lets the sink create, read and update an Istio VirtualService")
    void virtualService() {
        Manifest vs = Manifest.parse("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: podinfo, namespace: test}
                spec:
                  hosts: [podinfo]
                  http:
                  - name: stepwise
                    route:
                    - {destination: {host: podinfo, subset: stable}, weight: 100}
                """);

        createReadUpdate(vs, "/spec/http/0/route/0/weight");
    }

    @Test
    @DisplayName("lets the sink create, read and update a cluster-scoped Kuma TrafficRoute")
    void clusterScopedTrafficRoute() {
        Manifest route = Manifest.parse("""
                apiVersion: kuma.io/v1alpha1
                kind: TrafficRoute
                mesh: default
                metadata: {name: podinfo-stepwise}
                spec:
                  sources: [{match: {kuma.io/service: '*'}}]
                  destinations: [{match: {kuma.io/service: podinfo_test_svc_9898}}]
                  conf:
                    split:
                    - {weight: 100, destination: {kuma.io/service: podinfo_test_svc_9898, version: stable}}
                """);
        assertThat(route.ref().isClusterScoped()).isTrue();

        createReadUpdate(route, "/spec/conf/split/0/weight");

        assertThat(client.genericKubernetesResources("kuma.io/v1alpha1", "TrafficRoute").inAnyNamespace().list()
                .getItems()).singleElement().satisfies(r -> assertThat(r.getMetadata().getNamespace()).isNull());
    }

    @Test
    @DisplayName("fails clearly for a CRD that is not in shared/crds")
    void missingCrd() {
        assertThatThrownBy(() -> CrdRegistration.register(client, "istio/gateways.networking.istio.io.yaml"))
                .hasMessageContaining("CRD istio/gateways.networking.istio.io.yaml not found");
    }

    private void createReadUpdate(Manifest manifest, String weightPointer) {
        ResourceRef ref = manifest.ref();
        sink.write(List.of(manifest));

        Manifest read = sink.read(List.of(ref)).get(0);
        assertThat(read.at(weightPointer).asInt()).isEqualTo(100);
        ObjectNode changed = read.json();
        ((ObjectNode) changed.at(weightPointer.substring(0, weightPointer.lastIndexOf('/')))).put("weight", 90);
        sink.write(List.of(Manifest.of(changed)));

        assertThat(sink.read(List.of(ref))).singleElement().satisfies(m -> {
            assertThat(m.at(weightPointer).asInt()).isEqualTo(90);
            assertThat(m.ref()).isEqualTo(ref);
        });
        assertThatThrownBy(() -> sink.write(List.of(Manifest.of(changed)))).as("the version read before the update")
                .isInstanceOf(ManifestConflictException.class);
    }
}
