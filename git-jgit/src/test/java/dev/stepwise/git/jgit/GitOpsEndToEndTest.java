package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.engine.InMemoryStateStore;
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
    @DisplayName("a healthy canary: one commit per traffic change, each commit's files holding its weights, then promoted")
    void healthyCanary() {
        podinfo.start(SimulatedService.ofDefaults(), new InMemoryStateStore(), podinfo.router());

        StoredRollout end = podinfo.runToEnd();

        assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
        remote.history().forEach(c -> System.out.println(c.id() + " " + c.author() + "\n" + c.message() + "--- " + podinfo.splitAt(c.id())));
        List<BareRepository.Commit> steps = podinfo.stepCommits();
        assertThat(steps).extracting(c -> podinfo.splitAt(c.id())).containsExactly(TrafficSplit.canary(10),
                TrafficSplit.canary(20), TrafficSplit.canary(30), TrafficSplit.canary(40), TrafficSplit.canary(50),
                TrafficSplit.allStable());
        assertThat(steps).extracting(BareRepository.Commit::subject).containsExactly(
                "test/podinfo: canary 0% -> 10% (advance)", "test/podinfo: canary 10% -> 20% (advance)",
                "test/podinfo: canary 20% -> 30% (advance)", "test/podinfo: canary 30% -> 40% (advance)",
                "test/podinfo: canary 40% -> 50% (advance)", "test/podinfo: canary 50% -> 0% (finalize)");

    }
}
