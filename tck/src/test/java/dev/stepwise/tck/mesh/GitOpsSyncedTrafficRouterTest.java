package dev.stepwise.tck.mesh;

import dev.stepwise.testkit.KeyValueRenderer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.GitOpsSyncedTrafficRouter;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.rollout.Decision;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.Verification;
import dev.stepwise.testkit.InMemoryManifestSink;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The sync check on its own: the written side (the repository) and the cluster are two in-memory
 * sinks; no Git is needed (the Git side is covered end to end in git-jgit's GitOpsEndToEndTest).
 */
@DisplayName("GitOpsSyncedTrafficRouter")
class GitOpsSyncedTrafficRouterTest {

    private final KeyValueRenderer renderer = new KeyValueRenderer(RouteTarget.of("test", "podinfo"));
    private final InMemoryManifestSink repository = new InMemoryManifestSink();
    private final InMemoryManifestSink cluster = new InMemoryManifestSink();
    private final GitOpsSyncedTrafficRouter router = GitOpsSyncedTrafficRouter.of(MeshTrafficRouter.of(renderer, repository), cluster);

    @Test
    @DisplayName("a split written but not yet synced to the cluster is PENDING; once the cluster holds it, VERIFIED")
    void pendingUntilSynced() {
        router.reconcile();
        syncCluster();
        router.apply(TrafficSplit.canary(10), change(3));

        assertThat(router.verify(TrafficSplit.canary(10))).isEqualTo(Verification.PENDING);

        syncCluster();

        assertThat(router.verify(TrafficSplit.canary(10))).isEqualTo(Verification.VERIFIED);
    }

    @Test
    @DisplayName("a cluster showing a split the repository does not hold is PENDING")
    void clusterAheadOfRepository() {
        router.reconcile();
        renderer.render(TrafficSplit.canary(40), List.of()).forEach(cluster::put);

        assertThat(router.verify(TrafficSplit.canary(40))).isEqualTo(Verification.PENDING);
    }

    @Test
    @DisplayName("a cluster without the resources yet is PENDING")
    void clusterWithoutResources() {
        router.reconcile();

        assertThat(router.verify(TrafficSplit.allStable())).isEqualTo(Verification.PENDING);
    }

    @Test
    @DisplayName("writes go to the repository only; current() is the repository's split")
    void writesGoToTheRepositoryOnly() {
        router.reconcile();
        router.apply(TrafficSplit.canary(20), change(4));

        assertThat(cluster.written()).isEmpty();
        assertThat(router.current()).isEqualTo(TrafficSplit.canary(20));
        assertThat(router.capabilities()).isEqualTo(renderer.capabilities());
        router.release();
        assertThat(router.current()).isEqualTo(TrafficSplit.allStable());
    }

    private void syncCluster() {
        for (Manifest manifest : repository.read(renderer.resources())) {
            cluster.put(manifest);
        }
    }

    private static StepNote change(int step) {
        return new StepNote("test/podinfo", step, step, Decision.ADVANCE, "analysis passed", List.of(),
                Instant.parse("2026-03-01T12:00:00Z"), false);
    }
}
