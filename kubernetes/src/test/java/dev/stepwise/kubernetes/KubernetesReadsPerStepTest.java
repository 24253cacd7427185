package dev.stepwise.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.spi.Verification;
import dev.stepwise.traffic.TrafficSplit;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What one engine step (apply the split, then verify it) costs in requests to the API server, for
 * a route in one resource written through {@link KubernetesManifestSink}, after the first step.
 */
@EnableKubernetesMockClient(crud = true)
@DisplayName("KubernetesManifestSink: API requests per step")
class KubernetesReadsPerStepTest {

    static final String ROUTES = "/api/v1/namespaces/test/configmaps/routes";

    KubernetesClient client;
    KubernetesMockServer server;
    private MeshTrafficRouter router;

    @BeforeEach
    void firstStep() {
        router = MeshTrafficRouter.of(new ConfigMapKeyRenderer("test", "routes"),
                KubernetesManifestSink.builder(client).sleeper(new RecordingSleeper()).build());
        router.apply(TrafficSplit.canary(10));
        router.verify(TrafficSplit.canary(10));
        RecordedRequests.drain(server);
    }

    @Test
    @DisplayName("a step reads the route once and updates it once; verify answers from the update's response")
    void oneStep() {
        router.apply(TrafficSplit.canary(20));

        assertThat(router.verify(TrafficSplit.canary(20))).isEqualTo(Verification.VERIFIED);
        // the GET gives the resourceVersion that makes the PUT a compare-and-set; the PUT's response
        // is the object as stored, so reading it back needs no second GET
        assertThat(RecordedRequests.lines(server)).containsExactly("GET " + ROUTES, "PUT " + ROUTES);
    }

    @Test
    @DisplayName("a verify after the read-back reads the API server again: someone may have changed the route since")
    void laterVerifyReads() {
        router.apply(TrafficSplit.canary(20));
        router.verify(TrafficSplit.canary(20));
        RecordedRequests.drain(server);
        client.configMaps().inNamespace("test").withName("routes")
                .edit(cm -> {
                    cm.getData().put(ConfigMapKeyRenderer.KEY, "70/30/0");
                    return cm;
                });
        RecordedRequests.drain(server);

        assertThat(router.verify(TrafficSplit.canary(20))).isEqualTo(Verification.PENDING);
        assertThat(RecordedRequests.lines(server)).containsExactly("GET " + ROUTES);
    }

    @Test
    @DisplayName("the read before a write always asks the API server, even right after our own write")
    void readBeforeWriteAlwaysAsks() {
        router.apply(TrafficSplit.canary(20));
        RecordedRequests.drain(server);

        router.apply(TrafficSplit.canary(30));

        assertThat(RecordedRequests.lines(server)).containsExactly("GET " + ROUTES, "PUT " + ROUTES);
        assertThat(router.current()).isEqualTo(TrafficSplit.canary(30));
    }
}
