package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.engine.InMemoryStateStore;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.mesh.GitOpsSyncedTrafficRouter;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.traffic.TrafficSplit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole canaries in GitOps mode against a real bare repository: the Istio renderer through
 * {@link GitManifestSink} on {@link JGitBackend}, the engine on virtual time, metrics measured at
 * the split the remote's {@code main} holds. The history is read back with plain JGit.
 */
@DisplayName("GitOps end to end")
class GitOpsEndToEndTest {

    static final List<TrafficSplit> HEALTHY = List.of(TrafficSplit.canary(10), TrafficSplit.canary(20),
            TrafficSplit.canary(30), TrafficSplit.canary(40), TrafficSplit.canary(50), TrafficSplit.allStable());

    @TempDir
    Path dir;
    private BareRepository remote;
    private GitOpsRollout podinfo;

    @BeforeEach
    void createRepository() {
        remote = BareRepository.create(dir);
        podinfo = GitOpsRollout.of(remote, "podinfo");
    }

    @AfterEach
    void close() {
        podinfo.close();
    }

    @Test
    @DisplayName("a healthy canary: one commit per traffic change, with its weights in the files and its step in the trailers")
    void healthyCanary() {
        podinfo.start(SimulatedService.ofDefaults(), new InMemoryStateStore(), podinfo.router());

        StoredRollout end = podinfo.runToEnd();

        assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
        List<BareRepository.Commit> steps = podinfo.stepCommits();
        assertThat(steps).extracting(c -> podinfo.splitAt(c.id())).containsExactlyElementsOf(HEALTHY);
        assertThat(steps).extracting(BareRepository.Commit::subject).containsExactly(
                "test/podinfo: canary 0% -> 10% (advance)", "test/podinfo: canary 10% -> 20% (advance)",
                "test/podinfo: canary 20% -> 30% (advance)", "test/podinfo: canary 30% -> 40% (advance)",
                "test/podinfo: canary 40% -> 50% (advance)", "test/podinfo: canary 50% -> 0% (finalize)");
        assertThat(steps).allSatisfy(c -> assertThat(c.trailers()).containsEntry("Stepwise-Rollout", "test/podinfo")
                .containsKeys("Stepwise-Step", "Stepwise-Decision", "Stepwise-Split"));
        assertThat(steps).as("the canary's step index, then the promotion's").extracting(c -> c.trailers().get("Stepwise-Step"))
                .containsExactly("0", "1", "2", "3", "4", "1");
        assertThat(steps.get(1).message()).contains("- request-success-rate: ", "(Pass)");
        assertThat(remote.history()).filteredOn(BareRepository.Commit::isStepwise).hasSize(steps.size() + 1)
                .last().satisfies(setUp -> assertThat(setUp.subject()).isEqualTo("test/podinfo: canary 0% kept (route set up or repaired)"));
    }

    @Test
    @DisplayName("a failing canary ends with a rollback commit: 100% stable, decision roll back, the failed verdicts in the body")
    void failingCanary() {
        podinfo.start(SimulatedService.builder().canaryErrorProbability(0.5).build(), new InMemoryStateStore(),
                podinfo.router());

        StoredRollout end = podinfo.runToEnd();

        assertThat(end.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        List<BareRepository.Commit> steps = podinfo.stepCommits();
        assertThat(steps).extracting(c -> podinfo.splitAt(c.id()))
                .containsExactly(TrafficSplit.canary(10), TrafficSplit.allStable());
        BareRepository.Commit rollback = steps.get(1);
        assertThat(rollback.subject()).isEqualTo("test/podinfo: canary 10% -> 0% (roll back)");
        assertThat(rollback.trailers()).containsEntry("Stepwise-Decision", "roll back")
                .containsEntry("Stepwise-Split", "stable 100% / canary 0%");
        assertThat(rollback.message()).containsPattern("- request-success-rate: [0-9.]+ \\(Fail: ");
        assertThat(podinfo.splitAtHead()).isEqualTo(TrafficSplit.allStable());
    }

    @Test
    @DisplayName("an engine restarted from GitStateStore alone (new engine, new working copy, same remote) finishes the rollout")
    void restartFromGitStateStore() {
        podinfo.start(SimulatedService.ofDefaults(), podinfo.stateStore(), podinfo.router());
        podinfo.runUntil(rec -> rec.state().split().canary() == 30 && rec.isCommitted());
        podinfo.close();

        GitOpsRollout restarted = GitOpsRollout.restartedFrom(podinfo);
        try {
            restarted.start(SimulatedService.ofDefaults(), restarted.stateStore(), restarted.router());
            StoredRollout end = restarted.runToEnd();

            assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
            assertThat(restarted.stepCommits()).extracting(c -> restarted.splitAt(c.id())).containsExactlyElementsOf(HEALTHY);
            assertThat(restarted.events).noneMatch(RolloutEvent.Failed.class::isInstance);
            assertThat(remote.history()).anyMatch(c -> c.trailers().containsKey(GitStateStore.VERSION_TRAILER));
        } finally {
            restarted.close();
        }
    }

    @Test
    @DisplayName("with the reconciliation check, each analysis waits until the cluster shows the split Git holds")
    void reconciliationCheck() {
        ClusterSync cluster = new ClusterSync(podinfo);
        podinfo.start(SimulatedService.ofDefaults(), new InMemoryStateStore(),
                GitOpsSyncedTrafficRouter.of(podinfo.router(), cluster.sink()));

        StoredRollout end = podinfo.runToEnd();

        assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(podinfo.events).filteredOn(RolloutEvent.AwaitingVerification.class::isInstance)
                .extracting(e -> ((RolloutEvent.AwaitingVerification) e).split())
                .containsAll(HEALTHY.subList(0, 5));
        assertThat(cluster.syncs()).isGreaterThanOrEqualTo(5);
        assertThat(podinfo.stepCommits()).extracting(c -> podinfo.splitAt(c.id())).containsExactlyElementsOf(HEALTHY);
    }

    @Test
    @DisplayName("with pull requests, each step is a branch stepwise/test-podinfo/<step>; the analysis waits until a person merges it")
    void pullRequests() {
        podinfo.close();
        podinfo = GitOpsRollout.of(remote, "podinfo", GitManifestSink.Delivery.PULL_REQUEST);
        Reviewer reviewer = new Reviewer(remote, podinfo.scheduler);
        podinfo.start(SimulatedService.ofDefaults(), new InMemoryStateStore(), podinfo.router());

        StoredRollout end = podinfo.runToEnd();
        reviewer.mergeOpenPullRequests();

        assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(remote.branches()).filteredOn(b -> b.startsWith("stepwise/test-podinfo/")).hasSizeGreaterThanOrEqualTo(7);
        assertThat(podinfo.stepCommits()).extracting(c -> podinfo.splitAt(c.id())).containsExactlyElementsOf(HEALTHY);
        assertThat(remote.history()).filteredOn(c -> c.parents() == 2).hasSize(reviewer.merged().size());
        assertThat(podinfo.events).filteredOn(RolloutEvent.AwaitingVerification.class::isInstance)
                .extracting(e -> ((RolloutEvent.AwaitingVerification) e).split())
                .containsAll(HEALTHY.subList(0, 5));
    }
}
