package dev.stepwise.mesh.istio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.kubernetes.ConfigMapStateStore;
import dev.stepwise.kubernetes.DeploymentWorkload;
import dev.stepwise.kubernetes.KubernetesManifestSink;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.spi.Workload;
import dev.stepwise.tck.kubernetes.MockCluster;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's "Routing real traffic" snippet, compiled and run against the mock API server. */
class ReadmeMeshTest {

    @Test
    void theReadmeSnippetRoutesAndScalesOnACluster() throws Exception {
        try (MockCluster cluster = MockCluster.start("istio/destinationrules.networking.istio.io.yaml",
                "istio/virtualservices.networking.istio.io.yaml")) {
            cluster.deploy("test", "podinfo-primary", 2, "stable", "podinfo:1");
            cluster.deploy("test", "podinfo", 1, "canary", "podinfo:2");
            KubernetesClient client = cluster.client();   // README: new KubernetesClientBuilder().build()
            // --- the README snippet
            RouteTarget target = RouteTarget.builder("test", "podinfo").port(9898).build();
            TrafficRouter router = MeshTrafficRouter.of(IstioMeshRenderer.of(target), KubernetesManifestSink.of(client));
            Workload workload = DeploymentWorkload.builder(client, "test", "podinfo").build();
            StateStore store = ConfigMapStateStore.of(client, "stepwise-system");
            // ---
            router.reconcile();
            router.apply(TrafficSplit.canary(10));
            workload.scale(Track.CANARY, 50);

            assertThat(router.current()).isEqualTo(TrafficSplit.canary(10));
            assertThat(cluster.replicas("test", "podinfo")).isEqualTo(1);
            assertThat(store.ids()).isEmpty();
        }
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).contains("""
                RouteTarget target = RouteTarget.builder("test", "podinfo").port(9898).build();
                TrafficRouter router = MeshTrafficRouter.of(IstioMeshRenderer.of(target), KubernetesManifestSink.of(client));
                Workload workload = DeploymentWorkload.builder(client, "test", "podinfo").build();
                StateStore store = ConfigMapStateStore.of(client, "stepwise-system");
                """);
    }
}
